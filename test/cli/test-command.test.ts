import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { cli } from '../support/cli.ts';

const contract = (quality: unknown[]) =>
  stringify({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'people',
    version: '1.0.0',
    status: 'active',
    servers: [{ server: 'files', type: 'local', path: './{model}.csv', format: 'csv' }],
    schema: [
      {
        name: 'people',
        properties: [
          { name: 'id', logicalType: 'integer', primaryKey: true },
          { name: 'age', logicalType: 'integer', quality },
        ],
      },
    ],
  });

describe('meshwork test', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-cli-test-'));
    await writeFile(join(dir, 'people.csv'), 'id,age\n1,30\n2,forty\n3,50\n');
    await writeFile(
      join(dir, 'warn.odcs.yaml'),
      contract([{ metric: 'rowCount', mustBeGreaterThan: 10, severity: 'warning' }]),
    );
  });

  after(() => rm(dir, { recursive: true, force: true }));

  it('exits 1 when a check fails and prints the run as JSON', async () => {
    const { code, stdout } = await cli(['test', 'warn.odcs.yaml', '--format', 'json'], dir);
    assert.equal(code, 1);
    const run = JSON.parse(stdout) as {
      status: string;
      checks: { id: string; status: string; value: unknown }[];
    };
    // The fields scripts read stay; what the run read is added beside them.
    assert.deepEqual(Object.keys(run).sort(), [
      'checks',
      'durationMs',
      'passedOver',
      'server',
      'startedAt',
      'status',
      'warnings',
    ]);
    assert.equal(run.status, 'failed');
    const type = run.checks.find((c) => c.id === 'people.age.type')!;
    assert.deepEqual([type.status, type.value], ['failed', 1]);
    const rowCount = run.checks.find(
      (c) => c.id === 'people.quality[0].rowCount' || c.id.endsWith('rowCount'),
    )!;
    assert.deepEqual([rowCount.status, rowCount.value], ['warning', 3]);
  });

  it('exits 0 with warnings only, and summarises in text', async () => {
    await writeFile(join(dir, 'people.csv'), 'id,age\n1,30\n2,40\n');
    const { code, stdout } = await cli(['test', 'warn.odcs.yaml'], dir);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /WARNING: \d+ passed, 0 failed, 1 warnings, 0 errors/);
    assert.match(stdout, /rowCount is 2, expected > 10/);
  });

  it('exits 2 when the data cannot be read, or on usage errors', async () => {
    await rm(join(dir, 'people.csv'));
    const unreadable = await cli(['test', 'warn.odcs.yaml'], dir);
    assert.equal(unreadable.code, 2);
    // No server is usable (its file is gone): the one cause is said once, with the
    // number of checks it stopped.
    assert.equal(unreadable.stdout.match(/no server can be read/g)?.length, 1, unreadable.stdout);
    assert.match(unreadable.stdout, /server "files" \(local\): no file at \S*people\.csv/);
    assert.match(unreadable.stdout, /\(\d+ checks\)/);
    const unknownSchema = await cli(['test', 'warn.odcs.yaml', '--schema', 'nope'], dir);
    assert.equal(unknownSchema.code, 2);
    assert.match(unknownSchema.stderr, /no schema object "nope"/);
    assert.equal((await cli(['test', 'missing.odcs.yaml'], dir)).code, 2);
    await writeFile(
      join(dir, 'bad.odcs.yaml'),
      'apiVersion: v3.1.0\nkind: DataContract\nschema: oops\n',
    );
    const invalid = await cli(['test', 'bad.odcs.yaml'], dir);
    assert.equal(invalid.code, 2);
    assert.match(
      invalid.stderr,
      /bad\.odcs\.yaml is not a valid ODCS contract \(\d+ problems?; line \d+: /,
    );
    assert.equal((await cli(['test', '--bogus'], dir)).code, 2);
  });
});
