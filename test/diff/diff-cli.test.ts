import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { runCli } from '../../src/cli/main.ts';
import type { Grant } from '../../src/core/access/model.ts';
import { createEmbeddedStore } from '../../src/stores/embedded/index.ts';
import { cli } from '../support/cli.ts';
import { contract, domain, organisation, product } from '../support/mesh-fixture.ts';

let dir: string;
/** The mesh lives in `mesh/` of the repository, so paths below the top are exercised. */
let meshDir: string;

const ORDERS = 'domains/sales/orders/orders.odcs.yaml';
const baseOrders = (): Record<string, unknown> =>
  contract('orders', 'active', { orders: ['id', 'amount'] }) as Record<string, unknown>;

async function put(path: string, value: unknown): Promise<void> {
  const file = join(meshDir, path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, typeof value === 'string' ? value : stringify(value));
}

function git(...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=Test',
      '-c',
      'user.email=test@example.com',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    { cwd: dir, encoding: 'utf8', env: isolatedEnv() },
  );
}

/** Never the repository of whoever runs the tests (GIT_DIR and friends from a hook). */
function isolatedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_')));
}

async function json(
  args: string[],
  cwd = dir,
): Promise<{ code: number; body: Record<string, unknown> }> {
  const run = await cli([...args, '--format', 'json'], cwd);
  assert.equal(run.stderr, '', run.stderr);
  return { code: run.code, body: JSON.parse(run.stdout) as Record<string, unknown> };
}

