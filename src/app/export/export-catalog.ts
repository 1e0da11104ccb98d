import type { ExportContract, ExportFormat, ExportOutput } from '../../core/export/index.ts';
import { renderExport } from '../../core/export/index.ts';
import type { OdcsContract } from '../../core/standards/odcs/index.ts';
import { validateOdcsStructure } from '../../core/standards/odcs/index.ts';
import { MeshworkError } from '../errors.ts';
import { ddlFlavourOf } from '../../core/export/index.ts';
import { ddlDialectFor } from './ddl-dialect.ts';

/** A contract of the served mesh, as the catalog holds it (`file` relative to the mesh root). */
export interface CatalogContractRecord {
  readonly id: string;
  readonly file: string;
  readonly contract: unknown;
}

/**
 * The API's export of one contract of the served mesh: rendered from the catalog (no file
 * is read), with every other structurally valid contract of the mesh as a possible target
 * of its foreign keys.
 */
export async function exportFromCatalog(
  records: Iterable<CatalogContractRecord>,
  id: string,
  format: ExportFormat,
): Promise<ExportOutput> {
  let wanted: ExportContract | undefined;
  const related: ExportContract[] = [];
  for (const record of records) {
    const valid = validateOdcsStructure(record.contract).every((i) => i.severity !== 'error');
    if (record.id === id) {
      if (!valid) {
        throw new MeshworkError(
          'invalid-input',
          `The contract "${id}" is not a valid ODCS contract; run meshwork validate.`,
        );
      }
      wanted = { contract: record.contract as OdcsContract, path: record.file };
    } else if (valid) {
      related.push({ contract: record.contract as OdcsContract, path: record.file });
    }
  }
  if (!wanted)
    throw new MeshworkError('not-found', `There is no contract "${id}" in the served mesh.`);
  const dialect = ddlFlavourOf(format) === undefined ? undefined : await ddlDialectFor(format);
  return renderExport(format, { contracts: [wanted], related }, dialect);
}
