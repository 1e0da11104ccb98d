import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AccessRequest, Grant } from '../../src/core/access/model.ts';
import { cli } from '../support/cli.ts';
import { repoRoot } from '../support/standards.ts';
import { writeAccessWorkspace } from '../server/access-support.ts';

/**
 * `meshwork access` against a Meshwork server running as a process of its own (the real
 * server over the embedded store, without the portal): request as a consumer, decide as the
 * producing owner and the DPO, list and revoke, sweep as admin — and the exit codes of
 * refusals: a policy's (1, findings printed) and the server's (2).
 */
const PASSWORD = 'access-cli-password';
const USERS = {
  consumer: { username: 'ahofmann', roles: [] },
  owner: { username: 'tlechner', roles: [] },
  dpo: { username: 'dpo', roles: ['governance'] },
  stranger: { username: 'stranger', roles: [] },
  admin: { username: 'admin', roles: ['admin'] },
} as const;
type Who = keyof typeof USERS;

let dir: string;
let child: ChildProcess;
let url: string;
const tokens = {} as Record<Who, string>;

async function startChild(mesh: string): Promise<{ child: ChildProcess; url: string }> {
  const started = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'test/cli/access-server-child.ts'), mesh],
    {
      cwd: repoRoot,
      env: { ...process.env, MESHWORK_ADMIN_PASSWORD: PASSWORD, MESHWORK_LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  started.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
  let out = '';
  const found = await new Promise<string>((resolve, reject) => {
    started.stdout.setEncoding('utf8').on('data', (t: string) => {
      out += t;
      const match = /listening (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    started.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
  return { child: started, url: found };
}

async function session(username: string): Promise<Record<string, string>> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  assert.equal(login.status, 200, `${username}: ${await login.clone().text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!,
    'x-csrf-token': csrfToken,
    'content-type': 'application/json',
  };
}

const access = (who: Who, args: readonly string[]) =>
  cli(['access', ...args, '--server', url], '/', { env: { MESHWORK_TOKEN: tokens[who] } });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshwork-cli-access-'));
  await writeAccessWorkspace(dir);
  ({ child, url } = await startChild(dir));
  const admin = await session('admin');
  for (const [who, user] of Object.entries(USERS) as [Who, (typeof USERS)[Who]][]) {
    if (who !== 'admin') {
      const created = await fetch(`${url}/api/users`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ ...user, name: user.username, password: PASSWORD }),
      });
      assert.equal(created.status, 201, await created.clone().text());
    }
    const token = await fetch(`${url}/api/tokens`, {
      method: 'POST',
      headers: await session(user.username),
      body: JSON.stringify({ name: 'cli' }),
    });
    tokens[who] = ((await token.json()) as { token: string }).token;
  }
});

after(async () => {
  child.kill('SIGTERM');
  if (child.exitCode === null) await once(child, 'exit');
  await rm(dir, { recursive: true, force: true });
});

describe('meshwork access against a running server', () => {
  let requestId: string;

  test("request: 0 and the pending request; --format json is the server's answer", async () => {
    const run = await access('consumer', [
      'request',
      '--product',
      'sales-orders',
      '--port',
      'orders',
      '--team',
      'finance-team',
      '--purpose',
      'revenue-reporting',
      '--until',
      new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
      '--justification',
      'Revenue per region',
      '--format',
      'json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const request = JSON.parse(run.stdout) as AccessRequest;
    assert.equal(request.state, 'pending');
    requestId = request.id;
  });

  const untilIn = (days: number) =>
    new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const requestWith = (who: Who, extra: readonly string[]) =>
    access(who, [
      'request',
      '--product',
      'sales-orders',
      '--port',
      'orders',
      '--team',
      'finance-team',
      '--purpose',
      'revenue-reporting',
      '--justification',
      'Revenue per region',
      ...extra,
    ]);

  test('--columns takes plain property names, normalised to object.property', async () => {
    const run = await requestWith('consumer', [
      '--until',
      untilIn(10),
      '--columns',
      'order_id, orders.total_eur',
      '--format',
      'json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const plain = JSON.parse(run.stdout) as AccessRequest;
    assert.deepEqual(plain.columns, ['orders.order_id', 'orders.total_eur']);
    // Rejected with a comment: the list says by whom and why.
    const rejected = await access('owner', [
      'decide',
      plain.id,
      'reject',
      '--comment',
      'Use the KPIs',
    ]);
    assert.equal(rejected.code, 0, rejected.stderr);
    const mine = await access('consumer', ['list', '--view', 'mine']);
    assert.equal(mine.code, 0, mine.stderr);
    const block = mine.stdout.slice(mine.stdout.indexOf(plain.id));
    assert.match(block, /rejected +sales-orders orders → finance-team .*requested by ahofmann/);
    assert.match(block, /purpose revenue-reporting; orders\.order_id, orders\.total_eur/);
    assert.match(block, /“Revenue per region”/);
    assert.match(block, /rejected by tlechner: Use the KPIs/);
  });

  test('an unknown column is said once, with every valid name and no "…"', async () => {
    const run = await requestWith('consumer', ['--until', untilIn(10), '--columns', 'nonesuch']);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr.split('The port has no column "nonesuch"').length, 2, run.stderr);
    assert.match(run.stderr, /orders\.order_id, orders\.order_number,/);
    assert.match(run.stderr, /orders\.shipping_country_code/);
    assert.doesNotMatch(run.stderr, /…/);
  });

  test('list: a pending request with its purpose, all columns, justification and the approvals missing', async () => {
    const run = await access('consumer', ['list']);
    assert.equal(run.code, 0, run.stderr);
    const block = run.stdout.slice(run.stdout.indexOf(requestId)).split(/\n(?=\S)/)[0]!;
    assert.match(block, /pending +sales-orders orders → finance-team .*requested by ahofmann/);
    assert.match(block, /purpose revenue-reporting; all columns/);
    assert.match(block, /waiting for: owner, dpo \(data protection officer\)/);
  });

  test('a policy refusal exits 1 and prints its findings', async () => {
    const run = await access('consumer', [
      'request',
      '--product',
      'sales-orders',
      '--port',
      'orders',
      '--team',
      'finance-team',
      '--purpose',
      'curiosity',
      '--until',
      new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
      '--justification',
      'Just looking',
    ]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /422/);
    assert.match(run.stderr, /error/);
  });

  test("a stranger cannot decide (exit 2, the server's 403 named)", async () => {
    const run = await access('stranger', ['decide', requestId, 'approve']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /403/);
  });

  test('the owner finds it in the inbox and approves; the DPO approves; the consumer sees the grant', async () => {
    const inbox = await access('owner', ['list', '--view', 'to-decide', '--format', 'json']);
    assert.equal(inbox.code, 0, inbox.stderr);
    assert.ok(
      (JSON.parse(inbox.stdout) as { items: AccessRequest[] }).items.some(
        (r) => r.id === requestId,
      ),
    );
    const owner = await access('owner', ['decide', requestId, 'approve', '--comment', 'fine']);
    assert.equal(owner.code, 0, owner.stderr);
    assert.match(owner.stdout, new RegExp(`request ${requestId}`));
    const dpo = await access('dpo', ['decide', requestId, 'approve']);
    assert.equal(dpo.code, 0, dpo.stderr);
    assert.match(dpo.stdout, /active/);
    const again = await access('dpo', ['decide', requestId, 'approve']);
    assert.equal(again.code, 2, "deciding twice is the server's 409");
    assert.match(again.stderr, /409/);
    const grants = await access('consumer', ['list', 'grants', '--state', 'active']);
    assert.equal(grants.code, 0, grants.stderr);
    assert.match(grants.stdout, /sales-orders orders → finance-team/);
    assert.ok(
      grants.stdout.includes(`GET ${url}/api/products/sales-orders/ports/orders/data?format=`),
      `the data route as a full URL: ${grants.stdout}`,
    );
  });

  test('the consumer downloads with the token; revoke by a stranger is 2, by the owner 0', async () => {
    const listed = await access('consumer', ['list', 'grants', '--format', 'json']);
    const grant = (JSON.parse(listed.stdout) as { items: Grant[] }).items.find(
      (g) => g.requestId === requestId,
    )!;
    const data = await fetch(`${url}/api/products/sales-orders/ports/orders/data?format=csv`, {
      headers: { authorization: `Bearer ${tokens.consumer}` },
    });
    assert.equal(data.status, 200, await data.clone().text());
    assert.match(await data.text(), /^order_id,/);
    const stranger = await access('stranger', ['revoke', grant.id]);
    assert.equal(stranger.code, 2);
    const owner = await access('owner', ['revoke', grant.id]);
    assert.equal(owner.code, 0, owner.stderr);
    assert.match(
      owner.stdout,
      new RegExp(
        `grant ${grant.id} revoked: team finance-team no longer reads sales-orders port orders`,
      ),
    );
    const ended = await access('consumer', ['list', 'grants', '--state', 'revoked']);
    assert.equal(ended.code, 0, ended.stderr);
    assert.match(ended.stdout, new RegExp(`${grant.id}  revoked`));
    assert.match(ended.stdout, /ended by tlechner/);
    assert.doesNotMatch(ended.stdout, /GET |SELECT/, 'no way to connect to an ended grant');
    const denied = await fetch(`${url}/api/products/sales-orders/ports/orders/data`, {
      headers: { authorization: `Bearer ${tokens.consumer}` },
    });
    assert.equal(denied.status, 403);
  });

  test('decide --rows: the owner narrows the grant to some rows; text and JSON say so', async () => {
    const made = await requestWith('consumer', ['--until', untilIn(20), '--format', 'json']);
    assert.equal(made.code, 0, made.stderr);
    const id = (JSON.parse(made.stdout) as AccessRequest).id;
    const bad = await access('owner', ['decide', id, 'approve', '--rows', 'orders.order_id']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--rows is COLUMN=V1,V2/);
    const refused = await access('owner', ['decide', id, 'approve', '--rows', 'orders.nope=1']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /not a granted column/);
    const owner = await access('owner', [
      'decide',
      id,
      'approve',
      '--rows',
      'orders.order_id=2, 3',
    ]);
    assert.equal(owner.code, 0, owner.stderr);
    assert.match(owner.stdout, /rows: orders\.order_id ∈ \{2, 3\}/);
    const dpo = await access('dpo', ['decide', id, 'approve', '--format', 'json']);
    assert.equal(dpo.code, 0, dpo.stderr);
    const done = JSON.parse(dpo.stdout) as AccessRequest;
    assert.deepEqual(done.rowFilter, { column: 'orders.order_id', values: ['2', '3'] });
  });

  test('sweep: admin only', async () => {
    const consumer = await access('consumer', ['sweep']);
    assert.equal(consumer.code, 2);
    assert.match(consumer.stderr, /403/);
    const admin = await access('admin', ['sweep', '--format', 'json']);
    assert.equal(admin.code, 0, admin.stderr);
    assert.ok(Array.isArray((JSON.parse(admin.stdout) as { expired: unknown }).expired));
  });
});

describe('meshwork access usage errors (exit 2, no server asked)', () => {
  const run = (args: readonly string[], env: NodeJS.ProcessEnv = { MESHWORK_TOKEN: 'mwt_x' }) =>
    cli(['access', ...args], '/', { env });

  test('without --server, token, a known action or the options an action needs', async () => {
    assert.equal((await run(['list'])).code, 2);
    assert.match(
      (await run(['list', '--server', 'http://127.0.0.1:9'], {})).stderr,
      /MESHWORK_TOKEN/,
    );
    assert.match(
      (await run(['grant', '--server', 'http://127.0.0.1:9'])).stderr,
      /unknown access action/,
    );
    assert.match(
      (await run(['request', '--server', 'http://127.0.0.1:9'])).stderr,
      /needs --product/,
    );
    assert.match(
      (await run(['decide', 'r1', 'maybe', '--server', 'http://127.0.0.1:9'])).stderr,
      /approve or reject/,
    );
    assert.equal(
      (await run(['list', '--format', 'yaml', '--server', 'http://127.0.0.1:9'])).code,
      2,
    );
    assert.equal((await run(['--help'])).code, 0);
  });

  test('a bad --until is caught before the server is asked, naming the format', async () => {
    for (const until of ['31.03.2027', '2027-02-30', 'tomorrow', '2027-03-31T12:00']) {
      const result = await run([
        'request',
        '--server',
        'http://127.0.0.1:9',
        '--product',
        'p',
        '--port',
        'o',
        '--team',
        't',
        '--purpose',
        'x',
        '--justification',
        'j',
        '--until',
        until,
      ]);
      assert.equal(result.code, 2, until);
      assert.match(result.stderr, /use YYYY-MM-DD/, until);
      assert.doesNotMatch(result.stderr, /cannot reach/, until);
    }
  });

  test('an unreachable server is exit 2 with its address', async () => {
    const result = await run(['list', '--server', 'http://127.0.0.1:9']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /cannot reach the Meshwork server at http:\/\/127\.0\.0\.1:9/);
  });
});
