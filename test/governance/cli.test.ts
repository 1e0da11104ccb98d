import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import type { Finding } from '../../src/core/findings/finding.ts';
import type { Scorecard } from '../../src/core/governance/index.ts';
import { workspaceScorecardHistory } from '../../src/runtime/index.ts';
import { cli } from '../support/cli.ts';
import { repoRoot } from '../support/standards.ts';
import { compliantMesh } from './support.ts';

let dir: string;
let planted: string;
let clean: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshwork-governance-'));
  planted = join(dir, 'planted');
  await cp(join(repoRoot, 'test/fixtures/planted-policies'), planted, { recursive: true });
  clean = join(dir, 'clean');
  for (const [path, value] of Object.entries(compliantMesh())) {
    await mkdir(join(clean, path, '..'), { recursive: true });
    await writeFile(join(clean, path), stringify(value));
  }
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('meshwork lint, check and scorecard', () => {
  it('lint exits 1 on errors and gives the policy fields in JSON', async () => {
    const run = await cli(['lint', 'planted', '--format', 'json'], dir);
    assert.equal(run.code, 1, run.stderr);
    const out = JSON.parse(run.stdout) as { valid: boolean; findings: Finding[] };
    assert.equal(out.valid, false);
    const latency = out.findings.find((f) => f.policy === 'latency-within-limit')!;
    assert.equal(latency.file, join('planted', 'domains/sales/orders/orders.odcs.yaml'));
    assert.equal(latency.line, 1);
    assert.equal(latency.severity, 'warning');
    assert.deepEqual(latency.params, { maxLatencyDays: 2 });
    const keys = out.findings.find((f) => f.policy === 'orders-have-keys')!;
    assert.equal(keys.line, 9);
  });

  it('lint exits 0 on a compliant mesh and prints a summary', async () => {
    const run = await cli(['lint', 'clean'], dir);
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /no problems found/);
  });

  it('lint text names the policy and the adapting domain', async () => {
    const run = await cli(['lint'], planted);
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      /orders\.odcs\.yaml:15:9 +error +contract "orders", object "orders", property "customer_email": Columns that look personal are classified +personal-data-classified/,
    );
  });

  it('check runs validate and lint and exits 1 on errors of either', async () => {
    const run = await cli(['check', 'planted', '--format', 'json'], dir);
    assert.equal(run.code, 1);
    const out = JSON.parse(run.stdout) as { findings: Finding[] };
    assert.ok(
      out.findings.some((f) => f.policy === 'purpose-stated'),
      'a lint finding',
    );
    assert.ok(
      out.findings.some((f) => f.policy === undefined && f.code === 'unknown-contract'),
      JSON.stringify(out.findings.filter((f) => !f.policy).map((f) => f.code)),
    );
  });

  it('check exits 0 on a mesh without errors', async () => {
    const run = await cli(['check', 'clean'], dir);
    assert.equal(run.code, 0, run.stdout);
  });

  it('scorecard prints per domain and product and records each run', async () => {
    const first = await cli(['scorecard', 'planted', '--format', 'json'], dir);
    assert.equal(first.code, 0, first.stderr);
    const card = JSON.parse(first.stdout) as Scorecard;
    assert.deepEqual(
      card.domains.map((d) => d.name),
      ['marketing', 'sales'],
    );
    assert.deepEqual(
      card.products.map((p) => `${p.domain}/${p.name}`),
      ['marketing/marketing-campaigns', 'sales/sales-orders'],
    );
    const marketing = card.domains.find((d) => d.name === 'marketing')!;
    assert.equal(marketing.share, 1);
    const sales = card.domains.find((d) => d.name === 'sales')!;
    assert.ok(sales.share < 1, `sales share ${sales.share}`);
    assert.equal(sales.bySeverity.error.total - sales.bySeverity.error.passed, 4);
    const text = await cli(['scorecard'], planted);
    assert.match(text.stdout, /domain sales/);
    assert.match(text.stdout, /\n {2}sales-orders +4\/8 +2\/5 +– +46%\n/);
    const recorded = await workspaceScorecardHistory({ meshRoot: planted, env: {} }).list();
    assert.equal(recorded.length, 2);
    assert.deepEqual(recorded[0]!.domains, card.domains);
  });

  it('has --help on each command and lists them in the main help', async () => {
    for (const command of ['lint', 'check', 'scorecard']) {
      const run = await cli([command, '--help'], dir);
      assert.equal(run.code, 0);
      assert.match(run.stdout, new RegExp(`^Usage: meshwork ${command} \\[PATH\\]`));
      assert.match((await cli(['--help'], dir)).stdout, new RegExp(`\\n  ${command} +\\S`));
    }
  });

  it('exits 2 for a path that is a file or does not exist', async () => {
    for (const args of [
      ['lint', 'nowhere'],
      ['lint', 'planted/meshwork.yaml'],
      ['scorecard', 'a', 'b'],
    ]) {
      const run = await cli(args, dir);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^meshwork (lint|scorecard): /);
    }
  });
});
