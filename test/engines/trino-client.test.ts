import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadEngine } from '../../src/engines/registry.ts';
import { createTrinoClient } from '../../src/engines/trino/client.ts';

/**
 * A Trino that accepts the connection and never answers (a hung coordinator, a
 * black-holed proxy): the caller's signal ends the wait, and `connect` says what did not
 * answer. No Trino needed — the server here is a bare TCP socket on 127.0.0.1.
 */
describe('a Trino that never answers', () => {
  let server: Server;
  const sockets: Socket[] = [];
  let url: string;

  before(async () => {
    server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up when the signal fires, even before Trino answered the query at all', async () => {
    const client = createTrinoClient({ server: url, user: 'meshwork' });
    const started = Date.now();
    await assert.rejects(
      client.run('SELECT 1', { signal: AbortSignal.timeout(200) }),
      (e: { errorName?: string }) => e.errorName === 'USER_CANCELED',
    );
    assert.ok(Date.now() - started < 10_000);
  });

  it('makes connect fail with what did not answer, within its connect time', async () => {
    const engine = (await loadEngine('trino'))!;
    await assert.rejects(
      engine.connect({
        server: { server: 'lake', type: 'trino', catalog: 'hive', schema: 'sales' },
        credentials: { url, user: 'meshwork' },
        baseDir: '/',
        connectTimeoutMs: 200,
      }),
      new RegExp(`Trino at ${url.replaceAll('.', '[.]')} did not answer SELECT 1 within 200 ms`),
    );
  });
});
