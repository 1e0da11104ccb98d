import type { z } from 'zod';
import { defineCatalogue, issue } from '../findings/codes.ts';
import type { DocPath, DocumentIssue } from '../findings/finding.ts';
import { formatPath } from '../findings/finding.ts';
import { closest } from '../text/suggest.ts';
import { knownKeysAt } from './known-keys.ts';

/**
 * Turns Zod issues from the standards' models into DocumentIssues with stable codes.
 *
 * A model adds its own codes through `ctx.addIssue({ code: 'custom', message, params:
 * { code, hint } })`; `params.code` must be kebab-case and becomes the finding's code.
 */
export const structureCodes = defineCatalogue({
  'unknown-property': {
    severity: 'error',
    message: (p: { key: string; at: string; standard: string }) =>
      `Unknown property "${p.key}" at ${p.at}: ${p.standard} does not define it here.`,
    hint: (p: { near: string | undefined }) =>
      p.near !== undefined
        ? `Did you mean "${p.near}"?`
        : 'Check the spelling and indentation against the standard; put settings of your own into customProperties (a list of { property, value }).',
  },
  'missing-required': {
    severity: 'error',
    message: (p: { key: string; at: string }) =>
      `Required property "${p.key}" is missing at ${p.at}.`,
    hint: (p: { key: string; at: string }) => `Add "${p.key}" to the object at ${p.at}.`,
  },
  'wrong-type': {
    severity: 'error',
    message: (p: { at: string; expected: string; received: string }) =>
      `Expected ${p.expected} at ${p.at}, found ${p.received}.`,
    hint: (p: { expected: string }) =>
      `Write ${p.expected} here (quote values that must stay strings).`,
  },
  'invalid-value': {
    severity: 'error',
    message: (p: { at: string; value: string; allowed: string }) =>
      `Invalid value ${p.value} at ${p.at}; allowed: ${p.allowed}.`,
    hint: (p: { allowed: string }) => `Use one of ${p.allowed}.`,
  },
  'invalid-format': {
    severity: 'error',
    message: (p: { at: string; value: string; format: string }) =>
      `Value ${p.value} at ${p.at} is not a valid ${p.format}.`,
    hint: (p: { format: string }) => `Write a valid ${p.format}.`,
  },
  'out-of-range': {
    severity: 'error',
    message: (p: { at: string; detail: string }) => `Value at ${p.at} ${p.detail}.`,
    hint: (p: { detail: string }) =>
      `Change the value so that it ${p.detail.replace(/^is /, 'is not ')}.`,
  },
  'no-matching-form': {
    severity: 'error',
    message: (p: { at: string; forms: string }) =>
      `The value at ${p.at} matches none of the allowed forms (${p.forms}).`,
    hint: (p: { forms: string }) => `Rewrite it as one of: ${p.forms}.`,
  },
  'invalid-structure': {
    severity: 'error',
    message: (p: { at: string; detail: string }) => `${p.detail} (at ${p.at}).`,
    hint: () => 'Fix the value according to the standard.',
  },
});

export interface StructureOptions {
  /** Name of the standard for messages, e.g. "ODCS v3.1.0". */
  readonly standard: string;
}

/** The options and the schema checked against, which knows the keys an unknown one missed. */
interface Context extends StructureOptions {
  readonly schema: z.ZodType;
}

type Issue = z.core.$ZodIssue;

/** Validates `data` with `schema` and returns every problem as a DocumentIssue. */
export function checkStructure(
  schema: z.ZodType,
  data: unknown,
  options: StructureOptions,
): DocumentIssue[] {
  const result = schema.safeParse(data);
  if (result.success) return [];
  const out: DocumentIssue[] = [];
  const context: Context = { ...options, schema };
  for (const i of result.error.issues) out.push(...convert(i, [], data, context));
  return dedupe(out);
}

