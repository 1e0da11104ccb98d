import { CORE_SCHEMA, load } from 'js-yaml';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode, Pair } from 'yaml';
import type { DocPath, DocumentIssue, Finding } from '../findings/finding.ts';
import { formatPath } from '../findings/finding.ts';

export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * One parsed YAML file that remembers where every node came from, so that a problem found
 * in the data can be reported at its file:line:column.
 *
 * Parsed with the YAML 1.2 core schema: `2022-08-02` stays a string, as the ODCS/ODPS
 * JSON Schemas expect (a YAML 1.1 parser would turn it into a date).
 */
export interface SourceDocument {
  readonly file: string;
  readonly text: string;
  /** The plain data, or undefined when the file could not be parsed at all. */
  readonly data: unknown;
  /** YAML syntax errors and warnings, already placed. */
  readonly syntaxFindings: readonly Finding[];
  /** Position of the node at `path`; of its key when `atKey`; of the deepest existing ancestor otherwise. */
  locate(path: DocPath, atKey?: boolean): Position;
  /** Places document issues in this file. */
  place(issues: readonly DocumentIssue[]): Finding[];
}

const START: Position = { line: 1, column: 1 };

/**
 * Constructs the fast path leaves to the full parser: anchors and aliases (the full parser
 * bounds alias expansion), tags, merge keys and directives. A plain `&`, `*` or `!` inside
 * words (R&D, COUNT(*), "Hello!") does not match; one after a space does, which only costs
 * speed, never correctness.
 */
const NEEDS_FULL_PARSER = /(^|[\s[{,])[&*!]|<<|^%/m;

/**
 * Parses a YAML file. Valid files, by far the common case, take a fast path: js-yaml with
 * the YAML 1.2 core schema gives the data about 2.5x faster than the `yaml` library, whose
 * positions are only needed once a finding has to be placed — so the full parse runs
 * lazily, on the first `locate`. Anything the fast parser rejects or that uses the
 * constructs above goes straight to the full parser, which then reports the syntax errors
 * at their position. `test/yaml/source-document.test.ts` pins that both give the same data.
 */
export function parseSourceDocument(file: string, text: string): SourceDocument {
  const fast = fastParse(text);
  if (!fast.ok) return fullParse(file, text);
  let full: SourceDocument | undefined;
  const positions = (): SourceDocument => (full ??= fullParse(file, text));
  return {
    file,
    text,
    data: fast.data,
    syntaxFindings: [],
    locate: (path, atKey) => positions().locate(path, atKey),
    place: (issues) => (issues.length === 0 ? [] : positions().place(issues)),
  };
}

function fastParse(text: string): { ok: true; data: unknown } | { ok: false } {
  if (NEEDS_FULL_PARSER.test(text)) return { ok: false };
  try {
    // `json: false`: a duplicate key is an error, as in the full parser.
    const data = load(text, { schema: CORE_SCHEMA, json: false });
    // An empty file is null in the full parser; undefined would mean "did not parse".
    return { ok: true, data: data === undefined ? null : data };
  } catch {
    return { ok: false };
  }
}

/** The full parse with the `yaml` library: data, syntax findings and node positions. */
function fullParse(file: string, text: string): SourceDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    schema: 'core',
    prettyErrors: false,
    uniqueKeys: true,
    keepSourceTokens: false,
  });

  const positionAt = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const syntaxFindings: Finding[] = [];
  for (const error of doc.errors) {
    const at = positionAt(error.pos[0]);
    syntaxFindings.push({
      severity: 'error',
      code: 'yaml-syntax',
      message: `YAML syntax error: ${firstLine(error.message)}`,
      file,
      ...at,
      path: '$',
      hint: yamlHint(error.code),
    });
  }
  for (const warning of doc.warnings) {
    const at = positionAt(warning.pos[0]);
    syntaxFindings.push({
      severity: 'warning',
      code: 'yaml-warning',
      message: `YAML warning: ${firstLine(warning.message)}`,
      file,
      ...at,
      path: '$',
      hint: 'Check the YAML at this position; the parser accepted it but it may not mean what you intended.',
    });
  }

  const fatal = doc.errors.length > 0;
  let data: unknown;
  if (!fatal) {
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // Aliases that expand without bound (a "billion laughs" file) are refused, not built.
      syntaxFindings.push({
        severity: 'error',
        code: 'yaml-alias-limit',
        message: `YAML aliases expand too far: ${firstLine(error instanceof Error ? error.message : String(error))}.`,
        file,
        line: 1,
        column: 1,
        path: '$',
        hint: 'Write the repeated parts out, or use fewer nested aliases (at most 100 expansions).',
      });
    }
  }

  const nodePosition = (node: YamlNode | null | undefined): Position | undefined =>
    node?.range ? positionAt(node.range[0]) : undefined;

  const locate = (path: DocPath, atKey = false): Position => {
    let node: unknown = doc.contents;
    let best: Position = nodePosition(doc.contents) ?? START;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p: Pair) => keyOf(p.key) === String(segment));
        if (!pair) return best;
        const keyPos = nodePosition(pair.key as YamlNode);
        if (last && atKey && keyPos) return keyPos;
        node = pair.value;
        best = nodePosition(pair.value as YamlNode) ?? keyPos ?? best;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item: unknown = node.items[segment];
        if (item === undefined) return best;
        node = item;
        best = nodePosition(item as YamlNode) ?? best;
      } else {
        return best;
      }
    }
    return best;
  };

  const place = (issues: readonly DocumentIssue[]): Finding[] =>
    issues.map((i) => ({
      severity: i.severity,
      code: i.code,
      message: i.message,
      file,
      ...locate(i.path, i.atKey ?? false),
      path: formatPath(i.path),
      hint: i.hint,
    }));

  return { file, text, data, syntaxFindings, locate, place };
}

function keyOf(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (isPair(key)) return undefined;
  return typeof key === 'string' ? key : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'Remove or rename one of the two keys: a key may appear only once in a mapping.';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'Check the indentation: nested keys must be indented more than their parent, with spaces, not tabs.';
    case 'TAB_AS_INDENT':
      return 'Replace the tab with spaces: YAML does not allow tabs for indentation.';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'A key must fit on one line; check for a missing colon or an unclosed quote above.';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'UNEXPECTED_TOKEN':
      return 'Check for a missing colon, a stray character or an unclosed quote or bracket near this position.';
    default:
      return 'Fix the YAML syntax at this position (an online YAML checker or your editor can help).';
  }
}
