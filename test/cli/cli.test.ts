import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli } from '../support/cli.ts';
import { repoRoot } from '../support/standards.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshwork-cli-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('meshwork CLI', () => {
  it('runs from the bin after npm install and lists its commands', () => {
    const result = spawnSync(process.execPath, [join(repoRoot, 'bin/meshwork.js'), '--help'], {
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Usage: meshwork <command>/);
    assert.match(result.stdout, /validate/);
    assert.match(result.stdout, /init/);
  });

  it('has --help on every subcommand', async () => {
    for (const command of ['validate', 'init']) {
      const run = await cli([command, '--help'], dir);
      assert.equal(run.code, 0);
      assert.match(run.stdout, new RegExp(`Usage: meshwork ${command}`));
    }
  });

  it('exits 2 with one clear line on usage errors, never a stack trace', async () => {
    const cases = [
      { args: ['frobnicate'], message: /unknown command "frobnicate"/ },
      { args: ['validate', '--colour'], message: /Unknown option '--colour'/ },
      { args: ['validate', 'no/such/path'], message: /no\/such\/path: no such file or folder/ },
      { args: ['validate', '--format', 'xml'], message: /--format must be one of text, json/ },
    ];
    for (const c of cases) {
      const run = await cli(c.args, dir);
      assert.equal(run.code, 2, c.args.join(' '));
      assert.match(run.stderr, c.message);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('validates a single contract file and reports file:line:col with a hint', async () => {
    const file = join(dir, 'broken.odcs.yaml');
    await writeFile(
      file,
      'apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\ncolour: blue\n',
    );
    const text = await cli(['validate', 'broken.odcs.yaml'], dir);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /broken\.odcs\.yaml:6:1 +error +Unknown property "colour"/);
    assert.match(text.stdout, /fix: /);
    const json = await cli(['validate', 'broken.odcs.yaml', '--format', 'json'], dir);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as {
      valid: boolean;
      findings: Record<string, unknown>[];
    };
    assert.equal(report.valid, false);
    assert.deepEqual(Object.keys(report.findings[0]!).sort(), [
      'code',
      'column',
      'file',
      'hint',
      'line',
      'message',
      'path',
      'severity',
    ]);
    assert.deepEqual(
      {
        code: report.findings[0]!.code,
        line: report.findings[0]!.line,
        column: report.findings[0]!.column,
        path: report.findings[0]!.path,
      },
      { code: 'unknown-property', line: 6, column: 1, path: '$.colour' },
    );
  });

  it('reports YAML syntax errors at their position', async () => {
    await writeFile(
      join(dir, 'syntax.odps.yaml'),
      'apiVersion: v1.0.0\nkind: DataProduct\nid: [unclosed\nstatus: active\n',
    );
    const run = await cli(['validate', 'syntax.odps.yaml', '--format', 'json'], dir);
    assert.equal(run.code, 1);
    const { findings } = JSON.parse(run.stdout) as { findings: { code: string; line: number }[] };
    assert.ok(findings.length > 0, 'a syntax finding is reported');
    assert.ok(
      findings.every((f) => f.code === 'yaml-syntax'),
      JSON.stringify(findings),
    );
    assert.ok(
      findings.some((f) => f.line === 3 || f.line === 4 || f.line === 5),
      JSON.stringify(findings),
    );
  });

  it('init scaffolds a mesh that validates, and refuses to overwrite', async () => {
    const target = join(dir, 'new-mesh');
    const init = await cli(
      [
        'init',
        target,
        '--organisation',
        'Bergwerk',
        '--legal-name',
        'Bergwerk AG',
        '--domain',
        'finance',
        '--team',
        'finance-team',
        '--product',
        'invoices',
        '--source-system',
        'erp',
      ],
      dir,
    );
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /domains\/finance\/invoices\/product\.odps\.yaml/);
    const validate = await cli(['validate', target, '--format', 'json'], dir);
    const report = JSON.parse(validate.stdout) as { valid: boolean; findings: unknown[] };
    assert.deepEqual(report.findings, []);
    assert.equal(validate.code, 0);
    const organisation = await readFile(join(target, 'meshwork.yaml'), 'utf8');
    assert.match(organisation, /legalName: Bergwerk AG/);

    const again = await cli(['init', target], dir);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /is not empty/);
  });

  it('init --empty scaffolds the organisation and a domain only, which validates', async () => {
    const target = join(dir, 'empty-mesh');
    const init = await cli(['init', target, '--empty', '--domain', 'vertrieb', '--yes'], dir);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /Next: meshwork import/);
    assert.match(init.stdout, /domains\/vertrieb\/domain\.yaml/);
    assert.doesNotMatch(init.stdout, /odcs\.yaml|odps\.yaml|transform\.sql/);
    const validate = await cli(['validate', target, '--format', 'json'], dir);
    assert.deepEqual((JSON.parse(validate.stdout) as { findings: unknown[] }).findings, []);
    assert.equal(validate.code, 0);
  });

  it('init rejects values that would make an invalid mesh before writing anything', async () => {
    const target = join(dir, 'bad-mesh');
    // Any name with a letter or digit is usable (test/cli/init-any-names.test.ts).
    const run = await cli(['init', target, '--domain', '—!?', '--owner-email', 'nope'], dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /domain "—!\?" needs at least one letter or digit/);
    assert.match(run.stderr, /ownerEmail "nope" is not an email address/);
  });
});
