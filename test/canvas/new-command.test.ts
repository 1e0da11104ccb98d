/**
 * `meshwork new product` as a real process, unattended: on a copy of the Alpine Bikes
 * demo with built data and on a small fresh mesh with a CSV source. What it drafts must
 * pass `meshwork validate`, `build` and `test` at once, each run as its own process.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { builtDemo } from '../support/built-demo.ts';
import { repoRoot } from '../support/standards.ts';
import { freshMesh } from './fresh-mesh.ts';

const run = promisify(execFile);

async function meshwork(args: readonly string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [join(repoRoot, 'bin/meshwork.js'), ...args],
      { cwd, env: { PATH: process.env.PATH }, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** validate, build of the one product, test of its output contract: each must exit 0. */
async function assertValidBuildTest(root: string, id: string, contract: string): Promise<void> {
  const validated = await meshwork(['validate', '.'], root);
  assert.equal(validated.code, 0, `validate:\n${validated.stdout}${validated.stderr}`);
  const built = await meshwork(['build', id, '--format', 'json'], root);
  assert.equal(built.code, 0, `build:\n${built.stdout}${built.stderr}`);
  const report = JSON.parse(built.stdout) as {
    products: { product: string; status: string; ports: { rows: number }[] }[];
  };
  const mine = report.products.find((p) => p.product.endsWith(`/${id}`));
  assert.equal(mine?.status, 'published', built.stdout);
  assert.ok((mine?.ports[0]?.rows ?? 0) > 0, 'the new port has rows');
  const tested = await meshwork(['test', contract], root);
  assert.equal(tested.code, 0, `test:\n${tested.stdout}${tested.stderr}`);
  assert.match(tested.stdout, /PASSED/);
}

