import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { validatePaths } from '../src/app/validate/validate-paths.ts';
import { readMeshFiles } from '../src/app/workspace/read-mesh.ts';
import { createDuckDbSqlParser } from '../src/engines/duckdb/index.ts';
import { writeSyntheticMesh } from './support/synthetic-mesh.ts';

const ROUNDS = 3;

/**
 * Validating a generated mesh of 1,000 products and 3,000 contracts, end to end (read,
 * parse with positions, structure, semantics incl. SQL parsing in DuckDB, references),
 * against a baseline of only reading the same files and parsing them with the fast YAML
 * parser (js-yaml, no positions) — the least any validator must do. The ratio says what
 * the checks cost on top.
 */
export async function benchValidate(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'meshwork-bench-'));
  try {
    const files = await writeSyntheticMesh(dir, {
      products: 1000,
      contractsPerProduct: 3,
      domains: 10,
    });
    const sqlParser = await createDuckDbSqlParser();
    const baseline: number[] = [];
    const validate: number[] = [];
    let documents = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let started = performance.now();
      const mesh = await readMeshFiles(dir);
      const texts = await Promise.all(
        mesh.documents.map((d) => readFile(join(dir, d.path), 'utf8')),
      );
      for (const text of texts) load(text, { schema: CORE_SCHEMA });
      baseline.push(performance.now() - started);

      started = performance.now();
      const report = await validatePaths([dir], dir, { sqlParser });
      validate.push(performance.now() - started);
      documents = report.documents;
      if (!report.valid)
        throw new Error(
          `synthetic mesh is invalid: ${JSON.stringify(report.findings.slice(0, 3))}`,
        );
    }
    sqlParser.close();
    const best = (xs: number[]): number => Math.min(...xs);
    const v = best(validate);
    const b = best(baseline);
    console.log(
      `mesh: ${files} files, ${documents} documents (1,000 products, 3,000 contracts); best of ${ROUNDS}`,
    );
    console.log(
      `baseline (read + fastest YAML parse): ${b.toFixed(0)} ms = ${Math.round((documents / b) * 1000)} documents/s`,
    );
    console.log(
      `meshwork validate:                  ${v.toFixed(0)} ms = ${Math.round((documents / v) * 1000)} documents/s`,
    );
    console.log(`ratio validate / baseline: ${(v / b).toFixed(2)}x`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
