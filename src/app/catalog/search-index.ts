/**
 * Full-text search with facets over the catalog's products: an in-memory inverted index,
 * rebuilt whole on every sync. Every query word must match (AND); a word matches a term
 * that starts with it, so results follow typing; it also matches a word of the same German
 * or English stem ("kunden" finds "Kunde", "orders" finds "order"), and, through the
 * mesh's glossary (meshwork.yaml), a word of the same meaning in the other language
 * ("kunden" finds "customers" when `kunde` and `customer` are one glossary entry). Exact
 * matches rank above stems, stems above prefixes and synonyms, and matches in names
 * higher. Facet counts are disjunctive: a facet's own filter does not narrow its counts.
 *
 * Built for a catalog of 10,000 products answering many people at once (bench/api.bench.ts):
 * postings and facet values are integer arrays, a query allocates a few typed arrays and
 * no per-document objects, and recent results are kept (the index is immutable, so a
 * cached result stays right until the next sync builds a new index).
 */
export const FACETS = ['domain', 'status', 'tag', 'classification'] as const;
export type Facet = (typeof FACETS)[number];

import { stemsOf } from '../../core/text/stems.ts';

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

export interface SearchOptions {
  /** Groups of words that mean the same (meshwork.yaml `glossary`, glossaryGroups). */
  readonly glossary?: readonly (readonly string[])[];
}

const PREFIX_FACTOR = 0.5;
const STEM_FACTOR = 0.75;
const SYNONYM_FACTOR = 0.4;
const CACHE_SIZE = 500;

export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

interface Postings {
  readonly docs: Int32Array;
  readonly weights: Float32Array;
}

interface FacetTable {
  readonly values: readonly string[];
  readonly ids: ReadonlyMap<string, number>;
  /** Per document, its distinct value ids. */
  readonly perDoc: readonly Int32Array[];
}

export class SearchIndex {
  private readonly postings = new Map<string, Postings>();
  /** By German and English stem of the indexed words. */
  private readonly stemPostings = new Map<string, Postings>();
  /** Per stem of a glossary word, the stems of every word of its entries. */
  private readonly synonyms = new Map<string, readonly string[]>();
  private readonly terms: string[];
  private readonly size: number;
  /** Documents in name order, and each document's place in it. */
  private readonly byName: Int32Array;
  private readonly rank: Int32Array;
  private readonly facetTables: Record<Facet, FacetTable>;
  private readonly cache = new Map<string, SearchResult>();

  /**
   * An index that crossed a thread boundary: structured clone keeps its fields (maps and
   * typed arrays) but not its class, which is given back here.
   */
  static revive(cloned: SearchIndex): SearchIndex {
    return Object.setPrototypeOf(cloned, SearchIndex.prototype) as SearchIndex;
  }

  constructor(docs: readonly SearchDocument[], options: SearchOptions = {}) {
    this.size = docs.length;
    const building = new Map<string, Map<number, number>>();
    docs.forEach((doc, n) => {
      for (const field of doc.fields) {
        for (const term of tokenize(field.text)) {
          let list = building.get(term);
          if (!list) building.set(term, (list = new Map<number, number>()));
          list.set(n, Math.max(list.get(n) ?? 0, field.weight));
        }
      }
    });
    const stemming = new Map<string, Map<number, number>>();
    for (const [term, list] of building) {
      this.postings.set(term, {
        docs: Int32Array.from(list.keys()),
        weights: Float32Array.from(list.values()),
      });
      for (const stem of stemsOf(term)) {
        let merged = stemming.get(stem);
        if (!merged) stemming.set(stem, (merged = new Map<number, number>()));
        for (const [n, weight] of list) merged.set(n, Math.max(merged.get(n) ?? 0, weight));
      }
    }
    for (const [stem, list] of stemming)
      this.stemPostings.set(stem, {
        docs: Int32Array.from(list.keys()),
        weights: Float32Array.from(list.values()),
      });
    for (const group of options.glossary ?? []) {
      const stems = [...new Set(group.flatMap((t) => tokenize(t).flatMap(stemsOf)))];
      for (const stem of stems)
        this.synonyms.set(stem, [...new Set([...(this.synonyms.get(stem) ?? []), ...stems])]);
    }
    this.terms = [...this.postings.keys()].sort();
    const collator = new Intl.Collator('en');
    this.byName = Int32Array.from(docs.keys()).sort((a, b) =>
      collator.compare(docs[a]!.name, docs[b]!.name),
    );
    this.rank = new Int32Array(this.size);
    this.byName.forEach((n, i) => (this.rank[n] = i));
    this.facetTables = Object.fromEntries(
      FACETS.map((f) => {
        const ids = new Map<string, number>();
        const perDoc = docs.map((doc) => {
          const own = new Set<number>();
          for (const value of doc.facets[f]) {
            if (!ids.has(value)) ids.set(value, ids.size);
            own.add(ids.get(value)!);
          }
          return Int32Array.from(own);
        });
        const table: FacetTable = { values: [...ids.keys()], ids, perDoc };
        return [f, table];
      }),
    ) as Record<Facet, FacetTable>;
  }

