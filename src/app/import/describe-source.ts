import { importDatabase } from './import-database.ts';
import { importDbtManifest } from './import-dbt.ts';
import { importDcs } from './import-dcs.ts';
import { importDdl } from './import-ddl.ts';
import { importFiles } from './import-files.ts';
import type { ImportedSystem, ImportOptions, ImportSource } from './import-model.ts';
import { importXlsx } from './import-xlsx.ts';

/** One importer per kind of source; each gives the same model (core/import/catalog.ts). */
export function describeSource(
  source: ImportSource,
  options: ImportOptions,
): Promise<ImportedSystem> {
  switch (source.kind) {
    case 'database':
      return importDatabase(source, options);
    case 'files':
      return importFiles(source, options);
    case 'xlsx':
      return importXlsx(source, options);
    case 'dbt-manifest':
      return importDbtManifest(source, options);
    case 'dcs':
      return importDcs(source, options);
    case 'ddl':
      return importDdl(source, options);
  }
}
