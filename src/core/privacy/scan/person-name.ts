/**
 * Person names: "Vorname Nachname", "Nachname, Vorname", with titles, middle names,
 * particles (von, van der, de) and double names, or one name alone (a `vorname` column).
 * A value is a name when it has a name's shape AND one of its parts is a known first or
 * last name (`person-names-data.ts`); the shape alone is not enough, since product names
 * and city names have it too — unless the column's own name says it holds names, which is
 * `nameShaped` for the classifier to weigh.
 */
import { FIRST_NAMES_TEXT, LAST_NAMES_TEXT } from './person-names-data.ts';

const ASCII = /^[\x20-\x7e]*$/;

/** ä → ae, ö → oe, ü → ue, ß → ss and accents dropped, lower case: how the lists are kept. */
export function foldName(word: string): string {
  // Most names are plain ASCII; the Unicode folding below is the slow path.
  if (ASCII.test(word)) return word.toLowerCase();
  return word
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/ı/g, 'i');
}

function listOf(text: string): ReadonlySet<string> {
  return new Set(
    text
      .split(/\s+/)
      .filter((w) => w !== '')
      .map(foldName),
  );
}

const FIRST_NAMES = listOf(FIRST_NAMES_TEXT);
const LAST_NAMES = listOf(LAST_NAMES_TEXT);

/** How many names the lists hold (documentation and the bench report it). */
export const NAME_LIST_SIZES = { first: FIRST_NAMES.size, last: LAST_NAMES.size } as const;

const TITLES = new Set(
  [
    'herr',
    'frau',
    'hr.',
    'fr.',
    'dr.',
    'prof.',
    'dipl.-ing.',
    'mag.',
    'ing.',
    'mr.',
    'mrs.',
    'ms.',
  ].map(foldName),
);
const PARTICLES = new Set([
  'von',
  'van',
  'de',
  'der',
  'den',
  'zu',
  'vom',
  'zum',
  'di',
  'da',
  'del',
  'la',
  'le',
  'ten',
  'ter',
  'el',
  'al',
  'dos',
  'da',
]);
/** Words that make a capitalised phrase a company or a thing, not a person. */
const NOT_A_PERSON = new Set(
  [
    'gmbh',
    'ag',
    'kg',
    'ohg',
    'ug',
    'se',
    'e.v.',
    'ev',
    'co.',
    'co',
    'ltd',
    'ltd.',
    'inc',
    'inc.',
    'llc',
    'mbh',
    'gbr',
    'kgaa',
    'stiftung',
    'verein',
    'gruppe',
    'holding',
    'bank',
    'sparkasse',
    'versicherung',
    'zoll',
    'set',
  ].map(foldName),
);

/**
 * One capitalised name word, double names with a hyphen, apostrophes (O'Brien, D'Angelo),
 * or the same in capitals ("MÜLLER", as older systems store names).
 */
const NAME_WORD =
  /^\p{Lu}[\p{Ll}'’]*\p{Ll}(?:-\p{Lu}[\p{Ll}'’]*\p{Ll})*$|^\p{Lu}[\p{Lu}'’]*\p{Lu}(?:-\p{Lu}[\p{Lu}'’]*\p{Lu})*$/u;

/** Any case, for columns whose name says names ("anna müller" typed in by hand). */
const ANY_CASE_WORD = /^\p{L}[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*$/u;

const MAX_LENGTH = 80;
/** Digits, `@`, `/`, `_`, `:` never stand in a person's name: the cheap early no. */
const NEVER_IN_NAMES = /[\d@/_:]/;

/** The name words of a value in first-last order, or undefined when it is not name-shaped. */
function nameWords(value: string, anyCase = false): string[] | undefined {
  let v = value.trim();
  if (v.length === 0 || v.length > MAX_LENGTH || NEVER_IN_NAMES.test(v)) return undefined;
  const comma = v.split(',');
  if (comma.length > 2) return undefined;
  if (comma.length === 2) v = `${comma[1]!.trim()} ${comma[0]!.trim()}`;
  const words: string[] = [];
  for (const token of v.split(/\s+/)) {
    const folded = foldName(token);
    if (TITLES.has(folded) && words.length === 0) continue;
    if (NOT_A_PERSON.has(folded)) return undefined;
    if (PARTICLES.has(folded) && words.length > 0) continue;
    if (!(anyCase ? ANY_CASE_WORD : NAME_WORD).test(token)) return undefined;
    words.push(token);
  }
  return words.length >= 1 && words.length <= 4 ? words : undefined;
}

/** Shaped like a person's name (capitalised words, particles, titles), known or not. */
export function isNameShaped(value: string): boolean {
  return nameWords(value) !== undefined;
}

function known(words: readonly string[]): boolean {
  if (words.length === 1) {
    const only = foldName(words[0]!);
    return FIRST_NAMES.has(only) || LAST_NAMES.has(only);
  }
  const first = foldName(words[0]!);
  const last = foldName(words[words.length - 1]!);
  // A double first name ("Karl-Heinz") counts by its first part when the whole is unknown.
  const firstPart = first.split('-')[0]!;
  if (FIRST_NAMES.has(first) || FIRST_NAMES.has(firstPart) || LAST_NAMES.has(last)) return true;
  // "Schmidt Anna": last name first, as lists sorted by surname write it.
  return words.length === 2 && LAST_NAMES.has(first) && FIRST_NAMES.has(last);
}

/** A known name in any case ("anna müller"): for columns whose name says they hold names. */
export function isPersonNameAnyCase(value: string): boolean {
  const words = nameWords(value, true);
  return words !== undefined && known(words);
}

/** A person's name: name-shaped with a known first name, a known last name, or both. */
export function isPersonName(value: string): boolean {
  const words = nameWords(value);
  return words !== undefined && known(words);
}
