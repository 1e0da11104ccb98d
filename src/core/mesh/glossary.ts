import { z } from 'zod';

/**
 * `glossary` in meshwork.yaml: groups of words that mean the same thing to the company,
 * across its languages (`{ terms: [kunde, customer, client] }`). The catalog's search finds
 * a product by any word of a group another word of which describes it.
 */
export const glossaryEntrySchema = z.strictObject({
  terms: z.array(z.string().min(1)).min(2),
  description: z.string().optional(),
});

export const glossarySchema = z.array(glossaryEntrySchema);

/**
 * The glossary's groups from meshwork.yaml's data as read (validation reports a broken
 * one; here what cannot be read is left out).
 */
export function glossaryGroups(organisation: unknown): string[][] {
  if (typeof organisation !== 'object' || organisation === null) return [];
  const glossary = (organisation as { glossary?: unknown }).glossary;
  if (!Array.isArray(glossary)) return [];
  const groups: string[][] = [];
  for (const entry of glossary) {
    const terms: unknown =
      typeof entry === 'object' && entry !== null
        ? (entry as { terms?: unknown }).terms
        : undefined;
    if (!Array.isArray(terms)) continue;
    const words = terms.filter((t): t is string => typeof t === 'string' && t.trim() !== '');
    if (words.length > 1) groups.push(words);
  }
  return groups;
}
