import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemGerman } from '@orama/stemmers/german';

/**
 * The stems of a word, lower-cased, in the two languages the portal speaks: German
 * ("bestellungen" → "bestell", "kunden" → "kund") and English ("customers" → "custom").
 * Both are Snowball stemmers from `@orama/stemmers` (pure JavaScript, one small module per
 * language). A word is not known to be German or English, so it gets both stems; a wrong
 * language's stem only adds a term that rarely matches anything else.
 */
export function stemsOf(word: string): string[] {
  const lower = word.toLowerCase();
  const german = stemGerman(lower);
  const english = stemEnglish(lower);
  return german === english ? [german] : [german, english];
}
