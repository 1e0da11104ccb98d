import { CORE_SCHEMA, load } from 'js-yaml';
import { LineCounter, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { Document, Node as YamlNode, Pair, YAMLMap } from 'yaml';
import type { CodeParams } from '../findings/codes.ts';
import { issue } from '../findings/codes.ts';
import type { DocPath, DocumentIssue, Finding } from '../findings/finding.ts';
import { formatPath } from '../findings/finding.ts';
import { YAML_CATALOGUE, syntaxHint } from './catalogue.ts';
import { MAX_DEPTH, composeYaml } from './compose-yaml.ts';

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

/** At most this many syntax errors per file are listed; later ones mostly follow from the first. */
const MAX_SYNTAX_FINDINGS = 10;

/** The full parse with the `yaml` library: data, syntax findings and node positions. */
function fullParse(file: string, text: string): SourceDocument {
  const lineCounter = new LineCounter();
  const { doc, problems } = composeYaml(text, lineCounter);

  const positionAt = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const finding = <K extends keyof typeof YAML_CATALOGUE>(
    code: K,
    params: CodeParams<(typeof YAML_CATALOGUE)[K]>,
    offset: number,
  ): Finding => {
    const { path: _path, atKey: _atKey, ...rest } = issue(YAML_CATALOGUE, code, params, []);
    return { ...rest, file, ...positionAt(offset), path: '$' };
  };

  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  for (const p of problems) {
    if (p.kind === 'too-deep')
      errors.push(finding('yaml-too-deep', { limit: MAX_DEPTH }, p.offset));
    else if (p.kind === 'merge-tag') errors.push(finding('yaml-merge-tag', {}, p.offset));
    else if (p.kind === 'warning')
      warnings.push(finding('yaml-warning', { detail: firstLine(p.message ?? '') }, p.offset));
    else {
      const message = p.message ?? '';
      const at = doc ? openingOf(doc, p.code ?? '', message, p.offset) : p.offset;
      errors.push(
        finding(
          'yaml-syntax',
          { detail: firstLine(message), hint: syntaxHint(p.code ?? '', message) },
          at,
        ),
      );
    }
  }
  const syntaxFindings: Finding[] = [...errors.slice(0, MAX_SYNTAX_FINDINGS), ...warnings];
  if (errors.length > MAX_SYNTAX_FINDINGS) {
    const last = errors[MAX_SYNTAX_FINDINGS - 1]!;
    syntaxFindings.push({
      ...finding('yaml-more-errors', { count: errors.length - MAX_SYNTAX_FINDINGS }, 0),
      line: last.line,
      column: last.column,
    });
  }

  let data: unknown;
  if (doc && errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // Aliases that expand without bound (a "billion laughs" file) are refused, not built.
      const detail = firstLine(error instanceof Error ? error.message : String(error));
      syntaxFindings.push(finding('yaml-alias-limit', { detail }, 0));
    }
  }

  const nodePosition = (node: YamlNode | null | undefined): Position | undefined =>
    node?.range ? positionAt(node.range[0]) : undefined;

  // A lookup table per map, built on the first lookup: placing one finding per key of a
  // map of 32,000 keys must not scan the map each time.
  const byKey = new WeakMap<YAMLMap, Map<string, Pair>>();
  const pairOf = (map: YAMLMap, segment: string): Pair | undefined => {
    let index = byKey.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items) {
        const k = keyOf(p.key);
        if (k !== undefined && !index.has(k)) index.set(k, p);
      }
      byKey.set(map, index);
    }
    return index.get(segment);
  };

  const locate = (path: DocPath, atKey = false): Position => {
    if (!doc) return START;
    let node: unknown = doc.contents;
    let best: Position = nodePosition(doc.contents) ?? START;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = pairOf(node, String(segment));
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

/**
 * The parser reports an unclosed quote where the text ends; the user needs the line where
 * the quote opens, which is where the quoted scalar containing that offset starts.
 */
function openingOf(doc: Document.Parsed, code: string, message: string, offset: number): number {
  if (code !== 'MISSING_CHAR' || !/quote/i.test(message)) return offset;
  let opening = offset;
  visit(doc, {
    Scalar(_key, node) {
      const range = node.range;
      if (
        range &&
        (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') &&
        range[0] < offset &&
        offset <= range[2]
      ) {
        opening = range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return opening;
}

function keyOf(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (isPair(key)) return undefined;
  return typeof key === 'string' ? key : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
