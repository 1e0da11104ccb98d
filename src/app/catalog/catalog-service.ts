import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import type { MeshworkStore, StoredRun } from '../store/store.ts';
import type { AdaptationState } from '../../core/governance/index.ts';
import { adaptationsOfTexts, recordAdaptationChanges } from './adaptation-audit.ts';
import type { Catalog } from './catalog-model.ts';
import type { MeshText } from './load-mesh.ts';
import { indexMesh, readLatestRuns, readMeshTexts } from './load-mesh.ts';
import { indexMeshOffThread } from './index-off-thread.ts';
import { classifyMeshPath } from '../../core/mesh/layout.ts';
import { MeshworkError } from '../errors.ts';

export interface SyncResult {
  readonly revision: string;
  readonly indexedAt: string;
  readonly products: number;
  readonly changed: boolean;
}

export interface CatalogServiceOptions {
  readonly store: MeshworkStore;
  /** The mesh folder the server serves; null when it serves what `meshwork publish` pushed. */
  readonly meshRoot: string | null;
  readonly now?: () => Date;
  /**
   * Index in a worker thread (the server: a big mesh must not stall other requests);
   * in-process tests and one-shot commands index inline.
   */
  readonly offThread?: boolean;
  /**
   * Told of every catalog indexed and served (the adoption snapshot, issue 13); not awaited,
   * so it must not throw and cannot hold up serving.
   */
  readonly onIndexed?: (catalog: Catalog) => Promise<void>;
  /**
   * Told after each index that changed the served catalog, with the definitions served
   * before (the stored snapshot; null when there was none) — the events a change causes
   * (issue 13: new products, breaking contract changes). It must not throw: the catalog
   * is served already, and the hook reports its own failures.
   */
  readonly onChange?: (change: CatalogChange) => Promise<void>;
}

/** A re-index that changed the served catalog. */
export interface CatalogChange {
  readonly before: readonly MeshText[] | null;
  readonly after: readonly MeshText[];
  readonly catalog: Catalog;
}

/** Folders of a workspace whose changes are not definitions and must not re-index. */
const IGNORED = /^(\.git|node_modules|data|dist|\.meshwork[\\/](store|runs|locks))([\\/]|$)/;
/** The embedded store's run log: a CLI run landed, so the latest runs are read again. */
const RUN_LOG = /^\.meshwork[\\/]store[\\/]runs\b/;
const DEBOUNCE_MS = 300;
/** Who changed the mesh when no user pushed it: the start, the file watcher. */
const SYSTEM = 'system';

/**
 * The served catalog: loaded on start, rebuilt whole on a file change, on `POST
 * /api/sync` and when a mesh is pushed. A rebuild that fails leaves the previous catalog
 * served. Every snapshot is written to the store, so a pushed mesh survives a restart.
 * Every adaptation that a new catalog adds, changes or drops is audited (`policy.adaptation`)
 * before the catalog is served; the first index after a start compares with the stored
 * snapshot, so a change made while the server was down is recorded too.
 */
export class CatalogService {
  private catalog: Catalog | null = null;
  private readonly store: MeshworkStore;
  private readonly meshRoot: string | null;
  private readonly now: () => Date;
  private readonly offThread: boolean;
  private readonly onIndexed: ((catalog: Catalog) => Promise<void>) | undefined;
  private readonly onChange: CatalogServiceOptions['onChange'];
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private runsTimer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private runs = 0;
  /** The newest run in the store when `follow` last looked; undefined: it never looked. */
  private newestRun: string | null | undefined;

  constructor(options: CatalogServiceOptions) {
    this.store = options.store;
    this.meshRoot = options.meshRoot;
    this.now = options.now ?? (() => new Date());
    this.offThread = options.offThread ?? false;
    this.onIndexed = options.onIndexed;

    this.onChange = options.onChange;
  }

  get current(): Catalog {
    if (!this.catalog) throw new MeshworkError('not-found', 'The catalog has not been loaded yet.');
    return this.catalog;
  }

  /**
   * Changes whenever this service learns of new runs (reported to this server, or a CLI's
   * run noticed in the store's log), so answers built from runs can be cached until then.
   */
  get runsVersion(): number {
    return this.runs;
  }

  get root(): string | null {
    return this.meshRoot;
  }

  /** First load: the mesh folder when there is one, else the last pushed mesh in the store. */
  async load(): Promise<SyncResult> {
    if (this.meshRoot !== null) return this.sync();
    const snapshot = await this.store.catalog.current();
    return this.serialized(() =>
      this.index(snapshot?.documents ?? [], snapshot?.source ?? 'empty', false, SYSTEM),
    );
  }

  /**
   * Re-reads the mesh folder (or, without one, re-indexes the stored snapshot). `actor`:
   * who asked (`POST /api/sync`), named in the audit of the adaptations it changes.
   */
  async sync(actor: string = SYSTEM): Promise<SyncResult> {
    const root = this.meshRoot;
    if (root === null) return this.load();
    return this.serialized(async () => this.index(await readMeshTexts(root), root, true, actor));
  }

  /** Replaces the served mesh with pushed documents (`PUT /api/catalog`) by `actor`. */
  async replace(
    documents: readonly MeshText[],
    source: string,
    actor: string = SYSTEM,
  ): Promise<SyncResult> {
    // Told by path alone: parsing happens in the index, off the event loop when asked to.
    const kinds = documents.map((d) => classifyMeshPath(d.path).kind);
    if (!kinds.some((kind) => kind === 'organisation' || kind === 'product'))
      throw new MeshworkError(
        'invalid-input',
        'The pushed documents hold no meshwork.yaml and no product.odps.yaml: not a mesh repository.',
      );
    return this.serialized(() => this.index(documents, source, true, actor));
  }