function convert(i: Issue, base: DocPath, root: unknown, options: Context): DocumentIssue[] {
  const path: DocPath = [...base, ...(i.path as (string | number)[])];
  const at = formatPath(path);
  const value = valueAt(root, path);
  switch (i.code) {
    case 'unrecognized_keys': {
      const present = new Set(Object.keys(value ?? {}));
      const known = knownKeysAt(options.schema, path).filter((k) => !present.has(k));
      return i.keys.map((key) =>
        issue(
          structureCodes,
          'unknown-property',
          { key, at, standard: options.standard, near: closest(key, known) },
          [...path, key],
          {
            atKey: true,
          },
        ),
      );
    }
    case 'invalid_type': {
      if (value === undefined && path.length > 0) {
        const key = String(path[path.length - 1]);
        const parent = path.slice(0, -1);
        return [issue(structureCodes, 'missing-required', { key, at: formatPath(parent) }, parent)];
      }
      return [
        issue(
          structureCodes,
          'wrong-type',
          { at, expected: describeExpected(i.expected), received: describeValue(value) },
          path,
        ),
      ];
    }
    case 'invalid_value':
      if (value === undefined && path.length > 0) {
        // A required enum or literal key (apiVersion, kind) is absent.
        const key = String(path[path.length - 1]);
        const parent = path.slice(0, -1);
        return [issue(structureCodes, 'missing-required', { key, at: formatPath(parent) }, parent)];
      }
      return [
        issue(
          structureCodes,
          'invalid-value',
          {
            at,
            value: describeValue(value),
            allowed: i.values.map((v) => JSON.stringify(v)).join(', '),
          },
          path,
        ),
      ];
    case 'invalid_format':
      return [
        issue(
          structureCodes,
          'invalid-format',
          {
            at,
            value: describeValue(value),
            format:
              i.format === 'regex' ? `value (must match ${i.pattern ?? 'the pattern'})` : i.format,
          },
          path,
        ),
      ];
    case 'too_small':
    case 'too_big':
      return [issue(structureCodes, 'out-of-range', { at, detail: rangeDetail(i) }, path)];
    case 'invalid_union':
      return convertUnion(i, path, root, options);
    case 'custom': {
      const params = (i.params ?? {}) as {
        code?: string;
        hint?: string;
        atKey?: boolean;
        severity?: 'error' | 'warning' | 'info';
      };
      return [
        {
          severity: params.severity ?? 'error',
          code: params.code ?? 'invalid-structure',
          message: i.message.includes('$') ? i.message : `${i.message} (at ${at})`,
          hint: params.hint ?? 'Fix the value according to the standard.',
          path,
          ...(params.atKey ? { atKey: true } : {}),
        },
      ];
    }
    default:
      return [issue(structureCodes, 'invalid-structure', { at, detail: i.message }, path)];
  }
}

/**
 * A failed union: when one branch got further than the others (fewer issues, or issues
 * deeper inside the value), its issues are the useful ones; when every branch failed on
 * the value's own type, one "none of the forms" issue says so.
 */
function convertUnion(
  i: Extract<Issue, { code: 'invalid_union' }>,
  path: DocPath,
  root: unknown,
  options: Context,
): DocumentIssue[] {
  if (valueAt(root, path) === undefined && path.length > 0) {
    // A required key whose value is a union (or the discriminator of one) is absent.
    const key = String(path[path.length - 1]);
    const parent = path.slice(0, -1);
    return [issue(structureCodes, 'missing-required', { key, at: formatPath(parent) }, parent)];
  }
  if (i.errors.length === 0) {
    // A discriminated union whose discriminator matched no option.
    const note = 'discriminator' in i ? i : undefined;
    const options_ = (note as { options?: unknown[] } | undefined)?.options;
    return [
      issue(
        structureCodes,
        'invalid-value',
        {
          at: formatPath(path),
          value: describeValue(valueAt(root, path)),
          allowed: options_
            ? options_
                .filter((o) => o !== undefined)
                .map((o) => JSON.stringify(o))
                .join(', ')
            : 'one of the documented values',
        },
        path,
      ),
    ];
  }
  const scored = i.errors.map((branch) => {
    const depth = Math.max(0, ...branch.map((b) => b.path.length));
    const typeOnly = branch.every(
      (b) => b.path.length === 0 && (b.code === 'invalid_type' || b.code === 'invalid_value'),
    );
    return { branch, depth, typeOnly };
  });
  const useful = scored.filter((s) => !s.typeOnly);
  if (useful.length === 0) {
    const forms = i.errors
      .map((branch) =>
        branch
          .map((b) => (b.code === 'invalid_type' ? describeExpected(b.expected) : b.message))
          .join(' & '),
      )
      .join(' | ');
    return [issue(structureCodes, 'no-matching-form', { at: formatPath(path), forms }, path)];
  }
  useful.sort((a, b) => b.depth - a.depth || a.branch.length - b.branch.length);
  const best = useful[0]!;
  return best.branch.flatMap((b) => convert(b, path, root, options));
}

function rangeDetail(i: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = i.code === 'too_small';
  const inclusive = i.inclusive !== false;
  const bound = String(small ? i.minimum : i.maximum);
  if (i.origin === 'array' || i.origin === 'set') {
    return small ? `has fewer than ${bound} item(s)` : `has more than ${bound} item(s)`;
  }
  if (i.origin === 'string')
    return small ? `is shorter than ${bound} character(s)` : `is longer than ${bound} character(s)`;
  if (small) return inclusive ? `is less than ${bound}` : `is not greater than ${bound}`;
  return inclusive ? `is greater than ${bound}` : `is not less than ${bound}`;
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'object':
      return 'an object (a mapping of keys)';
    case 'array':
      return 'a list';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'an integer';
    case 'boolean':
      return 'true or false';
    default:
      return expected;
  }
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function valueAt(root: unknown, path: DocPath): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function dedupe(issues: DocumentIssue[]): DocumentIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.code}|${formatPath(i.path)}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
