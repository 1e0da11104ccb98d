/**
 * Full-text search with facets over the catalog's products: an in-memory inverted index,
 * rebuilt whole on every sync (a mesh of 10,000 products indexes in well under a second).
 * Every query word must match (AND); a word matches a term that starts with it, so
 * results follow typing; exact matches and matches in names rank higher.
 */
export const FACETS = ['domain', 'status', 'tag', 'classification'] as const;
export type Facet = (typeof FACETS)[number];

export interface SearchDocument {
  readonly name: string;
  /** Field texts by weight: a match in a heavier field ranks higher. */
  readonly fields: readonly { readonly text: string; readonly weight: number }[];
  readonly facets: Readonly<Record<Facet, readonly string[]>>;
}

export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

export interface SearchQuery {
  readonly q?: string | undefined;
  /** Per facet the accepted values (any of them); absent or empty means no filter. */
  readonly filters?: Partial<Record<Facet, readonly string[]>>;
}

export interface SearchResult {
  /** Document numbers, best first. */
  readonly hits: readonly number[];
  readonly facets: Readonly<Record<Facet, readonly FacetCount[]>>;
}

const PREFIX_FACTOR = 0.5;

export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export class SearchIndex {
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly terms: string[];
  private readonly docs: readonly SearchDocument[];

  constructor(docs: readonly SearchDocument[]) {
    this.docs = docs;
    docs.forEach((doc, n) => {
      for (const field of doc.fields) {
        for (const term of tokenize(field.text)) {
          let list = this.postings.get(term);
          if (!list) this.postings.set(term, (list = new Map<number, number>()));
          list.set(n, Math.max(list.get(n) ?? 0, field.weight));
        }
      }
    });
    this.terms = [...this.postings.keys()].sort();
  }

  search(query: SearchQuery): SearchResult {
    const words = [...new Set(tokenize(query.q ?? ''))];
    const scores = words.length === 0 ? null : this.match(words);
    const candidates = scores ? [...scores.keys()] : this.docs.map((_, n) => n);
    const active = FACETS.filter((f) => (query.filters?.[f]?.length ?? 0) > 0);
    const accepted = Object.fromEntries(
      active.map((f) => [f, new Set(query.filters?.[f] ?? [])]),
    ) as Partial<Record<Facet, Set<string>>>;
    const counts = Object.fromEntries(FACETS.map((f) => [f, new Map<string, number>()])) as Record<
      Facet,
      Map<string, number>
    >;
    const hits: number[] = [];
    for (const n of candidates) {
      const doc = this.docs[n]!;
      const failing = active.filter((f) => !doc.facets[f].some((v) => accepted[f]!.has(v)));
      if (failing.length === 0) hits.push(n);
      // Facet counts are disjunctive: a facet's own filter does not narrow its counts.
      for (const f of FACETS) {
        if (failing.length > 1 || (failing.length === 1 && failing[0] !== f)) continue;
        for (const value of new Set(doc.facets[f]))
          counts[f].set(value, (counts[f].get(value) ?? 0) + 1);
      }
    }
    const byName = (a: number, b: number): number =>
      this.docs[a]!.name.localeCompare(this.docs[b]!.name);
    hits.sort(scores ? (a, b) => scores.get(b)! - scores.get(a)! || byName(a, b) : byName);
    const facets = Object.fromEntries(
      FACETS.map((f) => [
        f,
        [...counts[f]]
          .map(([value, count]) => ({ value, count }))
          .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
      ]),
    ) as Record<Facet, FacetCount[]>;
    return { hits, facets };
  }

  /** Documents matching every word, with their scores. */
  private match(words: readonly string[]): Map<number, number> {
    let result: Map<number, number> | null = null;
    for (const word of words) {
      const scores = new Map<number, number>();
      for (let i = this.lowerBound(word); i < this.terms.length; i++) {
        const term = this.terms[i]!;
        if (!term.startsWith(word)) break;
        const factor = term === word ? 1 : PREFIX_FACTOR;
        for (const [n, weight] of this.postings.get(term)!) {
          if (result && !result.has(n)) continue;
          scores.set(n, Math.max(scores.get(n) ?? 0, weight * factor));
        }
      }
      if (result) for (const [n, s] of scores) scores.set(n, s + result.get(n)!);
      result = scores;
      if (result.size === 0) break;
    }
    return result ?? new Map<number, number>();
  }

  private lowerBound(word: string): number {
    let lo = 0;
    let hi = this.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.terms[mid]! < word) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
