import { Composer, Lexer, Parser, isScalar, visit } from 'yaml';
import type { CST, Document, LineCounter } from 'yaml';

/** Nesting the parser accepts; deeper input is refused before any recursive step runs. */
export const MAX_DEPTH = 200;

const MERGE_TAG = 'tag:yaml.org,2002:merge';

/** A problem the composition found, at a character offset of the text. */
export interface ComposeProblem {
  readonly kind: 'syntax' | 'warning' | 'too-deep' | 'merge-tag';
  readonly offset: number;
  /** The parser's error code (syntax and warnings). */
  readonly code?: string;
  readonly message?: string;
}

export interface Composed {
  /** The first document, or null when the text nests too deep to be composed. */
  readonly doc: Document.Parsed | null;
  readonly problems: readonly ComposeProblem[];
}

/**
 * The `yaml` library's parseDocument, taken apart so that two of its costs are bounded:
 *
 * - Nesting depth. Its composer and `toJS` recurse per level, so 10,000 nested `[` overflow
 *   the stack; the CST parser below is iterative, and its stack is the nesting depth, so
 *   a file deeper than MAX_DEPTH is refused while it is lexed, before anything recurses.
 * - Duplicate keys. Its `uniqueKeys` check compares each new key with every earlier key of
 *   the map (quadratic: 32,000 keys took 12 s); the same check runs here with one Set per
 *   map, after composing with `uniqueKeys: false`.
 */
export function composeYaml(text: string, lineCounter: LineCounter): Composed {
  const parser = new Parser(lineCounter.addNewLine);
  const tokens: CST.Token[] = [];
  lineCounter.addNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > MAX_DEPTH)
      return { doc: null, problems: [{ kind: 'too-deep', offset: parser.offset }] };
  }
  for (const token of parser.end()) tokens.push(token);

  const composer = new Composer({
    schema: 'core',
    uniqueKeys: false,
    prettyErrors: false,
    keepSourceTokens: false,
  });
  let doc: Document.Parsed | null = null;
  let second: Document.Parsed | null = null;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      second = next;
      break;
    }
  }
  // compose(…, forceDoc = true) always yields at least one document.
  const first = doc!;
  const problems: ComposeProblem[] = [];
  for (const e of first.errors)
    problems.push({ kind: 'syntax', offset: e.pos[0], code: e.code, message: e.message });
  if (second)
    problems.push({
      kind: 'syntax',
      offset: second.range[0],
      code: 'MULTIPLE_DOCS',
      message: 'Source contains multiple documents; a mesh file holds one.',
    });
  problems.push(...nodeProblems(first, text));
  for (const w of first.warnings)
    problems.push({ kind: 'warning', offset: w.pos[0], code: w.code, message: w.message });
  return { doc: first, problems };
}

/** Duplicate keys (one Set per map: linear) and !!merge on a value, in one walk. */
function nodeProblems(doc: Document.Parsed, text: string): ComposeProblem[] {
  const problems: ComposeProblem[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        // Same equality as the library's own check: scalars by value, other keys by identity.
        const id = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(id)) {
          const range = (pair.key as { range?: [number, number, number] } | null)?.range;
          problems.push({
            kind: 'syntax',
            offset: range?.[0] ?? map.range?.[0] ?? 0,
            code: 'DUPLICATE_KEY',
            message: 'Map keys must be unique',
          });
        } else seen.add(id);
      }
    },
    Scalar(key, node) {
      if (key !== 'key' && node.tag === MERGE_TAG)
        problems.push({ kind: 'merge-tag', offset: tagOffset(text, node.range?.[0] ?? 0) });
    },
  });
  return problems;
}

/** Where the tag in front of a value starts (a node's range begins after its tag). */
function tagOffset(text: string, valueStart: number): number {
  let at = text.lastIndexOf('!', valueStart);
  if (at < 0 || text.slice(at, valueStart).includes('\n')) return valueStart;
  while (at > 0 && !/[\s[{,]/.test(text[at - 1]!)) at--;
  return at;
}
