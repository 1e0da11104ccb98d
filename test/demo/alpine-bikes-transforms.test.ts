import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../support/standards.ts';
import type { BuiltPort } from './demo-build.ts';
import {
  WARNING,
  buildDemoMesh,
  checkAgainstContract,
  sourceRelation,
  withDuckDb,
} from './demo-build.ts';
import { loadDemoMesh } from './demo-mesh.ts';

/**
 * The demo's transform.sql files on generated data (scale 0.01): every product builds in
 * lineage order, and what each port holds keeps its contract: the columns and DuckDB types,
 * required and unique columns, keys, and the quality rules. The generated source data keeps
 * the source contracts too, wrinkles included.
 */
describe('the Alpine Bikes transforms on generated data', () => {
  const mesh = loadDemoMesh();
  let root: string;
  let data: string;
  let built: BuiltPort[];

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'meshwork-demo-build-'));
    data = join(root, 'data');
    await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repoRoot, 'scripts', 'generate-demo-data.ts'),
        '--scale',
        '0.01',
        '--out',
        data,
      ],
      { cwd: repoRoot },
    );
    built = await buildDemoMesh(mesh, data, join(root, 'out'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('keeps the source contracts', async () => {
    const sources = mesh.contracts.filter((c) => c.path.startsWith('sources/'));
    const problems = await withDuckDb(async (connection) => {
      const found: string[] = [];
      for (const contract of sources) {
        found.push(
          ...(await checkAgainstContract(
            connection,
            sourceRelation(contract, data),
            contract,
            false,
          )),
        );
      }
      return found;
    });
    assert.deepEqual(problems, []);
  });

  it('builds every output port of every product, none empty', async () => {
    const ports = mesh.products.flatMap((p) => p.outputPorts.map((o) => `${p.id}/${o.name}`));
    assert.deepEqual(built.map((b) => `${b.product.id}/${b.port}`).sort(), ports.sort());
    await withDuckDb(async (connection) => {
      for (const port of built) {
        const rows = (
          await connection.runAndReadAll(`SELECT count(*) FROM read_parquet('${port.file}')`)
        ).getRows();
        assert.ok(Number(rows[0]?.[0]) > 0, `${port.product.id}/${port.port} is empty`);
      }
    });
  });

  it('keeps the output contracts: columns, types, keys and quality rules', async () => {
    const problems = await withDuckDb(async (connection) => {
      const found: string[] = [];
      for (const port of built) {
        found.push(
          ...(await checkAgainstContract(
            connection,
            `read_parquet('${port.file}')`,
            port.contract,
            true,
          )),
        );
      }
      return found;
    });
    assert.deepEqual(
      problems.filter((p) => !p.startsWith(WARNING)),
      [],
    );
    // One warning-level rule misses on purpose, so builds and the portal have a warning to
    // show that does not stop publishing: every payment matched to an invoice.
    const warnings = problems.filter((p) => p.startsWith(WARNING));
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(
      warnings[0]!,
      /payments\.odcs\.yaml payments\.invoice_number: Every payment matched = [1-9]/,
    );
  });
});