describe('meshwork new product on the Alpine Bikes demo', () => {
  let root: string;
  before(async () => {
    root = await builtDemo('canvas-new', {});
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('drafts a product joining two upstream products that validates, builds and tests', async () => {
    const drafted = await meshwork(
      [
        'new',
        'product',
        '--domain',
        'sales',
        '--name',
        'Orders with customer city',
        '--purpose',
        'Orders with the city they ship to, for regional planning.',
        '--consumers',
        'Sales managers planning regional campaigns.',
        '--input',
        'sales-orders-v1',
        '--input',
        'sales-customers-v1',
        '--column',
        'sales-orders-v1.orders.order_id',
        '--column',
        'order_date',
        '--column',
        'sales-customers-v1.customers.city',
        '--column',
        'sales-customers-v1.customers.email',
        '--latency',
        '1d',
        '--schedule',
        '0 5 * * *',
        '--format',
        'json',
      ],
      root,
    );
    assert.equal(drafted.code, 0, drafted.stderr);
    const out = JSON.parse(drafted.stdout) as { folder: string; written: boolean };
    assert.equal(out.folder, 'domains/sales/sales-orders-with-customer-city');
    assert.equal(out.written, true);
    const folder = join(root, out.folder);
    assert.deepEqual(readdirSync(folder).sort(), [
      'orders.odcs.yaml',
      'product.odps.yaml',
      'transform.sql',
    ]);
    const product = parse(readFileSync(join(folder, 'product.odps.yaml'), 'utf8')) as {
      team: { name: string; members: { username: string; role: string }[] };
      customProperties: { property: string; value: string }[];
    };
    // Defaults from the domain: its team and that team's owner; German because the mesh says so.
    assert.equal(product.team.name, 'sales-team');
    assert.deepEqual(
      product.team.members.map((m) => [m.username, m.role]),
      [['mweber', 'owner']],
    );
    assert.ok(
      product.customProperties.some(
        (c) => c.property === 'meshworkKind' && c.value === 'consumer-aligned',
      ),
    );
    assert.match(
      readFileSync(join(folder, 'transform.sql'), 'utf8'),
      /Entwurf aus dem Produkt-Canvas/,
    );
    const contract = parse(readFileSync(join(folder, 'orders.odcs.yaml'), 'utf8')) as {
      schema: { properties: { name: string; classification?: string; tags?: string[] }[] }[];
    };
    const email = contract.schema[0]!.properties.find((p) => p.name === 'email');
    assert.equal(email?.classification, 'restricted');
    assert.deepEqual(email?.tags, ['pii']);
    await assertValidBuildTest(
      root,
      'sales-orders-with-customer-city',
      `${out.folder}/orders.odcs.yaml`,
    );
  });

  it('drafts a source-aligned product from a source contract', async () => {
    const drafted = await meshwork(
      [
        'new',
        'product',
        '--domain',
        'sales',
        '--id',
        'sales-product-prices',
        '--name',
        'Product prices',
        '--purpose',
        'List prices of the catalogue.',
        '--consumers',
        'Pricing.',
        '--input',
        'webshop-products-v1',
        '--lang',
        'en',
      ],
      root,
    );
    assert.equal(drafted.code, 0, drafted.stderr);
    assert.match(
      drafted.stdout,
      /Wrote:\n {2}domains\/sales\/sales-product-prices\/product\.odps\.yaml/,
    );
    const transform = readFileSync(
      join(root, 'domains/sales/sales-product-prices/transform.sql'),
      'utf8',
    );
    assert.match(transform, /drafted from the product canvas/);
    const port = /-- port: (\S+)/.exec(transform)![1]!;
    await assertValidBuildTest(
      root,
      'sales-product-prices',
      `domains/sales/sales-product-prices/${port}.odcs.yaml`,
    );
  });

  it('refuses to overwrite: the same id again exits 1 and leaves the files as they were', async () => {
    const path = join(root, 'domains/sales/sales-product-prices/product.odps.yaml');
    const before = readFileSync(path, 'utf8');
    const again = await meshwork(
      [
        'new',
        'product',
        '--domain',
        'sales',
        '--id',
        'sales-product-prices',
        '--name',
        'X',
        '--purpose',
        'X',
        '--consumers',
        'X',
        '--input',
        'webshop-products-v1',
      ],
      root,
    );
    assert.equal(again.code, 1);
    assert.match(again.stderr, /canvas-id-taken/);
    assert.equal(readFileSync(path, 'utf8'), before);
  });
});

describe('meshwork new product on a fresh mesh', () => {
  let root: string;
  before(() => {
    root = freshMesh();
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('drafts from an imported source contract; validate, build and test pass', async () => {
    const drafted = await meshwork(
      [
        'new',
        'product',
        '--domain',
        'shop',
        '--name',
        'People by account',
        '--purpose',
        'Who belongs to which account.',
        '--consumers',
        'Account managers.',
        '--team',
        'web-team',
        '--input',
        'crm-people-v1',
        '--input',
        'crm-accounts-v1',
        '--column',
        'person_id',
        '--column',
        'email',
        '--column',
        'account_name',
        '--retention',
        '1y',
        '--availability',
        '99.5',
      ],
      root,
    );
    assert.equal(drafted.code, 0, drafted.stderr);
    const contract = parse(
      readFileSync(join(root, 'domains/shop/shop-people-by-account/people.odcs.yaml'), 'utf8'),
    ) as {
      slaProperties: { property: string; value: unknown; unit: string }[];
      team: { name: string };
    };
    assert.equal(contract.team.name, 'web-team');
    assert.deepEqual(
      contract.slaProperties.map((s) => [s.property, s.value, s.unit]),
      [
        ['latency', 1, 'd'],
        ['frequency', 1, 'd'],
        ['retention', 1, 'y'],
        ['availability', 99.5, 'percent'],
      ],
    );
    await assertValidBuildTest(
      root,
      'shop-people-by-account',
      'domains/shop/shop-people-by-account/people.odcs.yaml',
    );
  });

  it('without a terminal and without the answers, says which flags are missing and writes nothing', async () => {
    const result = await meshwork(['new', 'product', '--domain', 'shop'], root);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /give --name, --purpose, --consumers, --input \(/);
    assert.equal(existsSync(join(root, 'domains/shop/shop-')), false);
  });

  it('refuses a traversing id and a hostile schedule; nothing is written outside the mesh', async () => {
    const base = [
      'new',
      'product',
      '--domain',
      'shop',
      '--name',
      'X',
      '--purpose',
      'X',
      '--consumers',
      'X',
      '--input',
      'crm-accounts-v1',
    ];
    const traversing = await meshwork([...base, '--id', '../../../escaped'], root);
    assert.equal(traversing.code, 1);
    assert.match(traversing.stderr, /canvas-id-invalid/);
    assert.equal(existsSync(join(root, '..', 'escaped')), false);
    const schedule = await meshwork([...base, '--schedule', '0 3 * * *\nstatus: active'], root);
    assert.equal(schedule.code, 2);
    assert.match(schedule.stderr, /--schedule must be a cron expression/);
    const dry = await meshwork([...base, '--id', 'shop-dry', '--dry-run'], root);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /-- port: accounts/);
    assert.equal(existsSync(join(root, 'domains/shop/shop-dry')), false);
  });
});
