import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'yaml';
import { benchContract, duckDbRows } from './support/bench-contract.ts';
import type { ProcessFigures } from './support/measure.ts';
import { measureProcess } from './support/measure.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MESHWORK = join(ROOT, 'bin', 'meshwork.js');
const ROWS = Number(process.env.MESHWORK_BENCH_SAMPLES_ROWS ?? 10_000_000);
/** Generated once and kept: the data is the same for every run of this benchmark. */
const CACHE = join(tmpdir(), 'meshwork-bench-samples');

interface Property {
  name: string;
  [key: string]: unknown;
}

/**
 * The contract-test benchmark's contract, tightened so that many checks fail on many rows
 * (half the quantities, a third of the statuses, every repeated customer id, …), and with
 * the e-mail column tagged `gdpr`, so its samples go through the key-only path.
 */
function failingContract(file: string): unknown {
  const contract = benchContract({
    server: 'files',
    type: 'local',
    path: file,
    format: 'parquet',
  }) as { schema: { properties: Property[] }[] };
  const tighten: Record<string, Partial<Property>> = {
    code: { logicalTypeOptions: { minLength: 3, maxLength: 3, pattern: '^[A-M]{3}$' } },
    email: { tags: ['gdpr'], logicalTypeOptions: { format: 'email' } },
    qty: { logicalTypeOptions: { minimum: 0, maximum: 50, multipleOf: 10 } },
    price: { logicalTypeOptions: { exclusiveMinimum: 0, maximum: 500 } },
    status: { enum: [{ value: 'new' }, { value: 'paid' }] },
    customer_id: { unique: true },
    score: { logicalTypeOptions: { minimum: 0, maximum: 5 } },
    note: { logicalTypeOptions: { maxLength: 6 } },
  };
  const object = contract.schema[0]!;
  object.properties = object.properties.map((p) => ({ ...p, ...tighten[p.name] }));
  return contract;
}

async function generate(file: string): Promise<void> {
  if (existsSync(file)) {
    console.log(`reusing ${ROWS.toLocaleString('en')} rows in ${file}`);
    return;
  }
  await mkdir(CACHE, { recursive: true });
  const started = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  // Written beside and renamed, so an interrupted run never leaves a half file cached.
  const partial = `${file}.partial`;
  await connection.run(`COPY (${duckDbRows(ROWS)}) TO '${partial}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
  await rename(partial, file);
  console.log(
    `generated ${ROWS.toLocaleString('en')} rows of Parquet in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

interface JsonRun {
  checks: { status: string; samples: unknown[] }[];
}

/**
 * `meshwork test` with failing checks, with samples against the same run with
 * `--no-samples` (the baseline, measured in the same run): what samples cost. The data is
 * generated once and kept in the temp folder (`MESHWORK_BENCH_SAMPLES_ROWS` rows).
 */
export async function benchSamples(): Promise<void> {
  const data = join(CACHE, `rows-${ROWS}.parquet`);
  await generate(data);
  const contract = join(CACHE, 'failing.odcs.yaml');
  await writeFile(contract, stringify(failingContract(data)));
  const run = (extra: readonly string[]) =>
    measureProcess('node', [MESHWORK, 'test', contract, '--format', 'json', ...extra], {
      cwd: CACHE,
    });
  // The first pass warms the page cache; then the two alternate, best of two each, since
  // the machines here are shared and one slow pass says more about them than about samples.
  await run(['--no-samples']);
  const best = (a: ProcessFigures, b: ProcessFigures): ProcessFigures =>
    a.seconds <= b.seconds ? a : b;
  let baseline = await run(['--no-samples']);
  let withSamples = await run([]);
  baseline = best(baseline, await run(['--no-samples']));
  withSamples = best(withSamples, await run([]));
  const result = JSON.parse(withSamples.stdout) as JsonRun;
  const failing = result.checks.filter((c) => c.status !== 'passed');
  const sampled = failing.filter((c) => c.samples.length > 0);
  const bytes = Buffer.byteLength(JSON.stringify(result.checks.map((c) => c.samples)));
  console.log(
    `${result.checks.length} checks, ${failing.length} not passed, ${sampled.length} with samples (${bytes} bytes of samples)`,
  );
  const ratio = withSamples.seconds / baseline.seconds;
  console.log(
    `parquet ${ROWS.toLocaleString('en')} rows: meshwork test ${withSamples.seconds.toFixed(2)} s ` +
      `(peak ${withSamples.maxRssMb.toFixed(0)} MB), --no-samples ${baseline.seconds.toFixed(2)} s ` +
      `(peak ${baseline.maxRssMb.toFixed(0)} MB), ratio ${ratio.toFixed(2)}`,
  );
}
