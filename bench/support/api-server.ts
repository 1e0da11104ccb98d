/**
 * The API benchmark's server, in a process of its own so the load generator does not
 * share its event loop: the real app over the embedded store, with a synthetic catalog.
 * Prints one JSON line `{ url, token, products }` once it listens; stops on SIGTERM.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogService } from '../../src/app/catalog/catalog-service.ts';
import { createApp } from '../../src/server/app.ts';
import { createAuth, TOKEN_PREFIX } from '../../src/server/auth/index.ts';
import { listen } from '../../src/server/listen.ts';
import { createEmbeddedStore } from '../../src/stores/embedded/index.ts';
import { syntheticCatalog } from './synthetic-catalog.ts';

const products = Number(process.argv[2] ?? 10_000);
const dir = await mkdtemp(join(tmpdir(), 'meshwork-bench-api-'));
const store = createEmbeddedStore({ directory: join(dir, 'store') });
await store.migrate();
const started = performance.now();
const catalog = new CatalogService({ store, meshRoot: null });
catalog.install(syntheticCatalog(products));
const indexMs = performance.now() - started;

const now = new Date().toISOString();
await store.users.put({
  username: 'bench',
  name: 'Bench',
  email: null,
  roles: [],
  passwordHash: null,
  oidcSubject: null,
  disabled: false,
  createdAt: now,
});
const token = `${TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
await store.tokens.put({
  id: 'bench',
  username: 'bench',
  name: 'bench',
  tokenHash: createHash('sha256').update(token).digest('hex'),
  createdAt: now,
  expiresAt: null,
  lastUsedAt: now,
  revoked: false,
});
const auth = createAuth({
  store,
  env: {},
  domainRoles: () => ({}),
  publicUrl: 'http://127.0.0.1',
});
const server = await listen(createApp({ store, catalog, auth }), { port: 0 });
console.log(JSON.stringify({ url: server.url, token, products, indexMs }));

process.once('SIGTERM', () => {
  void server
    .close()
    .then(() => store.close())
    .then(() => rm(dir, { recursive: true, force: true }))
    .then(() => process.exit(0));
});
