import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { catalogName, planCatalogFiles } from '../../../src/app/trino/catalog-files.ts';
import { cli } from '../../support/cli.ts';
import { organisation } from '../../support/mesh-fixture.ts';

/** A source contract's YAML with these servers and one object. */
function sourceContract(id: string, servers: unknown[]): string {
  return stringify({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id,
    version: '1.0.0',
    status: 'active',
    servers,
    schema: [{ name: 'orders', properties: [{ name: 'id', logicalType: 'integer' }] }],
  });
}

const SECRET = 'pw-0f1e2d3c4b5a';

describe('meshwork trino catalogs', () => {
  let mesh: string;
  let out: string;
  before(async () => {
    mesh = await mkdtemp(join(tmpdir(), 'meshwork-trino-catalogs-'));
    out = join(mesh, 'catalogs');
    await writeFile(join(mesh, 'meshwork.yaml'), stringify(organisation));
    await mkdir(join(mesh, 'sources', 'webshop'), { recursive: true });
    await mkdir(join(mesh, 'sources', 'erp'), { recursive: true });
    const webshop = {
      server: 'webshop',
      type: 'postgresql',
      host: 'db.example.com',
      port: 5433,
      database: 'shop',
      schema: 'public',
    };
    await writeFile(
      join(mesh, 'sources', 'webshop', 'orders.odcs.yaml'),
      sourceContract('orders', [
        webshop,
        { server: 'webshop-files', type: 'local', format: 'parquet', path: 'x.parquet' },
      ]),
    );
    // The same server in a second contract: one catalog file, both contracts named.
    await writeFile(
      join(mesh, 'sources', 'webshop', 'customers.odcs.yaml'),
      sourceContract('customers', [webshop]),
    );
    await writeFile(
      join(mesh, 'sources', 'erp', 'ledger.odcs.yaml'),
      sourceContract('ledger', [
        { server: 'erp-db', type: 'mariadb', host: '10.0.0.7', database: 'erp' },
        { server: 'Legacy.MySQL', type: 'mysql', host: 'legacy', port: '3307' },
        // Hostile entries: each would add a property of its author's choosing.
        {
          server: 'evil-host',
          type: 'postgresql',
          host: 'db\nconnection-url=jdbc:postgresql://attacker/x',
          database: 'x',
        },
        {
          server: 'evil-db',
          type: 'postgresql',
          host: 'db',
          database: 'x\nconnection-user=${ENV:AWS_SECRET_ACCESS_KEY}',
        },
        {
          server: 'evil-port',
          type: 'mysql',
          host: 'db',
          port: '3306/x?allowLoadLocalInfile=true',
        },
        { server: 'no-host', type: 'postgres', database: 'x' },
      ]),
    );
  });
  after(() => rm(mesh, { recursive: true, force: true }));

  it('writes one file per database server with the connector and JDBC URL, and no secret', async () => {
    const run = await cli(['trino', 'catalogs', mesh, '--out', out], mesh, {
      env: {
        MESHWORK_WEBSHOP_USER: 'shop_reader',
        MESHWORK_WEBSHOP_PASSWORD: SECRET,
        MESHWORK_ERP_DB_PASSWORD: SECRET,
      },
    });
    assert.equal(run.code, 1, 'some servers could not be written');
    assert.deepEqual((await readdir(out)).sort(), [
      'erp_db.properties',
      'legacy_mysql.properties',
      'webshop.properties',
    ]);
    const webshop = await readFile(join(out, 'webshop.properties'), 'utf8');
    const properties = (text: string): string[] =>
      text.split('\n').filter((l) => l && !l.startsWith('#'));
    assert.deepEqual(properties(webshop), [
      'connector.name=postgresql',
      'connection-url=jdbc:postgresql://db.example.com:5433/shop',
      'connection-user=${ENV:MESHWORK_WEBSHOP_USER}',
      'connection-password=${ENV:MESHWORK_WEBSHOP_PASSWORD}',
    ]);
    assert.deepEqual(properties(await readFile(join(out, 'erp_db.properties'), 'utf8')), [
      'connector.name=mariadb',
      'connection-url=jdbc:mariadb://10.0.0.7:3306',
      'connection-user=${ENV:MESHWORK_ERP_DB_USER}',
      'connection-password=${ENV:MESHWORK_ERP_DB_PASSWORD}',
    ]);
    assert.deepEqual(properties(await readFile(join(out, 'legacy_mysql.properties'), 'utf8')), [
      'connector.name=mysql',
      'connection-url=jdbc:mysql://legacy:3307',
      'connection-user=${ENV:MESHWORK_LEGACY_MYSQL_USER}',
      'connection-password=${ENV:MESHWORK_LEGACY_MYSQL_PASSWORD}',
    ]);
    for (const file of await readdir(out)) {
      const text = await readFile(join(out, file), 'utf8');
      assert.ok(!text.includes(SECRET), `${file} holds the password`);
      assert.ok(!text.includes('shop_reader'), `${file} holds the user`);
    }
    assert.match(
      run.stdout,
      /webshop\.properties {2}postgresql, server webshop \(sources\/webshop\/customers\.odcs\.yaml, sources\/webshop\/orders\.odcs\.yaml\)/,
    );
    assert.ok(!run.stdout.includes(SECRET));
  });

  it('writes no hostile value and names each server it did not write, with the reason', async () => {
    const run = await cli(['trino', 'catalogs', mesh, '--out', out, '--format', 'json'], mesh);
    const result = JSON.parse(run.stdout) as {
      skipped: { server: string; reason: string }[];
    };
    assert.deepEqual(
      result.skipped.map((s) => [s.server, s.reason]),
      [
        ['evil-host', '`host` is not a plain host name or address'],
        ['evil-db', '`database` is not a plain database name'],
        ['evil-port', '`port` is not a port number (1–65535)'],
        ['no-host', 'no `host`: the catalog needs the server address'],
      ],
    );
    for (const file of await readdir(out)) {
      const text = await readFile(join(out, file), 'utf8');
      assert.doesNotMatch(text, /attacker|AWS_SECRET|allowLoadLocalInfile/, file);
      assert.equal(text.split('\n').filter((l) => l.includes('=')).length, 4, file);
    }
  });

  it('refuses two servers that would share a catalog name with different addresses', () => {
    const plan = planCatalogFiles([
      {
        contract: 'a.yaml',
        servers: [{ server: 'Shop', type: 'postgresql', host: 'a', database: 'd' }],
      },
      {
        contract: 'b.yaml',
        servers: [{ server: 'shop', type: 'postgresql', host: 'b', database: 'd' }],
      },
    ]);
    assert.deepEqual(
      plan.files.map((f) => [f.catalog, f.contracts]),
      [['shop', ['a.yaml']]],
    );
    assert.equal(plan.skipped.length, 1);
    assert.match(plan.skipped[0]!.reason, /catalog "shop" is already written for server "Shop"/);
  });

  it('makes catalog names Trino accepts', () => {
    assert.equal(catalogName('Web-Shop.Prod'), 'web_shop_prod');
    assert.equal(catalogName('1st'), 'c_1st');
    assert.equal(catalogName('x'.repeat(100)).length, 60);
  });

  it('says so when the mesh has no database server', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'meshwork-trino-empty-'));
    try {
      await writeFile(join(empty, 'meshwork.yaml'), stringify(organisation));
      const run = await cli(['trino', 'catalogs', '--out', join(empty, 'out')], empty);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /0 catalog file\(s\) .*no PostgreSQL, MySQL or MariaDB server/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('meshwork trino catalogs into an operator etc/catalog (security review)', () => {
  const OPERATOR_HIVE = 'connector.name=hive\nhive.metastore=file\n# operator-written\n';
  let mesh: string;
  let out: string;
  before(async () => {
    mesh = await mkdtemp(join(tmpdir(), 'meshwork-trino-operator-'));
    out = join(mesh, 'etc-catalog');
    await writeFile(join(mesh, 'meshwork.yaml'), stringify(organisation));
    await mkdir(join(mesh, 'sources', 'evil'), { recursive: true });
    const server = (name: string, host: string): Record<string, unknown> => ({
      server: name,
      type: 'postgresql',
      host,
      port: 5432,
      database: 'x',
    });
    await writeFile(
      join(mesh, 'sources', 'evil', 'x.odcs.yaml'),
      sourceContract('x', [
        server('Hive', 'attacker.example.com'),
        server('SYSTEM', 'attacker.example.com'),
        server('iceberg', 'attacker.example.com'),
        server('shop', 'db.example.com'),
      ]),
    );
    await mkdir(out);
    await writeFile(join(out, 'hive.properties'), OPERATOR_HIVE);
    await writeFile(join(out, 'Iceberg.properties'), 'connector.name=iceberg\n');
  });
  after(() => rm(mesh, { recursive: true, force: true }));

  it('replaces no file it did not write, writes no reserved or case-clashing catalog, and says so', async () => {
    const run = await cli(['trino', 'catalogs', mesh, '--out', out, '--format', 'json'], mesh);
    assert.equal(run.code, 1, run.stderr);
    const result = JSON.parse(run.stdout) as {
      files: { fileName: string }[];
      skipped: { server: string; reason: string }[];
    };
    assert.deepEqual(
      result.files.map((f) => f.fileName),
      ['shop.properties'],
    );
    const reasons = new Map(result.skipped.map((s) => [s.server, s.reason]));
    assert.match(reasons.get('Hive') ?? '', /hive\.properties .*not written by `meshwork trino/);
    assert.match(reasons.get('SYSTEM') ?? '', /catalog "system" is Trino's own/);
    assert.match(reasons.get('iceberg') ?? '', /Iceberg\.properties .*same catalog/);
    assert.equal(await readFile(join(out, 'hive.properties'), 'utf8'), OPERATOR_HIVE);
    assert.equal(
      await readFile(join(out, 'Iceberg.properties'), 'utf8'),
      'connector.name=iceberg\n',
    );
    assert.deepEqual((await readdir(out)).sort(), [
      'Iceberg.properties',
      'hive.properties',
      'shop.properties',
    ]);
  });

  it('replaces a file it wrote itself on the next run', async () => {
    await writeFile(join(out, 'shop.properties'), '# Written by `meshwork trino catalogs`.\nold\n');
    const run = await cli(['trino', 'catalogs', mesh, '--out', out, '--format', 'json'], mesh);
    const result = JSON.parse(run.stdout) as { files: { fileName: string }[] };
    assert.deepEqual(
      result.files.map((f) => f.fileName),
      ['shop.properties'],
    );
    assert.match(
      await readFile(join(out, 'shop.properties'), 'utf8'),
      /connection-url=jdbc:postgresql:\/\/db\.example\.com:5432\/x/,
    );
  });
});
