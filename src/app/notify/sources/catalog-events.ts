import type { Grant } from '../../../core/access/model.ts';
import { diffContracts } from '../../../core/diff/index.ts';
import { PRODUCT_FILE, classifyMeshPath } from '../../../core/mesh/layout.ts';
import type { MeshEvent } from '../../../core/notify/mesh-event.ts';
import { parseSourceDocument } from '../../../core/yaml/source-document.ts';
import type { Catalog, ProductRecord } from '../../catalog/catalog-model.ts';
import type { CatalogChange } from '../../catalog/catalog-service.ts';
import type { MeshText } from '../../catalog/load-mesh.ts';
import { asContract } from '../../diff/load-contract.ts';
import type { MeshworkStore, Page } from '../../store/store.ts';
import { joinBounded } from './publish-events.ts';
import type { EventSink } from './publish-events.ts';
import { publishEvents } from './publish-events.ts';

const GRANT_PAGE = 500;

/**
 * The events a re-index causes: `product.created` for each product id that no definition
 * served before declared, and `contract.breaking-change` for each output contract whose
 * new version breaks the old one (`core/diff`) or that is gone.
 *
 * Only the files whose text changed are parsed (the catalog was built off the event loop;
 * this runs on it), and no contract file larger than `MAX_COMPARED_CHARS`: that one is
 * reported as not compared, never passed over without a word. Nothing is told when nothing was served before (`before` null, the
 * first index of an empty store): a mesh appearing whole is not a hundred new products.
 * Ids are deterministic — `product.created:<id>`, `contract.breaking-change:<contract>:<revision>`
 * — so two servers, or a restart re-comparing with the stored snapshot, publish once, and a
 * product removed and added again is not "new" a second time (the publisher keeps ids).
 */
export async function catalogChangeEvents(
  change: CatalogChange,
  grantsOn: (productId: string) => Promise<readonly Grant[]>,
  at: Date,
  notCompared: (path: string) => void = () => {},
): Promise<MeshEvent[]> {
  const { before, after, catalog } = change;
  if (before === null) return [];
  const previous = new Map(before.map((t) => [t.path, t.text]));
  const current = new Map(after.map((t) => [t.path, t.text]));
  const added = after.filter((t) => previous.get(t.path) !== t.text);
  const gone = before.filter((t) => current.get(t.path) !== t.text);
  // Parsing runs on the event loop: a contract of megabytes would hold every request for
  // seconds (test/server/serve-limits.test.ts). Such a file is not compared — and said so.
  const tooLarge = new Set(
    [...added, ...gone]
      .filter(
        (t) => t.text.length > MAX_COMPARED_CHARS && classifyMeshPath(t.path).kind === 'contract',
      )
      .map((t) => t.path),
  );
  for (const path of tooLarge) notCompared(path);
  const small = (t: MeshText): boolean => !tooLarge.has(t.path);
  return [
    ...createdProducts(added, gone, current, catalog, at),
    ...(await breakingChanges(added.filter(small), gone.filter(small), catalog, grantsOn, at)),
  ];
}

/** Contract files larger than this are not compared on the event loop (characters). */
export const MAX_COMPARED_CHARS = 256 * 1024;

function createdProducts(
  added: readonly MeshText[],
  gone: readonly MeshText[],
  current: ReadonlyMap<string, string>,
  catalog: Catalog,
  at: Date,
): MeshEvent[] {
  const idsBefore = new Set(
    gone.filter((t) => classifyMeshPath(t.path).kind === 'product').flatMap(declaredId),
  );
  const unchanged = (record: ProductRecord): boolean => {
    const path = `domains/${record.folder}/${PRODUCT_FILE}`;
    return current.has(path) && !added.some((t) => t.path === path);
  };
  const events: MeshEvent[] = [];
  for (const text of added) {
    if (classifyMeshPath(text.path).kind !== 'product') continue;
    for (const id of declaredId(text)) {
      if (idsBefore.has(id)) continue;
      // Another product file, untouched, declaring the id: it was there before.
      const declaring = catalog.products.filter((p) => p.detail.id === id);
      if (declaring.some(unchanged)) continue;
      const record = catalog.productsById.get(id);
      if (!record) continue;
      events.push({
        id: `product.created:${id}`,
        type: 'product.created',
        at: at.toISOString(),
        subject: id,
        productId: id,
        domain: record.detail.domain,
        recipients: { users: [], teams: [] },
        data: {
          productId: id,
          name: record.detail.name,
          domain: record.detail.domain,
          status: record.detail.status,
          team: record.detail.team?.name ?? null,
          revision: catalog.revision,
        },
      });
    }
  }
  return events;
}

