import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contractFileOf } from '../../src/app/import/contract-file-name.ts';
import type { ImportedSystem, ImportSource } from '../../src/app/import/import-model.ts';
import { sourceContract } from '../../src/app/import/source-contract.ts';
import type { CatalogTable } from '../../src/core/import/catalog.ts';
import { cli } from '../support/cli.ts';

/** Writes one source contract per table as `meshwork import` does; returns the files. */
export async function writeSourceContracts(
  system: ImportedSystem,
  kind: ImportSource['kind'],
  dir: string,
): Promise<string[]> {
  const folder = join(dir, 'sources', system.system);
  await mkdir(folder, { recursive: true });
  const files: string[] = [];
  for (const table of system.tables) {
    const name = contractFileOf(table.name, system.tables);
    assert.ok(name, `a file name for ${table.name}`);
    const file = join(folder, name);
    await writeFile(
      file,
      sourceContract(table, system, { kind, source: 'test', at: new Date('2026-12-05T12:00:00Z') }),
    );
    files.push(file);
  }
  return files;
}

/** `meshwork validate FILE…` passes (exit 0), with its output in the message when not. */
export async function assertValidContracts(files: readonly string[], cwd: string): Promise<void> {
  const run = await cli(['validate', ...files], cwd);
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
}

/**
 * What a round trip must keep of a table: columns (name, logical type, required, primary
 * key position, unique), multi-column unique keys and foreign keys — by name, in order.
 * Physical types are compared by the caller where both sides speak the same dialect.
 */
export function schemaShape(tables: readonly CatalogTable[]): unknown {
  return [...tables]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((table) => ({
      name: table.name,
      columns: table.columns.map((c) => ({
        name: c.name,
        logicalType: c.logicalType,
        required: c.required,
        primaryKeyPosition: c.primaryKeyPosition ?? null,
        // A key of one column is unique by being the key, whether or not a catalog says so too.
        unique: c.unique && !(c.primaryKeyPosition === 1 && keyLength(table) === 1),
      })),
      uniqueKeys: table.uniqueKeys.map((k) => [...k]),
      foreignKeys: table.foreignKeys
        .map((fk) => ({
          columns: [...fk.columns],
          table: fk.table,
          referencedColumns: [...fk.referencedColumns],
        }))
        .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
    }));
}

function keyLength(table: CatalogTable): number {
  return table.columns.filter((c) => c.primaryKeyPosition !== undefined).length;
}
