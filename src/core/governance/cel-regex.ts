import { RE2JS } from 're2js';

/**
 * CEL's `matches` with the regular expressions the CEL spec names: RE2 (its "Regular
 * expressions" section). cel-js implements `matches` with JavaScript's RegExp, which
 * rejects RE2's inline flags (`(?i)`) and accepts what RE2 forbids (backreferences,
 * lookaround), and it cannot be overridden: a second `string.matches(string)` overlaps the
 * built-in one. So every call of `matches` in a policy expression is renamed to
 * `matchRE`, an RE2 function registered beside it; the name has the same length, so
 * every character position in an error message still points into the expression as written.
 */
export const RE2_MATCHES = 'matchRE';

const CACHE_LIMIT = 256;
const compiled = new Map<string, RE2JS>();

/** Compiled once per pattern: a rule runs for every target, with the same pattern. */
function compileRe2(pattern: string): RE2JS {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `matches(): '${pattern}' is not an RE2 regular expression (${why}); CEL uses RE2, which has no backreferences or lookaround`,
      { cause: error },
    );
  }
  if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value!);
  compiled.set(pattern, regex);
  return regex;
}

/** CEL `matches`: the RE2 pattern matches some substring of the text (unanchored). */
export function re2Matches(text: string, pattern: string): boolean {
  return compileRe2(pattern).matcher(text).find();
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * The expression with each call of `matches` (the member `s.matches(p)` and the global
 * `matches(s, p)`) renamed to the RE2 function. String literals (quoted, triple-quoted,
 * raw) and comments are copied untouched, so only real calls change.
 */
export function useRe2Matches(expression: string): string {
  let out = '';
  let i = 0;
  while (i < expression.length) {
    const char = expression[i]!;
    if (char === '/' && expression[i + 1] === '/') {
      const end = expression.indexOf('\n', i);
      const stop = end < 0 ? expression.length : end;
      out += expression.slice(i, stop);
      i = stop;
      continue;
    }
    if (char === '"' || char === "'") {
      const stop = stringEnd(expression, i, isRawPrefix(expression, i));
      out += expression.slice(i, stop);
      i = stop;
      continue;
    }
    IDENTIFIER.lastIndex = i;
    const word = IDENTIFIER.exec(expression)?.[0];
    if (word !== undefined) {
      const after = expression.slice(i + word.length).trimStart();
      out += word === 'matches' && after.startsWith('(') ? RE2_MATCHES : word;
      i += word.length;
      continue;
    }
    out += char;
    i++;
  }
  return out;
}

/** `r'…'`, `R"…"`, `rb'…'`, `br'…'`: the identifier just before the quote holds an r. */
function isRawPrefix(expression: string, quote: number): boolean {
  let start = quote;
  while (start > 0 && /[rRbB]/.test(expression[start - 1]!)) start--;
  const prefix = expression.slice(start, quote);
  const before = start > 0 ? expression[start - 1]! : '';
  return /[rR]/.test(prefix) && prefix.length <= 2 && !/[A-Za-z0-9_]/.test(before);
}

/** The index just past the string literal that starts at `start`. */
function stringEnd(expression: string, start: number, raw: boolean): number {
  const quote = expression[start]!;
  const triple = expression.startsWith(quote.repeat(3), start);
  const closing = triple ? quote.repeat(3) : quote;
  let i = start + closing.length;
  while (i < expression.length) {
    if (!raw && expression[i] === '\\') {
      i += 2;
      continue;
    }
    if (expression.startsWith(closing, i)) return i + closing.length;
    if (!triple && expression[i] === '\n') return i;
    i++;
  }
  return expression.length;
}