async function breakingChanges(
  added: readonly MeshText[],
  gone: readonly MeshText[],
  catalog: Catalog,
  grantsOn: (productId: string) => Promise<readonly Grant[]>,
  at: Date,
): Promise<MeshEvent[]> {
  const old = new Map<string, MeshText>();
  for (const text of gone)
    if (classifyMeshPath(text.path).kind === 'contract')
      for (const id of declaredId(text)) old.set(id, text);
  if (old.size === 0) return [];
  const fresh = new Map<string, MeshText>();
  for (const text of added)
    if (classifyMeshPath(text.path).kind === 'contract')
      for (const id of declaredId(text)) fresh.set(id, text);
  const events: MeshEvent[] = [];
  for (const [contractId, was] of old) {
    const record = catalog.contracts.get(contractId);
    const now = fresh.get(contractId);
    // Unchanged in another file (a move), or a product's output no longer: not this event's.
    if (record && (!now || record.productId === null)) continue;
    const from = asContract(parseSourceDocument(was.path, was.text));
    if (!from.ok) continue;
    let breaking: string[];
    if (now) {
      const to = asContract(parseSourceDocument(now.path, now.text));
      // An invalid new version is validate's to report; it is not compared.
      if (!to.ok) continue;
      breaking = diffContracts(from.contract, to.contract)
        .filter((c) => c.severity === 'breaking')
        .map((c) => c.path);
      if (breaking.length === 0) continue;
    } else breaking = ['$'];
    const productId = record?.productId ?? ownerOf(catalog, was.path, gone);
    const product = productId === null ? undefined : catalog.productsById.get(productId);
    const teams = new Set<string>();
    if (productId !== null)
      for (const grant of await grantsOn(productId))
        if (grant.state === 'active') teams.add(`${grant.consumerDomain}/${grant.consumerTeam}`);
    for (const reader of catalog.products)
      if (reader.detail.inputPorts.some((p) => p.contractId === contractId) && reader.detail.team)
        teams.add(`${reader.folder.split('/')[0] ?? ''}/${reader.detail.team.name}`);
    events.push({
      id: `contract.breaking-change:${contractId}:${catalog.revision}`,
      type: 'contract.breaking-change',
      at: at.toISOString(),
      subject: contractId,
      productId,
      domain: product?.detail.domain ?? domainFolderOf(was.path),
      recipients: { users: [], teams: [...teams].sort() },
      data: {
        contractId,
        productId,
        port: record?.port ?? null,
        removed: now === undefined,
        breakingChanges: breaking.length,
        changes: joinBounded(breaking),
        versionBefore: from.contract.version ?? null,
        versionAfter: record ? contractVersion(record.contract) : null,
        revision: catalog.revision,
      },
    });
  }
  return events;
}

/** The `id` a definition file declares (none when it does not parse or has none). */
function declaredId(text: MeshText): string[] {
  const data = parseSourceDocument(text.path, text.text).data;
  const id = (data as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? [id] : [];
}

/**
 * The product of the folder a removed contract lived in: the one still served there, else
 * the one removed with it (its grants may still be active — its consumers must hear).
 */
function ownerOf(catalog: Catalog, path: string, gone: readonly MeshText[]): string | null {
  const folder = path.split('/').slice(1, 3).join('/');
  const served = catalog.products.find((p) => p.folder === folder)?.detail.id;
  if (served !== undefined) return served;
  const removed = gone.find((t) => t.path === `domains/${folder}/${PRODUCT_FILE}`);
  return removed ? (declaredId(removed)[0] ?? null) : null;
}

function domainFolderOf(path: string): string | null {
  return path.split('/')[1] ?? null;
}

function contractVersion(contract: unknown): string | null {
  const version = (contract as { version?: unknown } | null)?.version;
  return typeof version === 'string' ? version : null;
}

/**
 * The hook the catalog service calls after each re-index that changed the catalog: it
 * computes the events and publishes them, and never throws — a failure to compute (the
 * grants could not be read) is reported like a failed publish.
 */
export function catalogEventProducer(options: {
  readonly sink: EventSink;
  readonly store: MeshworkStore;
  readonly now?: () => Date;
}): (change: CatalogChange) => Promise<void> {
  const clock = options.now ?? (() => new Date());
  const grantsOn = async (productId: string): Promise<Grant[]> => {
    const all: Grant[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Grant> = await options.store.grants.list({
        productIds: [productId],
        states: ['active'],
        limit: GRANT_PAGE,
        cursor,
      });
      all.push(...page.items);
      cursor = page.next;
    } while (cursor !== null);
    return all;
  };
  return async (change) => {
    let events: MeshEvent[];
    try {
      events = await catalogChangeEvents(change, grantsOn, clock(), (path) =>
        options.sink.onFailure({
          eventId: `contract.breaking-change:not-compared:${path}`,
          type: 'contract.breaking-change',
          reason: `${path} changed but is larger than ${MAX_COMPARED_CHARS / 1024} KiB: not compared for breaking changes on the server; compare it with \`meshwork diff\` in CI`,
        }),
      );
    } catch (error) {
      options.sink.onFailure({
        eventId: `catalog:${change.catalog.revision}`,
        type: 'contract.breaking-change',
        reason: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    await publishEvents(options.sink, events);
  };
}
