import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'yaml';
import { CatalogService } from '../../src/app/catalog/catalog-service.ts';
import { readMeshTexts } from '../../src/app/catalog/load-mesh.ts';
import { domainRolesOf } from '../../src/app/catalog/teams.ts';
import type { GlobalRole } from '../../src/app/store/store.ts';
import { createApp } from '../../src/server/app.ts';
import { createAuth } from '../../src/server/auth/index.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { DEMO_MESH } from './api-support.ts';
import { addUser, signIn } from './auth/support.ts';

/**
 * The demo mesh in a temp folder with a purpose catalogue, and the sales-orders `orders`
 * port built into its warehouse (every column of its contract; a personal postal code and
 * a formula-looking text), served by the whole app over a store in memory.
 */
export const PURPOSES = `
purposes:
  - id: revenue-reporting
    title: { de: Umsatzberichte, en: Revenue reporting }
    description: { de: Monatliche Umsatzberichte, en: Monthly revenue reports }
    legalBasis: f
  - id: curiosity
    title: { en: Curiosity }
    description: { en: No legal basis at all }
`;

export const PRODUCT = 'sales-orders';
export const PORT = 'orders';
export const SNAPSHOT = '20261124T221500123Z-a1b2c3';
const PASSWORD = 'access-test-password';

/** People of the demo mesh: a finance member (the consumer), sales people, outsiders. */
export const PEOPLE = {
  consumer: 'ahofmann', // finance-team member
  consumerOwner: 'tbauer', // finance-team owner
  producerOwner: 'tlechner', // ecommerce-team owner (sales-orders' team, domain sales)
  domainOwner: 'mweber', // sales-team owner: an owner of the producing domain
  producerMember: 'jhuber', // sales-team member
  stranger: 'stranger', // in no team
  dpo: 'dpo', // role governance
  admin: 'admin',
} as const;

export interface AccessFixture {
  readonly dir: string;
  readonly app: OpenAPIHono;
  readonly store: ReturnType<typeof createMemoryStore>;
  readonly catalog: CatalogService;
  /** Session headers (cookie + CSRF token) per person. */
  readonly as: Record<keyof typeof PEOPLE, Record<string, string>>;
  /** Session headers of another person (created without global roles). */
  signInAs(username: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/**
 * The demo mesh's definitions with the purpose catalogue in `to`, and its sales-orders
 * `orders` port built into the warehouse with every column of its contract.
 */
export async function writeAccessWorkspace(to: string): Promise<void> {
  await copyDemo(to);
  const contract = parse(
    await readFile(join(to, 'domains/sales/sales-orders/orders.odcs.yaml'), 'utf8'),
  ) as { schema: { properties: { name: string }[] }[] };
  const columns = contract.schema[0]!.properties.map((p) => p.name);
  const portDir = join(to, '.meshwork/warehouse/sales/sales-orders/orders');
  await writeSnapshot(join(portDir, SNAPSHOT, 'orders.parquet'), columns);
  await symlink(SNAPSHOT, join(portDir, 'current'), 'dir');
}

/** Our two purposes first in the catalogue, before the demo's own (when it has some). */
function withPurposes(text: string): string {
  const entries = PURPOSES.replace(/^\s*purposes:\n/, '');
  return /^purposes:\n/m.test(text)
    ? text.replace(/^purposes:\n/m, `purposes:\n${entries}`)
    : `${text}\n${PURPOSES}`;
}

async function copyDemo(to: string): Promise<void> {
  for (const { path, text } of await readMeshTexts(DEMO_MESH)) {
    await mkdir(dirname(join(to, path)), { recursive: true });
    await writeFile(join(to, path), path === 'meshwork.yaml' ? withPurposes(text) : text);
  }
}

/** A Parquet snapshot with the given columns; a few have telling values. */
export async function writeSnapshot(file: string, columns: readonly string[]): Promise<void> {
  const value = (name: string, row: number): string => {
    if (name === 'shipping_postal_code') return `'8302${row}'`;
    if (name === 'order_id') return String(row);
    if (name === 'order_number') return row === 1 ? `'=HYPERLINK("http://evil")'` : `'A-${row}'`;
    return `'v${row}'`;
  };
  const select = [1, 2]
    .map((row) => `SELECT ${columns.map((c) => `${value(c, row)} AS "${c}"`).join(', ')}`)
    .join(' UNION ALL ');
  await mkdir(dirname(file), { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (${select}) TO '${file}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}

export async function createAccessFixture(): Promise<AccessFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'meshwork-access-'));
  await writeAccessWorkspace(dir);
  const store = createMemoryStore();
  const catalog = new CatalogService({ store, meshRoot: dir });
  await catalog.load();

  const auth = createAuth({
    store,
    env: {},
    domainRoles: (username) =>
      domainRolesOf(
        new Map([...catalog.current.domains].map(([name, d]) => [name, d.teams])),
        username,
      ),
    publicUrl: 'http://127.0.0.1:4000',
  });
  const app = createApp({ store, catalog, auth });
  const as = {} as Record<keyof typeof PEOPLE, Record<string, string>>;
  for (const [key, username] of Object.entries(PEOPLE) as [keyof typeof PEOPLE, string][]) {
    const roles: GlobalRole[] = key === 'dpo' ? ['governance'] : key === 'admin' ? ['admin'] : [];
    await addUser(store, username, PASSWORD, roles);
    const session = await signIn(app, username, PASSWORD);
    as[key] = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  }
  return {
    dir,
    app,
    store,
    catalog,
    as,
    async signInAs(username) {
      await addUser(store, username, PASSWORD);
      const session = await signIn(app, username, PASSWORD);
      return { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
    },
    async close() {
      catalog.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A request body for the consumer's team. */
export function requestBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    productId: PRODUCT,
    port: PORT,
    consumerTeam: 'finance-team',
    purpose: 'revenue-reporting',
    endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    justification: 'Monthly revenue per region',
    ...overrides,
  };
}

export async function call(
  app: OpenAPIHono,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; body: unknown; res: Response }> {
  const res = await app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.clone().text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON (CSV, Parquet): the text stays.
  }
  return { status: res.status, body: parsed, res };
}