type Change = { path: string; change: string; severity: string; file: string };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshwork-diff-'));
  meshDir = join(dir, 'mesh');
  await put('meshwork.yaml', organisation);
  await put('domains/sales/domain.yaml', domain('sales'));
  await put('domains/marketing/domain.yaml', domain('marketing'));
  await put(
    'domains/sales/orders/product.odps.yaml',
    product({ id: 'orders', domain: 'sales', outputs: ['orders', 'returns'] }),
  );
  await put(ORDERS, baseOrders());
  await put('domains/sales/orders/returns.odcs.yaml', contract('returns'));
  await put(
    'domains/marketing/campaigns/product.odps.yaml',
    product({ id: 'campaigns', domain: 'marketing', inputs: ['orders'] }),
  );
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'initial mesh');
  git('tag', 'v1');
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('meshwork diff --base against a real git repository', () => {
  it('reports no changes for an unchanged mesh', async () => {
    const { code, body } = await json(['diff', '--base', 'HEAD', 'mesh']);
    assert.equal(code, 0);
    assert.deepEqual(body.changes, []);
    assert.equal(body.breaking, false);
  });

  it('fails a breaking change without a new major version and names the consumers', async () => {
    const changed = baseOrders();
    (changed.schema as { properties: unknown[] }[])[0]!.properties.pop();
    await put(ORDERS, changed);
    const { code, body } = await json(['diff', '--base', 'v1', 'mesh']);
    assert.equal(code, 1);
    assert.equal(body.breaking, true);
    assert.deepEqual(
      (body.changes as Change[]).map((c) => [c.file, c.path, c.change, c.severity]),
      [[join('mesh', ORDERS), '$.schema[orders].properties[amount]', 'removed', 'breaking']],
    );
    assert.deepEqual(body.consumers, [
      {
        product: 'campaigns',
        domain: 'marketing',
        team: 'marketing-team',
        contract: 'orders',
        port: 'in_0',
        distance: 1,
      },
    ]);
    const [version] = body.versions as { severity: string; bump: string }[];
    assert.equal(version?.severity, 'error');
    assert.equal(version?.bump, 'none');
    assert.match(String(body.note), /teams with an active grant/);
  });

  it('names the teams with an active grant from the workspace store, and says when it cannot', async () => {
    const store = createEmbeddedStore({ directory: join(meshDir, '.meshwork', 'store') });
    await store.migrate();
    await store.grants.create(grantOn('g-1', 'orders', 'finance-team', 'active'));
    await store.grants.create(grantOn('g-2', 'orders', 'hr-team', 'revoked'));
    await store.close();
    const changed = baseOrders();
    (changed.schema as { properties: unknown[] }[])[0]!.properties.pop();
    await put(ORDERS, changed);
    try {
      const { body } = await json(['diff', '--base', 'v1', 'mesh']);
      assert.deepEqual(
        (body.grantees as { grantId: string; team: string; distance: number }[]).map((g) => [
          g.grantId,
          g.team,
          g.distance,
        ]),
        [['g-1', 'finance-team', 1]],
        'the active grant, not the revoked one',
      );
      assert.equal(body.granteesUnknown, null);
      const text = await cli(['diff', '--base', 'v1', 'mesh'], dir);
      assert.match(text.stdout, /Teams with access \(1\)\n {2}team finance-team \(finance\)/);
      // A store that cannot be read is said, never taken for "no one has access".
      const broken = await cli(['diff', '--base', 'v1', 'mesh', '--format', 'json'], dir, {
        env: { MESHWORK_DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' },
      });
      const report = JSON.parse(broken.stdout) as { grantees: unknown[]; granteesUnknown: string };
      assert.deepEqual(report.grantees, []);
      assert.match(report.granteesUnknown, /teams with access are not named: .*store/);
      assert.doesNotMatch(report.granteesUnknown, /secret/);
    } finally {
      await rm(join(meshDir, '.meshwork'), { recursive: true, force: true });
      git('checkout', '-q', '--', '.');
    }
  });

  it('accepts the same change with a new major version, run from inside the mesh', async () => {
    const changed: Record<string, unknown> = { ...baseOrders(), version: '2.0.0' };
    (changed.schema as { properties: unknown[] }[])[0]!.properties.pop();
    await put(ORDERS, changed);
    const { code, body } = await json(['diff', '--base', 'main'], meshDir);
    assert.equal(code, 0);
    assert.equal(body.breaking, true);
    assert.deepEqual(
      (body.changes as Change[]).map((c) => [c.file, c.path, c.severity]),
      [
        [ORDERS, '$.version', 'info'],
        [ORDERS, '$.schema[orders].properties[amount]', 'breaking'],
      ],
    );
  });

  it('reports added and removed contract files, and a moved file as the same contract', async () => {
    await put(ORDERS, baseOrders());
    await rm(join(meshDir, 'domains/sales/orders/returns.odcs.yaml'));
    await put('domains/sales/orders/refunds.odcs.yaml', contract('refunds'));
    git('mv', 'mesh/' + ORDERS, 'mesh/domains/sales/orders/orders-contract.odcs.yaml');
    const { code, body } = await json(['diff', '--base', 'HEAD', 'mesh']);
    assert.equal(code, 1, 'a contract removed without being retired');
    assert.deepEqual(
      (body.changes as Change[]).map((c) => [c.file, c.path, c.change, c.severity]),
      [
        ['mesh/domains/sales/orders/refunds.odcs.yaml', '$', 'added', 'info'],
        ['mesh/domains/sales/orders/returns.odcs.yaml', '$', 'removed', 'breaking'],
      ],
    );
    git('mv', 'mesh/domains/sales/orders/orders-contract.odcs.yaml', 'mesh/' + ORDERS);
    git('checkout', '-q', '--', '.');
    await rm(join(meshDir, 'domains/sales/orders/refunds.odcs.yaml'));
  });

  it('skips a contract that is not valid ODCS at the ref instead of calling it new', async () => {
    const broken = 'domains/sales/orders/draft.odcs.yaml';
    await put(broken, 'apiVersion: v3.1.0\nkind: DataContract\nid: draft\n');
    git('add', '.');
    git('commit', '-q', '-m', 'a draft contract, not yet valid');
    await put(broken, contract('draft'));
    const { code, body } = await json(['diff', '--base', 'HEAD', 'mesh']);
    assert.equal(code, 0);
    assert.deepEqual(body.changes, []);
    const skipped = body.skipped as { file: string; reason: string }[];
    assert.deepEqual(
      skipped.map((s) => s.file),
      [`mesh/${broken} at HEAD`],
    );
    assert.match(skipped[0]!.reason, /not a valid ODCS contract: 1:1 .*version/);
  });

  it('exits 2 for an unknown ref, a folder outside git and a ref that looks like an option', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'meshwork-nogit-'));
    try {
      const cases: [string[], string, RegExp][] = [
        [['diff', '--base', 'no-such-branch', 'mesh'], dir, /Unknown git ref "no-such-branch"/],
        [['diff', '--base', 'HEAD'], outside, /not inside a git repository/],
        [['diff', '--base=--output=x', 'mesh'], dir, /is not a git ref/],
        [['diff', '--base', 'HEAD', 'nowhere'], dir, /nowhere: no such mesh folder/],
        [['diff', '--base', 'HEAD', 'a', 'b'], dir, /--base takes one mesh PATH/],
      ];
      for (const [args, cwd, message] of cases) {
        const run = await cli(args, cwd);
        assert.equal(run.code, 2, args.join(' '));
        assert.match(run.stderr, message);
      }
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe('meshwork diff OLD NEW', () => {
  it('prints the JSON shape and exits by the version rule', async () => {
    const changed = { ...baseOrders(), status: 'deprecated', version: '1.1.0' };
    await put('v2/orders.odcs.yaml', changed);
    const { code, body } = await json(['diff', join('mesh', ORDERS), 'mesh/v2/orders.odcs.yaml']);
    assert.equal(code, 0);
    assert.deepEqual(Object.keys(body).sort(), [
      'breaking',
      'changes',
      'consumers',
      'grantees',
      'granteesUnknown',
      'note',
      'ok',
      'skipped',
      'versions',
    ]);
    assert.deepEqual(body.changes, [
      {
        path: '$.status',
        change: 'changed',
        severity: 'warning',
        from: 'active',
        to: 'deprecated',
        reason: 'Deprecated: consumers should move to a successor before it is retired.',
        file: 'mesh/v2/orders.odcs.yaml',
        contract: 'orders',
      },
      {
        path: '$.version',
        change: 'changed',
        severity: 'info',
        from: '1.0.0',
        to: '1.1.0',
        reason: 'The version (see the version check).',
        file: 'mesh/v2/orders.odcs.yaml',
        contract: 'orders',
      },
    ]);
    assert.deepEqual(
      (body.consumers as { product: string }[]).map((c) => c.product),
      ['campaigns'],
      'consumers from the mesh that holds NEW',
    );
    await rm(join(meshDir, 'v2'), { recursive: true });
  });

  it('writes readable text without colour when not on a terminal', async () => {
    const old = join(dir, 'old.odcs.yaml');
    const changed = baseOrders();
    (changed.schema as { properties: { logicalType: string }[] }[])[0]!.properties[1]!.logicalType =
      'integer';
    await writeFile(old, stringify(baseOrders()));
    await writeFile(join(dir, 'new.odcs.yaml'), stringify(changed));
    const run = await cli(['diff', 'old.odcs.yaml', 'new.odcs.yaml'], dir);
    assert.equal(run.code, 1);
    assert.ok(!run.stdout.includes('\u001b['), 'no colour codes');
    assert.match(run.stdout, /^new\.odcs\.yaml {2}\(contract orders\)$/m);
    assert.match(
      run.stdout,
      /breaking +\$\.schema\[orders\]\.properties\[amount\]\.logicalType {2}string → integer/,
    );
    assert.match(
      run.stdout,
      /✖ version {2}Breaking changes need a new major version: 1\.0\.0 → 2\.0\.0/,
    );
    assert.match(run.stdout, /no consumers are named; pass --mesh PATH/);
    let coloured = '';
    await runCli(['diff', 'old.odcs.yaml', 'new.odcs.yaml'], {
      stdout: (t) => (coloured += t),
      stderr: () => undefined,
      color: true,
      isTTY: true,
      cwd: dir,
      env: {},
    });
    assert.ok(coloured.includes('\u001b[31mbreaking'), 'red on a terminal');
    const named = await cli(['diff', 'old.odcs.yaml', 'new.odcs.yaml', '--mesh', 'mesh'], dir);
    assert.match(named.stdout, /Consumers \(1\)\n {2}marketing\/campaigns {2}team marketing-team/);
  });

  it('exits 2 on usage errors and contracts that cannot be compared', async () => {
    await writeFile(join(dir, 'broken.odcs.yaml'), 'apiVersion: v3.1.0\nkind: DataContract\n');
    const cases: [string[], RegExp][] = [
      [['diff', 'old.odcs.yaml'], /needs two contract files/],
      [['diff', 'old.odcs.yaml', 'new.odcs.yaml', '--format', 'xml'], /--format must be one of/],
      [['diff', 'old.odcs.yaml', 'missing.odcs.yaml'], /missing\.odcs\.yaml: no such file/],
      [
        ['diff', 'old.odcs.yaml', 'broken.odcs.yaml'],
        /broken\.odcs\.yaml: not a valid ODCS contract/,
      ],
      [['diff', 'old.odcs.yaml', 'mesh'], /mesh is a folder/],
      [['diff', '--base', 'HEAD', '--mesh', 'mesh'], /--mesh is for two files/],
      [['diff', '--colour'], /Unknown option '--colour'/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(args, dir);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    }
    const help = await cli(['diff', '--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: meshwork diff OLD NEW/);
  });
});

function grantOn(id: string, productId: string, team: string, state: Grant['state']): Grant {
  return {
    id,
    requestId: `r-${id}`,
    productId,
    port: 'out_0',
    consumerTeam: team,
    consumerDomain: team.replace(/-team$/, ''),
    purpose: 'reporting',
    columns: null,
    personalInClear: false,
    state,
    startsAt: '2026-12-01T00:00:00Z',
    endsAt: '2027-03-01T00:00:00Z',
    certifiedAt: '2026-12-01T00:00:00Z',
    endedAt: null,
    endedBy: null,
    provisioning: [],
    remindedAt: null,
  };
}