  search(query: SearchQuery): SearchResult {
    const words = [...new Set(tokenize(query.q ?? ''))].sort();
    const filters = FACETS.map((f) => [...new Set(query.filters?.[f] ?? [])].sort());
    const key = JSON.stringify([words, filters]);
    const cached = this.cache.get(key);
    if (cached) {
      // Re-inserted so the map's order is least recently used first.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const result = this.compute(words, filters);
    this.cache.set(key, result);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return result;
  }

  private compute(words: readonly string[], filters: readonly string[][]): SearchResult {
    const scores = words.length === 0 ? null : this.match(words);
    const candidates = scores
      ? Int32Array.from(this.byName.filter((n) => scores[n]! > 0))
      : this.byName;
    // Per facet with a filter, the accepted value ids; a document failing two filters
    // counts for no facet, failing one counts only for that one's facet.
    const accepted = FACETS.map((f, i) => {
      const values = filters[i]!;
      if (values.length === 0) return null;
      const table = this.facetTables[f];
      return new Set(values.flatMap((v) => (table.ids.has(v) ? [table.ids.get(v)!] : [-1])));
    });
    const counts = FACETS.map((f) => new Int32Array(this.facetTables[f].values.length));
    const hits: number[] = [];
    for (const n of candidates) {
      let failing = -1;
      let failures = 0;
      for (let i = 0; i < FACETS.length && failures < 2; i++) {
        const want = accepted[i];
        if (!want) continue;
        const own = this.facetTables[FACETS[i]!].perDoc[n]!;
        let passes = false;
        for (const id of own)
          if (want.has(id)) {
            passes = true;
            break;
          }
        if (!passes) {
          failing = i;
          failures++;
        }
      }
      if (failures === 0) hits.push(n);
      if (failures > 1) continue;
      for (let i = 0; i < FACETS.length; i++) {
        if (failures === 1 && failing !== i) continue;
        for (const id of this.facetTables[FACETS[i]!].perDoc[n]!) counts[i]![id]!++;
      }
    }
    if (scores) hits.sort((a, b) => scores[b]! - scores[a]! || this.rank[a]! - this.rank[b]!);
    const facets = Object.fromEntries(
      FACETS.map((f, i) => {
        const values = this.facetTables[f].values;
        const list: FacetCount[] = [];
        counts[i]!.forEach((count, id) => {
          if (count > 0) list.push({ value: values[id]!, count });
        });
        list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
        return [f, list];
      }),
    ) as Record<Facet, FacetCount[]>;
    return { hits, facets };
  }

  /** Per document the sum of its best match per word; 0 unless every word matched. */
  private match(words: readonly string[]): Float64Array {
    const total = new Float64Array(this.size);
    const matched = new Uint16Array(this.size);
    const best = new Float64Array(this.size);
    words.forEach((word, w) => {
      const touched: number[] = [];
      const consider = ({ docs, weights }: Postings, factor: number): void => {
        for (let k = 0; k < docs.length; k++) {
          const n = docs[k]!;
          if (matched[n] !== w) continue;
          const score = weights[k]! * factor;
          if (best[n] === 0) touched.push(n);
          if (score > best[n]!) best[n] = score;
        }
      };
      for (let i = this.lowerBound(word); i < this.terms.length; i++) {
        const term = this.terms[i]!;
        if (!term.startsWith(word)) break;
        consider(this.postings.get(term)!, term === word ? 1 : PREFIX_FACTOR);
      }
      const own = stemsOf(word);
      const related = new Set(own.flatMap((stem) => this.synonyms.get(stem) ?? []));
      for (const stem of own) related.delete(stem);
      for (const stem of own) {
        const postings = this.stemPostings.get(stem);
        if (postings) consider(postings, STEM_FACTOR);
      }
      for (const stem of related) {
        const postings = this.stemPostings.get(stem);
        if (postings) consider(postings, SYNONYM_FACTOR);
      }
      for (const n of touched) {
        total[n]! += best[n]!;
        matched[n]!++;
        best[n] = 0;
      }
    });
    for (let n = 0; n < this.size; n++) if (matched[n] !== words.length) total[n] = 0;
    return total;
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
