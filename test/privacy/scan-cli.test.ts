import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { classifyColumn } from '../../src/core/privacy/scan/classify.ts';
import { cli } from '../support/cli.ts';
import { generateScanDataset } from '../support/scan-dataset.ts';
import type { LabelledTable } from '../support/scan-dataset.ts';
import {
  assertNoValues,
  datasetContract,
  personalValues,
  writeTableCsv,
  writeTablesParquet,
} from '../support/scan-files.ts';

/**
 * `meshwork scan` on files and contracts: what it finds, how it reports, and that no
 * sampled value ever reaches its output, the contract it writes, or its error messages.
 */

const MESHWORK = fileURLToPath(new URL('../../bin/meshwork.js', import.meta.url));
const run = promisify(execFile);

interface ScanJson {
  target: string;
  server: string | null;
  columns: {
    object: string;
    property: string;
    category: string | null;
    confidence: number;
    reasons: string[];
  }[];
  sampled: { object: string; rows: number; method: string }[];
  notScanned: { object: string; property: string | null; reason: string }[];
  undeclared?: { object: string; property: string }[];
  applied?: { written: boolean; applied: { property: string; changes: string[] }[] };
}

describe('meshwork scan (files and contracts)', () => {
  let dir: string;
  let tables: LabelledTable[];
  let secrets: string[];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-scan-cli-'));
    tables = generateScanDataset({ rows: 300 });
    secrets = personalValues(tables);
    for (const table of tables) await writeTableCsv(dir, table);
    await writeTablesParquet(dir, tables);
    await writeFile(
      join(dir, 'dataset.odcs.yaml'),
      `# scanned by the test\n${datasetContract(tables)}`,
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('scans a contract: JSON is { columns } with exactly the verdict fields, and the plain columns are found', async () => {
    const { code, stdout, stderr } = await cli(
      ['scan', 'dataset.odcs.yaml', '--format', 'json'],
      dir,
    );
    assert.equal(code, 0, stderr);
    assertNoValues(stdout + stderr, secrets, 'scan --format json');
    const report = JSON.parse(stdout) as ScanJson;
    assert.equal(report.target, 'dataset.odcs.yaml');
    assert.match(report.server!, /^"files" \(local, /);
    assert.deepEqual(report.notScanned, []);
    const all = tables.flatMap((t) => t.columns.map((c) => ({ ...c, object: t.object })));
    assert.equal(report.columns.length, all.length);
    for (const column of report.columns)
      assert.deepEqual(Object.keys(column), [
        'object',
        'property',
        'category',
        'confidence',
        'reasons',
      ]);
    assert.deepEqual(
      report.sampled.map((s) => [s.object, s.rows]),
      tables.map((t) => [t.object, t.rows]),
    );
    // Through CSV and the engine the classifier sees what the generator wrote: every column
    // whose name and content agree is recognised as what it is.
    const verdict = new Map(report.columns.map((c) => [`${c.object}.${c.property}`, c.category]));
    // (The hard cases are scan-core's to measure: bench/scan-accuracy.ts.)
    const plain = all.filter((c) => c.kind === 'plain' && c.object !== 'schwierige_faelle');
    const wrong = plain.filter((c) => verdict.get(`${c.object}.${c.property}`) !== c.label);
    assert.deepEqual(
      wrong.map((c) => `${c.object}.${c.property}`),
      [],
    );
  });

  it('explains each suggestion in text, without a value', async () => {
    const { code, stdout, stderr } = await cli(['scan', 'dataset.odcs.yaml'], dir);
    assert.equal(code, 0, stderr);
    assertNoValues(stdout + stderr, secrets, 'scan text');
    assert.match(stdout, /^Scanned dataset\.odcs\.yaml — server "files" \(local, /);
    assert.match(stdout, /\nkunden\.email +email \(0\.\d\d\)\n {4}\d+ of \d+ sampled values/);
    assert.match(stdout, /\d+ of \d+ columns look like personal data \(/);
  });

  it('--apply declares what it found in the contract, keeping its comment, and writes no value', async () => {
    const file = join(dir, 'apply.odcs.yaml');
    const original = `# scanned by the test\n${datasetContract(tables.slice(0, 1))}`;
    await writeFile(file, original);
    const { code, stdout, stderr } = await cli(
      ['scan', 'apply.odcs.yaml', '--apply', '--format', 'json'],
      dir,
    );
    assert.equal(code, 0, stderr);
    const text = await readFile(file, 'utf8');
    assertNoValues(stdout + stderr + text, secrets, 'scan --apply');
    assert.ok(text.startsWith('# scanned by the test\n'));
    const report = JSON.parse(stdout) as ScanJson;
    assert.equal(report.applied?.written, true);
    const contract = parse(text) as {
      schema: { properties: { name: string; tags?: string[]; customProperties?: unknown }[] }[];
    };
    const email = contract.schema[0]!.properties.find((p) => p.name === 'email')!;
    assert.deepEqual(email.tags, ['pii']);
    assert.deepEqual(email.customProperties, [
      { property: 'meshworkPersonalDataCategory', value: 'email' },
    ]);
    const id = contract.schema[0]!.properties.find((p) => p.name === 'kunden_id')!;
    assert.equal(id.tags, undefined);
    // A second scan finds it declared already: nothing more to write.
    const again = await cli(['scan', 'apply.odcs.yaml', '--apply'], dir);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /Nothing new to write into apply\.odcs\.yaml\./);
  });

  it('hands the classifier the values the data holds: Parquet verdicts equal classifyColumn on the generated values', async () => {
    for (const table of tables) {
      const { code, stdout, stderr } = await cli(
        ['scan', `${table.object}.parquet`, '--format', 'json'],
        dir,
      );
      assert.equal(code, 0, stderr);
      assertNoValues(stdout, secrets, `scan ${table.object}.parquet`);
      const report = JSON.parse(stdout) as ScanJson;
      const expected = table.columns.map((c) => {
        const direct = classifyColumn({
          object: `${table.object}.parquet`,
          property: c.property,
          physicalType: c.physicalType,
          values: c.values,
        });
        return [c.property, direct.category, direct.confidence];
      });
      assert.deepEqual(
        report.columns.map((c) => [c.property, c.category, c.confidence]),
        expected,
        table.object,
      );
    }
  });

  it('scans a Parquet file and a glob read as one table, bounded by --sample', async () => {
    const single = await cli(
      ['scan', 'zahlungen.parquet', '--format', 'json', '--sample', '40'],
      dir,
    );
    assert.equal(single.code, 0, single.stderr);
    assertNoValues(single.stdout, secrets, 'scan parquet');
    const report = JSON.parse(single.stdout) as ScanJson;
    assert.deepEqual(
      report.sampled.map((s) => s.rows),
      [40],
    );
    const iban = report.columns.find((c) => c.property === 'iban')!;
    assert.equal(iban.category, 'iban');
    const glob = await cli(['scan', 'kleine_*.parquet', '--format', 'json'], dir);
    assert.equal(glob.code, 0, glob.stderr);
    assert.deepEqual(
      (JSON.parse(glob.stdout) as ScanJson).sampled.map((s) => [s.object, s.rows]),
      [['kleine_*.parquet', 6]],
    );
  });

  it('reads JSON lines, shows progress only on a terminal, and prints hostile column names harmlessly', async () => {
    const planted = 'json.planted.0815@example.org';
    const lines = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({
        id: i,
        email: i === 7 ? planted : `kunde${i}@beispiel.de`,
        '\u001b[31mrot': 'x',
      }),
    );
    await writeFile(join(dir, 'people.jsonl'), `${lines.join('\n')}\n`);
    const { code, stdout, stderr } = await cli(['scan', 'people.jsonl'], dir, { isTTY: true });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /people\.jsonl\.email +email \(/);
    assert.match(stdout, /people\.jsonl\.\?\[31mrot/);
    assert.ok(!stdout.includes('\u001b'), 'no escape sequence from the data reaches the terminal');
    assert.match(stderr, /scanning people\.jsonl \(1\/1\)/);
    assertNoValues(stdout + stderr, [planted], 'scan jsonl');
    const json = await cli(['scan', 'people.jsonl', '--format', 'json'], dir, { isTTY: true });
    assert.equal(json.stderr, '', 'no progress in JSON mode');
  });

  it('says what it could not scan and exits 1: a declared column the data lacks, a file it cannot read', async () => {
    const contract = datasetContract(tables.slice(0, 1)).replace(
      'name: email\n',
      'name: email_alt\n',
    );
    await writeFile(join(dir, 'missing.odcs.yaml'), contract);
    const missing = await cli(['scan', 'missing.odcs.yaml', '--format', 'json'], dir);
    assert.equal(missing.code, 1);
    const gaps = JSON.parse(missing.stdout) as ScanJson;
    assert.deepEqual(gaps.notScanned, [
      { object: 'kunden', property: 'email_alt', reason: 'the data has no column email_alt' },
    ]);
    // The column the contract forgot is scanned too, and said to be undeclared.
    assert.deepEqual(gaps.undeclared, [{ object: 'kunden', property: 'email' }]);
    assert.equal(gaps.columns.find((c) => c.property === 'email')?.category, 'email');
    const text = await cli(['scan', 'missing.odcs.yaml'], dir);
    assert.match(
      text.stdout,
      /\nkunden\.email +email \(0\.\d\d\) {2}not declared in the contract\n/,
    );
    assert.match(
      text.stdout,
      /\nNot scanned:\n {2}kunden\.email_alt: the data has no column email_alt\n/,
    );
    // An engine quotes what it chokes on; the scan's reason must not.
    const planted = 'planted.value.4711@example.org';
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},text${i}`).join('\n');
    await writeFile(join(dir, 'broken.csv'), `a,b\n${rows}\n9,${planted},EXTRA\n`);
    await writeFile(
      join(dir, 'binary.csv'),
      Buffer.concat([
        Buffer.from('a,b\n1,'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`${planted}\n`),
      ]),
    );
    for (const file of ['broken.csv', 'binary.csv']) {
      const broken = await cli(['scan', file], dir);
      assert.equal(broken.code, 1, file);
      assert.match(broken.stdout, /Not scanned:\n {2}\w+\.csv: cannot be read: /);
      assertNoValues(broken.stdout + broken.stderr, [planted, 'EXTRA'], `scan ${file}`);
    }
  });

  it('refuses bad usage with exit 2 and one line', async () => {
    const cases: [string[], RegExp][] = [
      [['scan', 'kunden.csv', '--sample', '0'], /--sample must be a whole number from 1 to 10000/],
      [
        ['scan', 'kunden.csv', '--sample', '10001'],
        /--sample must be a whole number from 1 to 10000/,
      ],
      [['scan', 'kunden.csv', '--sample', '1e3'], /--sample must be a whole number/],
      [['scan', 'kunden.csv', '--apply'], /--apply writes into a contract: the target is not one/],
      [['scan', 'kunden.csv', '--server', 'x'], /--server names a contract's server/],
      [
        ['scan', 'kunden.csv', '--schema', 'x'],
        /--schema names a database schema: a file has none/,
      ],
      [['scan', 'ftp://example.org/x.csv'], /cannot scan a ftp:\/\/ URL/],
      [['scan', 'a.csv', 'b.csv'], /takes one TARGET, got 2/],
      [['scan'], /takes one TARGET, got 0/],
      [['scan', 'nothing-here.csv'], /cannot scan .*nothing-here\.csv: no file at /],
      [
        ['scan', 'dataset.odcs.yaml', '--min-confidence', '2'],
        /--min-confidence must be a number from 0 to 1/,
      ],
      [['scan', 'dataset.odcs.yaml', '--schema', 'nope'], /has no schema object "nope"/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr, stdout } = await cli(args, dir);
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, message);
      assert.equal(stderr.trim().split('\n').length, 1);
      assert.equal(stdout, '');
    }
  });

  it('has --help, and is listed in the main help', async () => {
    const help = await cli(['scan', '--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: meshwork scan TARGET /);
    const main = await cli(['--help'], dir);
    assert.match(main.stdout, /\n {2}scan +find personal data/);
  });

  it('a real process shows no value either, even with MESHWORK_DEBUG', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [MESHWORK, 'scan', 'dataset.odcs.yaml', '--sample', '10000'],
      {
        cwd: dir,
        env: { ...process.env, MESHWORK_DEBUG: '1' },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    assert.match(stdout, /columns look like personal data/);
    assertNoValues(stdout + stderr, secrets, 'the meshwork process');
  });
});
