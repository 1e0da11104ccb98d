import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { contractFileOf } from '../../src/app/import/contract-file-name.ts';
import type { ImportedSystem } from '../../src/app/import/import-model.ts';
import { sourceContract } from '../../src/app/import/source-contract.ts';
import { cli } from '../support/cli.ts';

/** A fresh folder that plays the mesh root. */
export function tempMesh(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `meshwork-${prefix}-`));
}

/** Runs SQL in a throw-away DuckDB (to write Parquet, JSON and DuckDB files for the tests). */
export async function duck(sql: string, database = ':memory:'): Promise<void> {
  const instance = await DuckDBInstance.create(database);
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Writes each table's contract as `meshwork import` does (sources/<system>/<file>) and
 * returns the files by table name.
 */
export async function writeContracts(
  meshRoot: string,
  system: ImportedSystem,
): Promise<Map<string, string>> {
  const folder = join(meshRoot, 'sources', system.system);
  await mkdir(folder, { recursive: true });
  const files = new Map<string, string>();
  for (const table of system.tables) {
    const file = contractFileOf(table.name, system.tables);
    if (file === undefined) throw new Error(`no file name for ${table.name}`);
    const path = join(folder, file);
    await writeFile(
      path,
      sourceContract(table, system, {
        kind: 'files',
        source: 'test',
        at: new Date('2026-01-02T00:00:00Z'),
      }),
    );
    files.set(table.name, path);
  }
  return files;
}

/** `meshwork validate FILE` and `meshwork test FILE`, in-process, from the mesh root. */
export async function validateAndTest(
  meshRoot: string,
  file: string,
): Promise<{ validate: Awaited<ReturnType<typeof cli>>; test: Awaited<ReturnType<typeof cli>> }> {
  const validate = await cli(['validate', file], meshRoot);
  const test = await cli(['test', file, '--format', 'json'], meshRoot);
  return { validate, test };
}
