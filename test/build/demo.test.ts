import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../support/cli.ts';

const repo = join(import.meta.dirname, '..', '..');
const demo = join(repo, 'examples', 'alpine-bikes');

interface Report {
  readonly status: string;
  readonly products: readonly {
    product: string;
    status: string;
    message?: string;
    ports?: {
      port: string;
      rows: number;
      tests?: {
        status: string;
        checks: { status: string; kind: string; value: unknown; message: string }[];
      };
    }[];
  }[];
}

describe('the Alpine Bikes demo', () => {
  it('builds end to end at scale 0.01 and its contracts pass, with a warning to show', async (t) => {
    const root = mkdtempSync(join(tmpdir(), 'meshwork-demo-'));
    t.after(() => rmSync(root, { recursive: true, force: true }));
    // The mesh definitions only: neither generated data nor a warehouse of a local run.
    cpSync(demo, root, { recursive: true, filter: (src) => !/[/\\](data|\.meshwork)$/.test(src) });
    execFileSync(
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
      { cwd: repo, stdio: 'pipe' },
    );

    const run = await cli(['build', '--mesh', root, '--format', 'json'], root);
    const report = JSON.parse(run.stdout) as Report;
    const notPublished = report.products.filter((p) => p.status !== 'published');
    assert.deepEqual(notPublished, [], run.stderr);
    assert.equal(run.code, 0);
    const domains = readdirSync(join(root, 'domains')).filter((d) => !d.endsWith('.yaml'));
    const products = domains.flatMap((d) =>
      readdirSync(join(root, 'domains', d))
        .filter((p) => existsSync(join(root, 'domains', d, p, 'product.odps.yaml')))
        .map((p) => join(root, 'domains', d, p)),
    );

    // Every product of the mesh that has output ports was built.
    assert.equal(report.products.length, products.length);
    for (const product of report.products) {
      for (const port of product.ports ?? [])
        assert.ok(port.rows > 0, `${product.product}/${port.port} is empty`);
    }
    const warnings = report.products.flatMap((p) =>
      (p.ports ?? []).flatMap((port) =>
        // A rule that ran and failed at warning level, not one that could not be checked.
        (port.tests?.checks ?? []).filter((c) => c.status === 'warning' && c.value !== null),
      ),
    );
    assert.ok(warnings.length > 0, 'the demo keeps at least one failing warning-level rule');

    // What is served now passes its contracts when read as any consumer reads it.
    for (const folder of products) {
      const tested = await cli(['test', folder, '--format', 'json'], root);
      assert.equal(tested.code, 0, `${folder}: ${tested.stdout.slice(0, 1500)}${tested.stderr}`);
    }
  });
});
