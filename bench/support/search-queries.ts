/**
 * Distinct search queries drawn from the synthetic catalog's vocabulary, as people type
 * them: prefixes while typing, whole words, two words, a word and a number, tags, and
 * German words in several forms (which reach English products through stems and the
 * catalog's glossary). Deterministic, shuffled, no query twice.
 */
import { GERMAN, TAGS, WORDS } from './synthetic-catalog.ts';

/** A small linear congruential generator: the same order on every run. */
function shuffled<T>(items: readonly T[], seed = 42): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function searchQueries(count: number): string[] {
  const queries = new Set<string>();
  const german = Object.values(GERMAN).flat();
  for (const word of [...WORDS, ...german])
    for (let n = 2; n <= word.length; n++) queries.add(word.slice(0, n));
  for (const tag of TAGS) queries.add(tag);
  for (const a of [...WORDS, ...german])
    for (const b of WORDS) if (a !== b) queries.add(`${a} ${b}`);
  for (let n = 0; queries.size < count; n++) queries.add(`${WORDS[n % WORDS.length]} ${n}`);
  return shuffled([...queries]).slice(0, count);
}
