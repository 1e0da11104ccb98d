import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import {
  createTestDatabase,
  runSqlScript,
  startTestPostgres,
  withClient,
} from '../support/postgres.ts';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..', '..');

/**
 * The demo's first build, as `npm run demo` runs it (a process, a mesh never built before),
 * with the webshop read from PostgreSQL as in production: no relationship check may be
 * "not checked" because the product it points into was not built yet, and Node must print
 * no MaxListenersExceededWarning.
 */
describe("the demo's first build", () => {
  let root: string;
  let server: TestPostgres;
  let db: TestDatabase;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'meshwork-first-build-'));
    cpSync(join(repo, 'examples', 'alpine-bikes'), root, {
      recursive: true,
      filter: (src) => !/[/\\](data|\.meshwork)$/.test(src),
    });
    await run(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repo, 'scripts', 'generate-demo-data.ts'),
        '--scale',
        '0.01',
        '--out',
        join(root, 'data'),
      ],
      { cwd: repo },
    );
    server = await startTestPostgres();
    db = await createTestDatabase(server.url);
    const dump = readFileSync(join(root, 'data', 'webshop', 'webshop.sql'), 'utf8');
    await withClient(db.url, (client) => runSqlScript(client, dump));
  });
  after(async () => {
    rmSync(root, { recursive: true, force: true });
    await db.drop();
    await server.stop();
  });

  it('prints no "not checked" relationship and no MaxListenersExceededWarning', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [join(repo, 'bin', 'meshwork.js'), 'build', '--mesh', root],
      {
        cwd: root,
        env: { ...process.env, MESHWORK_WEBSHOP_URL: db.url, NO_COLOR: '1' },
        maxBuffer: 64 << 20,
      },
    );
    const output = stdout + stderr;
    assert.match(
      output,
      /← webshop_orders: server "webshop" \(postgresql\)/,
      'read from PostgreSQL',
    );
    assert.doesNotMatch(output, /MaxListenersExceededWarning/);
    assert.deepEqual(
      output.split('\n').filter((line) => /relationship .*not checked/.test(line)),
      [],
    );
  });
});
