import { createHash } from 'node:crypto';

/** A JSON answer as written to the wire, with the weak ETag hashed from that text. */
export interface SerializedBody {
  readonly text: string;
  readonly etag: string;
}

export function serialize(body: unknown): SerializedBody {
  const text = JSON.stringify(body);
  return { text, etag: `W/"${createHash('sha1').update(text).digest('base64url')}"` };
}

interface Entry {
  readonly body: SerializedBody;
  /** ms since the epoch from which the answer may be wrong (a product turns stale, a TTL). */
  readonly until: number;
}

/**
 * Serialized answers of one route, valid for one catalog (a re-index builds a new one)
 * and one runs version (`CatalogService.runsVersion`): when either changes, everything
 * is dropped. Each entry also carries the time until which it is right, since freshness
 * is judged when asked. Bounded: the least recently used entry goes first.
 *
 * Building a product's answer was most of the route's time and garbage (a spread of the
 * whole product, JSON text, a hash); a hit costs a map lookup.
 */
export class ResponseCache {
  private catalog: object | null = null;
  private runsVersion = -1;
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity: number) {}

  get(catalog: object, runsVersion: number, key: string, now: number): SerializedBody | undefined {
    if (catalog !== this.catalog || runsVersion !== this.runsVersion) {
      this.entries.clear();
      this.catalog = catalog;
      this.runsVersion = runsVersion;
      return undefined;
    }
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (!(now < entry.until)) return undefined;
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recent.
    this.entries.set(key, entry);
    return entry.body;
  }

  /**
   * Keeps an answer built from `catalog` and `runsVersion` as read before it was built:
   * if either moved on meanwhile, the answer may already be outdated and is not kept.
   */
  set(
    catalog: object,
    runsVersion: number,
    key: string,
    body: SerializedBody,
    until: number,
  ): void {
    if (catalog !== this.catalog || runsVersion !== this.runsVersion) return;
    this.entries.delete(key);
    this.entries.set(key, { body, until });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
