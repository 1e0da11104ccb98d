/**
 * A pattern candidate from a bounded sample of a text column: each value is read as runs of
 * upper-case letters, lower-case letters, digits and single punctuation characters; when
 * every sampled value has the same runs, the pattern spells each run as its class with the
 * run's length (or the range of lengths), and keeps a run's text only where every sample
 * has the same text there (`WS` in `^WS[0-9]{8}$`) and the run is at most
 * MAX_PATTERN_LITERAL_CHARS long — a longer run is data (`Hauptstr`), spelled as its class.
 * A sample whose values are mostly the same text (`lives at Hauptstr. 1` … `9`) is free text
 * that varies in a digit, no format: no candidate. The candidate is a guess: the engine
 * then checks it against every row (profile-sql.ts, `patternCheckSql`), and only a pattern
 * that all values match is suggested.
 *
 * The result is ECMA-262 in the subset every dialect's `regexMatches` translates the same
 * way: anchors, ASCII classes, counted repetitions and plain characters. A value with any
 * other character (letters beyond ASCII, quotes, brackets, backslashes) gives no candidate.
 */

/** Fewer distinct sampled values than this say nothing about a shape. */
export const MIN_PATTERN_SAMPLES = 5;
/**
 * A letter run the same in every sampled value is kept as text only up to this length: a
 * prefix (`WS`, `DE`, `INV`) is format; a longer run is copied data.
 */
export const MAX_PATTERN_LITERAL_CHARS = 3;
/** A value longer than this is prose, not a code. */
const MAX_PATTERN_VALUE_CHARS = 64;
/** A pattern of more runs than this reads as noise, not as a format. */
const MAX_RUNS = 12;

type RunClass = 'upper' | 'lower' | 'digit' | 'punct';

interface Run {
  readonly cls: RunClass;
  readonly text: string;
}

const CLASS_REGEX: Readonly<Record<Exclude<RunClass, 'punct'>, string>> = {
  upper: '[A-Z]',
  lower: '[a-z]',
  digit: '[0-9]',
};

/** Punctuation kept in a pattern, with how it is written there. */
const PUNCTUATION: Readonly<Record<string, string>> = {
  '-': '-',
  _: '_',
  '/': '/',
  ':': ':',
  ' ': ' ',
  '.': '[.]',
  '@': '@',
  '#': '#',
  ',': ',',
};

function classOf(char: string): RunClass | undefined {
  if (char >= 'A' && char <= 'Z') return 'upper';
  if (char >= 'a' && char <= 'z') return 'lower';
  if (char >= '0' && char <= '9') return 'digit';
  return char in PUNCTUATION ? 'punct' : undefined;
}

function runsOf(value: string): Run[] | undefined {
  const runs: Run[] = [];
  for (const char of value) {
    const cls = classOf(char);
    if (cls === undefined) return undefined;
    const last = runs[runs.length - 1];
    // Each punctuation character is a run of its own: `--` and `-` are different shapes.
    if (last !== undefined && last.cls === cls && cls !== 'punct') {
      runs[runs.length - 1] = { cls, text: last.text + char };
    } else runs.push({ cls, text: char });
  }
  return runs;
}

export function inferPattern(values: readonly (string | null)[]): string | undefined {
  const distinct = [...new Set(values.filter((v): v is string => typeof v === 'string'))];
  if (distinct.length < MIN_PATTERN_SAMPLES) return undefined;
  if (distinct.some((v) => v.length === 0 || v.length > MAX_PATTERN_VALUE_CHARS)) return undefined;
  const shapes: Run[][] = [];
  for (const value of distinct) {
    const runs = runsOf(value);
    if (runs === undefined || runs.length > MAX_RUNS) return undefined;
    shapes.push(runs);
  }
  const first = shapes[0];
  if (first === undefined) return undefined;
  const sameShape = shapes.every(
    (runs) =>
      runs.length === first.length &&
      runs.every((run, i) => {
        const other = first[i];
        return (
          other !== undefined &&
          run.cls === other.cls &&
          (run.cls !== 'punct' || run.text === other.text)
        );
      }),
  );
  if (!sameShape) return undefined;
  const textsAt = first.map((_, i) => shapes.map((runs) => runs[i]?.text ?? ''));
  const same = (i: number): boolean => (textsAt[i] ?? []).every((t) => t === first[i]?.text);
  // Letters and digits the same in every value: when they are most of a value, the column
  // holds one text with a detail varying, and any pattern of it copies that text.
  const alnum = first.filter((run) => run.cls !== 'punct');
  const constant = alnum.filter((run) => same(first.indexOf(run)));
  const chars = (runs: readonly Run[]): number => runs.reduce((n, run) => n + run.text.length, 0);
  if (chars(constant) * 2 > chars(alnum)) return undefined;
  const parts = first.map((run, i) => {
    if (run.cls === 'punct') return PUNCTUATION[run.text] ?? '';
    const texts = textsAt[i] ?? [];
    // A short letter run that is the same everywhere is a fixed prefix or infix (`WS`,
    // `DE`); digits stay a class, as a constant digit in a sample of codes is likely chance.
    if (run.cls !== 'digit' && same(i) && run.text.length <= MAX_PATTERN_LITERAL_CHARS)
      return run.text;
    const lengths = texts.map((t) => t.length);
    const lo = Math.min(...lengths);
    const hi = Math.max(...lengths);
    return `${CLASS_REGEX[run.cls]}${lo === hi ? `{${lo}}` : `{${lo},${hi}}`}`;
  });
  return `^${parts.join('')}$`;
}

/**
 * Whether a pattern spells no run of letters or digits longer than MAX_PATTERN_LITERAL_CHARS
 * outside its character classes and counts — the check `addProfile` repeats on what it is
 * given, so a pattern that copies data (`^lives at Hauptstr[.] [0-9]{1}$`) is never written.
 */
export function patternIsGeneral(pattern: string): boolean {
  const literal = pattern.replace(/\[[^\]]*\]/g, ' ').replace(/\{[^}]*\}/g, ' ');
  const longest = Math.max(0, ...(literal.match(/[A-Za-z0-9]+/g) ?? []).map((r) => r.length));
  return longest <= MAX_PATTERN_LITERAL_CHARS;
}
