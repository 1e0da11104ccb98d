/**
 * A pattern candidate from a bounded sample of a text column: each value is read as runs of
 * upper-case letters, lower-case letters, digits and single punctuation characters; when
 * every sampled value has the same runs, the pattern spells each run as its class with the
 * run's length (or the range of lengths), and keeps a run's text only where every sample
 * has the same text there (`WS` in `^WS[0-9]{8}$`). The candidate is a guess: the engine
 * then checks it against every row (profile-sql.ts, `patternCheckSql`), and only a pattern
 * that all values match is suggested.
 *
 * The result is ECMA-262 in the subset every dialect's `regexMatches` translates the same
 * way: anchors, ASCII classes, counted repetitions and plain characters. A value with any
 * other character (letters beyond ASCII, quotes, brackets, backslashes) gives no candidate.
 */

/** Fewer distinct sampled values than this say nothing about a shape. */
export const MIN_PATTERN_SAMPLES = 5;
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
  const parts = first.map((run, i) => {
    if (run.cls === 'punct') return PUNCTUATION[run.text] ?? '';
    const texts = shapes.map((runs) => runs[i]?.text ?? '');
    // A letter run that is the same everywhere is a fixed prefix or infix (`WS`, `DE`);
    // digits stay a class, as a constant digit in a sample of codes is likely chance.
    if (run.cls !== 'digit' && texts.every((t) => t === run.text)) return run.text;
    const lengths = texts.map((t) => t.length);
    const lo = Math.min(...lengths);
    const hi = Math.max(...lengths);
    return `${CLASS_REGEX[run.cls]}${lo === hi ? `{${lo}}` : `{${lo},${hi}}`}`;
  });
  return `^${parts.join('')}$`;
}