  /** Serves a catalog built elsewhere (the API benchmark builds one of 10,000 products). */
  install(catalog: Catalog): void {
    this.catalog = catalog;
  }

  /** Folds a newly reported run into the product's quality without a re-index. */
  recordRun(run: StoredRun): void {
    const catalog = this.catalog;
    if (!catalog) return;
    // Even an older run changes the product's quality trend.
    this.runs++;
    const previous = catalog.latestRuns.get(run.contractId);
    if (!previous || previous.startedAt <= run.run.startedAt)
      catalog.latestRuns.set(run.contractId, run.run);
  }

  /** Watches the mesh folder and re-indexes, debounced, on every change of a definition. */
  watch(onError: (error: unknown) => void = () => undefined): void {
    const root = this.meshRoot;
    if (root === null || this.watcher) return;
    this.watcher = watch(root, { recursive: true }, (_event, file) => {
      if (file !== null && RUN_LOG.test(file)) {
        if (!this.runsTimer)
          this.runsTimer = setTimeout(() => {
            this.runsTimer = null;
            this.refreshRuns().catch(onError);
          }, DEBOUNCE_MS);
        return;
      }
      if (file !== null && IGNORED.test(file)) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.sync().catch(onError);
      }, DEBOUNCE_MS);
    });
    this.watcher.on('error', onError);
  }

  /** Reads the latest run of every contract again, without re-indexing the mesh. */
  async refreshRuns(): Promise<void> {
    const catalog = this.catalog;
    if (!catalog) return;
    const latest = await readLatestRuns(this.store, catalog.contracts.keys());
    for (const [id, run] of latest) catalog.latestRuns.set(id, run);
    this.runs++;
  }

  /**
   * Catches up with what other server processes on the same store did (issue 14): behind a
   * load balancer a mesh is pushed to one server and runs are reported to one (or recorded
   * by `meshwork worker` processes), and every other server must serve them too. Looks at
   * two small things — the stored snapshot's revision and the newest run — and does the
   * work only when one changed: a pushed mesh is re-indexed from the store (this server
   * serves no folder; one that does follows its folder), the latest runs are read again.
   * The re-index audits nothing and tells no one: the server that took the push did.
   * Answers whether anything changed.
   */
  async follow(): Promise<boolean> {
    const catalog = this.catalog;
    if (!catalog) return false;
    let changed = false;
    if (this.meshRoot === null) {
      const stored = await this.store.catalog.revision();
      if (stored !== null && stored !== catalog.revision) {
        const snapshot = await this.store.catalog.current();
        if (snapshot !== null)
          await this.serialized(() =>
            this.index(snapshot.documents, snapshot.source, false, SYSTEM, false),
          );
        changed = true;
      }
    }
    const newest = (await this.store.runs.list({ limit: 1 })).items[0];
    const mark = newest === undefined ? null : `${newest.id}@${newest.run.startedAt}`;
    if (mark !== this.newestRun) {
      // The first look reads the runs too: one may have landed since the index.
      await this.refreshRuns();
      this.newestRun = mark;
      changed = true;
    }
    return changed;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.runsTimer) clearTimeout(this.runsTimer);
    this.watcher?.close();
    this.watcher = null;
  }

  /** One index at a time: a file change during a push waits for it instead of racing. */
  private serialized(work: () => Promise<SyncResult>): Promise<SyncResult> {
    const next = this.running.then(work, work);
    this.running = next.catch(() => undefined);
    return next;
  }

  private async index(
    texts: readonly MeshText[],
    source: string,
    persist: boolean,
    actor: string,
    /** False when following the store: the server that stored it audited its changes. */
    audit = true,
  ): Promise<SyncResult> {
    const now = this.now();
    const catalog = await (this.offThread ? indexMeshOffThread : indexMesh)({
      texts,
      source,
      store: this.store,
      meshRoot: this.meshRoot,
      now,
    });
    const changed = catalog.revision !== this.catalog?.revision;
    // Audited before the snapshot is stored: should the audit fail, the next index (or
    // start) still sees the change, and the previous catalog stays served.
    if (changed && audit) await this.auditAdaptations(catalog, actor, now);
    // What was served before, for the hook: the stored snapshot (also after a restart).
    const before =
      persist && changed && this.onChange
        ? ((await this.store.catalog.current())?.documents ?? null)
        : undefined;
    if (persist && changed)
      await this.store.catalog.replace({
        source,
        indexedAt: now.toISOString(),
        revision: catalog.revision,
        documents: texts.map((t) => ({ path: t.path, text: t.text })),
      });
    this.catalog = catalog;
    if (this.onIndexed) void this.onIndexed(catalog);

    if (before !== undefined && this.onChange)
      await this.onChange({ before, after: texts, catalog });
    return {
      revision: catalog.revision,
      indexedAt: catalog.indexedAt,
      products: catalog.products.length,
      changed,
    };
  }

  private async auditAdaptations(next: Catalog, actor: string, now: Date): Promise<void> {
    const previous = this.catalog;
    let before: readonly AdaptationState[];
    let previousRevision: string | null;
    if (previous) {
      // Another server on this store (watching the same folder) stored this revision
      // already, after auditing it: recording it again would double every entry.
      if ((await this.store.catalog.revision()) === next.revision) return;
      before = previous.adaptations;
      previousRevision = previous.revision;
    } else {
      // The first index since the start: compare with what the store last served.
      const stored = await this.store.catalog.current();
      if (stored?.revision === next.revision) return;
      before = stored ? await adaptationsOfTexts(stored.documents) : [];
      previousRevision = stored?.revision ?? null;
    }
    await recordAdaptationChanges(this.store, {
      before,
      after: next.adaptations,
      actor,
      at: now.toISOString(),
      revision: next.revision,
      previousRevision,
    });
  }
}
