import { resolve } from 'node:path';
import { EXPORT_FORMATS, isExportFormat } from '../../core/export/index.ts';
import { MeshworkError } from '../../app/errors.ts';
import { exportFiles } from '../../app/export/export-files.ts';
import { writeFileAtomically } from '../../app/write-atomically.ts';
import type { CliIO } from '../output.ts';
import { parseCommandArgs } from '../usage.ts';

export const exportHelp = `Usage: meshwork export CONTRACT... --format FORMAT [--out FILE] [--mesh DIR]

Writes an ODCS contract in another format. Several contracts (e.g. the one-per-table
contracts of an imported system, sources/<system>/*.odcs.yaml) export together: one DDL
script with the foreign keys between their tables, one dbt source, one DCS file.

Formats:
  json-schema    JSON Schema (draft 2020-12) of a row of each schema object
  sql-postgres   CREATE TABLE for PostgreSQL (keys, foreign keys, comments)
  sql-mysql      CREATE TABLE for MySQL / MariaDB
  sql-duckdb     CREATE TABLE for DuckDB
  markdown       documentation as Markdown
  html           documentation as one self-contained HTML page
  mermaid        a Mermaid erDiagram of the tables and their foreign keys
  dbt            a dbt sources.yml with columns, descriptions and data tests
  dcs            a Data Contract Specification (datacontract.yaml, 1.1.0)

Options:
  --format FORMAT  one of the formats above (required)
  --out FILE       write to FILE instead of standard output
  --mesh DIR       the mesh folder relationships may read other contracts from
                   (default: the mesh holding the first contract, else its folder)
  -h, --help       show this help

What a format cannot carry (a foreign key to a table outside the export, a composite key
dbt cannot test, a type the dialect lacks) is written as a comment where the format has
comments and printed as a note on standard error.

Exit status: 0 written, 2 usage error, missing or invalid contract.
`;

export async function runExport(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('export', args, {
    format: { type: 'string' },
    out: { type: 'string' },
    mesh: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(exportHelp);
    return 0;
  }
  const format = values.format;
  if (format === undefined || !isExportFormat(format)) {
    throw new MeshworkError(
      'usage',
      `${format === undefined ? 'Give --format' : `--format ${format} is not a format;`} one of ${EXPORT_FORMATS.join(', ')}.`,
    );
  }
  if (positionals.length === 0) {
    throw new MeshworkError(
      'usage',
      'Name the contract file(s) to export. See `meshwork export --help`.',
    );
  }
  const output = await exportFiles(positionals, format, {
    cwd: io.cwd,
    ...(values.mesh === undefined ? {} : { mesh: values.mesh }),
  });
  for (const note of output.notes) io.stderr(`meshwork export: note: ${printable(note.message)}\n`);
  if (values.out === undefined) {
    io.stdout(output.text);
    return 0;
  }
  try {
    await writeFileAtomically(resolve(io.cwd, values.out), output.text, 0o644);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MeshworkError('io', `cannot write ${values.out}: ${reason}`, { cause: error });
  }
  io.stderr(`Wrote ${format} to ${values.out}.\n`);
  return 0;
}

/** Notes quote the contract's names: a line break or escape in one is shown as `?`. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}
