import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type {
  AccessMesh,
  AccessService,
  GrantProvisioner,
} from '../../../src/app/access/access-service.ts';
import {
  accessMeshFromTexts,
  createAccessService,
  createEmbeddedProvisioner,
} from '../../../src/app/access/access-service.ts';
import type { MeshworkStore } from '../../../src/app/store/store.ts';
import type { Grant, GrantProvisioning } from '../../../src/core/access/model.ts';
import { createEmbeddedStore } from '../../../src/stores/embedded/index.ts';

/**
 * A small mesh for the access service: sales (olga owns, sam is a member) produces
 * `sales-orders` (port `orders`, with a personal e-mail column) and `sales-kpis` (port
 * `kpis`, nothing personal); marketing (mona owns, max is a member) consumes. dora has the
 * governance role, ada is admin, eve belongs to no team.
 */
export const USERS = {
  olga: { username: 'olga', roles: [] },
  sam: { username: 'sam', roles: [] },
  mona: { username: 'mona', roles: [] },
  max: { username: 'max', roles: [] },
  dora: { username: 'dora', roles: ['governance'] },
  ada: { username: 'ada', roles: ['admin'] },
  eve: { username: 'eve', roles: [] },
} as const;

export const NOW = new Date('2026-03-01T10:00:00.000Z');

export function meshFiles(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const organisation = {
    apiVersion: 'meshwork/v1',
    kind: 'Mesh',
    name: 'Access test',
    purposes: [
      {
        id: 'reporting',
        title: { en: 'Reporting', de: 'Berichte' },
        description: { en: 'Monthly figures' },
        legalBasis: 'f',
      },
      { id: 'curiosity', title: { en: 'Curiosity' }, description: { en: 'No legal basis' } },
      {
        id: 'support',
        title: { en: 'Customer support' },
        description: { en: 'Answering customers' },
        legalBasis: 'b',
        personalDataInClear: true,
      },
    ],
  };
  const domain = (name: string, owner: string, member: string): unknown => ({
    apiVersion: 'meshwork/v1',
    kind: 'Domain',
    name,
    title: name,
    team: {
      name: `${name}-team`,
      members: [
        { username: owner, role: 'owner' },
        { username: member, role: 'member' },
      ],
    },
  });
  const product = (id: string, port: string, contractId: string): unknown => ({
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id,
    name: id,
    domain: 'sales',
    status: 'active',
    team: { name: 'sales-team' },
    outputPorts: [{ name: port, version: '1.0.0', contractId }],
  });
  const contract = (id: string, table: string, properties: unknown[]): unknown => ({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id,
    version: '1.0.0',
    status: 'active',
    servers: [
      {
        server: 'warehouse',
        type: 'postgresql',
        host: 'db.example',
        port: 5432,
        database: 'dwh',
        schema: 'sales',
      },
    ],
    schema: [{ name: table, physicalName: table, properties }],
  });
  return {
    'meshwork.yaml': organisation,
    'domains/sales/domain.yaml': domain('sales', 'olga', 'sam'),
    'domains/marketing/domain.yaml': domain('marketing', 'mona', 'max'),
    'domains/sales/orders/product.odps.yaml': product('sales-orders', 'orders', 'sales-orders-v1'),
    'domains/sales/orders/orders.odcs.yaml': contract('sales-orders-v1', 'orders', [
      { name: 'order_id', logicalType: 'string' },
      { name: 'amount', logicalType: 'number' },
      { name: 'customer_email', logicalType: 'string', classification: 'pii' },
    ]),
    'domains/sales/kpis/product.odps.yaml': product('sales-kpis', 'kpis', 'sales-kpis-v1'),
    'domains/sales/kpis/kpis.odcs.yaml': contract('sales-kpis-v1', 'kpis', [
      { name: 'day', logicalType: 'date' },
      { name: 'revenue', logicalType: 'number' },
    ]),
    ...extra,
  };
}

export async function meshOf(files: Record<string, unknown> = meshFiles()): Promise<AccessMesh> {
  return accessMeshFromTexts(
    Object.entries(files).map(([path, value]) => ({
      path,
      text: typeof value === 'string' ? value : stringify(value),
    })),
  );
}

/** The embedded provisioner, counting its calls; `failWith` makes the next calls throw. */
export function recordingProvisioner(): GrantProvisioner & {
  provisioned: Grant[];
  revoked: Grant[];
  failWith: string | null;
  failRevokeWith: string | null;
  /** A further record to report, as an engine adapter would (e.g. a PostgreSQL view). */
  alsoRecord: GrantProvisioning | null;
} {
  const inner = createEmbeddedProvisioner();
  const recorder = {
    provisioned: [] as Grant[],
    revoked: [] as Grant[],
    failWith: null as string | null,
    failRevokeWith: null as string | null,
    alsoRecord: null as GrantProvisioning | null,
    async provision(grant: Grant, context: Parameters<GrantProvisioner['provision']>[1]) {
      // Slow like an engine, so two deciders at once really overlap.
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (recorder.failWith !== null) throw new Error(recorder.failWith);
      recorder.provisioned.push(grant);
      const records = await inner.provision(grant, context);
      return recorder.alsoRecord === null ? records : [...records, recorder.alsoRecord];
    },
    async revoke(grant: Grant) {
      if (recorder.failRevokeWith !== null) throw new Error(recorder.failRevokeWith);
      recorder.revoked.push(grant);
      return Promise.resolve();
    },
  };
  return recorder;
}

export interface Harness {
  readonly service: AccessService;
  readonly store: MeshworkStore;
  readonly provisioner: ReturnType<typeof recordingProvisioner>;
  clock: Date;
  mesh: AccessMesh;
  close(): Promise<void>;
}

/** The service over a fresh embedded store in a temp folder, with a settable clock. */
export async function harness(files?: Record<string, unknown>): Promise<Harness> {
  const directory = await mkdtemp(join(tmpdir(), 'meshwork-access-'));
  const store = createEmbeddedStore({ directory: join(directory, 'store') });
  await store.migrate();
  const provisioner = recordingProvisioner();
  const h: Harness = {
    store,
    provisioner,
    clock: NOW,
    mesh: await meshOf(files),
    service: undefined as unknown as AccessService,
    close: async () => {
      await store.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
  (h as { service: AccessService }).service = createAccessService({
    store,
    mesh: () => Promise.resolve(h.mesh),
    now: () => h.clock,
    provision: provisioner,
  });
  return h;
}

export function days(n: number, from: Date = NOW): string {
  return new Date(from.getTime() + n * 86_400_000).toISOString();
}
