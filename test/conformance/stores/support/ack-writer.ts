/**
 * A writer process for the crash tests: writes until it is killed and prints each write on
 * stdout only after the store acknowledged it (the promise resolved), so every line the
 * test reads names a write the store promised to keep.
 *
 * Per round n: a token `<prefix>-<n>` is put (`put ID`), then revoked (`revoked ID`); the user
 * `<prefix>-u<n mod 3>` is put with the name `n` (`user NAME n`), so the latest value of each
 * user is the highest n printed for it.
 *
 * Usage: node --import tsx ack-writer.ts '{"store":"embedded","directory":…,"compactAfter":5}' PREFIX
 *        node --import tsx ack-writer.ts '{"store":"postgresql","url":…}' PREFIX
 */
import type { MeshworkStore } from '../../../../src/app/store/store.ts';
import { createEmbeddedStore } from '../../../../src/stores/embedded/index.ts';
import { createPostgresStore } from '../../../../src/stores/postgresql/index.ts';
import { crashToken, crashUser } from './crash-values.ts';

type Target =
  | { readonly store: 'embedded'; readonly directory: string; readonly compactAfter?: number }
  | { readonly store: 'postgresql'; readonly url: string };

const [config, prefix] = process.argv.slice(2);
if (!config || !prefix) throw new Error('usage: ack-writer.ts TARGET-JSON PREFIX');
const target = JSON.parse(config) as Target;

const store: MeshworkStore =
  target.store === 'embedded'
    ? createEmbeddedStore({
        directory: target.directory,
        ...(target.compactAfter === undefined ? {} : { compactAfter: target.compactAfter }),
      })
    : createPostgresStore({ connectionString: target.url, maxConnections: 2 });
await store.migrate();

const say = (line: string): void => void process.stdout.write(`${line}\n`);
for (let n = 0; ; n++) {
  const id = `${prefix}-${n}`;
  await store.tokens.put(crashToken(id));
  say(`put ${id}`);
  if (!(await store.tokens.revoke('anna', id))) throw new Error(`token ${id} not found to revoke`);
  say(`revoked ${id}`);
  const username = `${prefix}-u${n % 3}`;
  await store.users.put(crashUser(username, n));
  say(`user ${username} ${n}`);
}
