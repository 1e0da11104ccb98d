import { resolve } from 'node:path';
import { MeshworkError } from '../../app/errors.ts';
import { findMeshRoot } from '../../app/testing/index.ts';
import { registerParquetTables } from '../../app/trino/register-tables.ts';
import type { SearchedData } from '../../app/trino/parquet-folders.ts';
import { writeTrinoCatalogs } from '../../app/trino/write-catalogs.ts';
import { loadTrinoClient } from '../../engines/registry.ts';
import type { CliIO } from '../output.ts';
import { paint, writeJson } from '../output.ts';
import { formatOption, parseCommandArgs, singlePath } from '../usage.ts';

export const trinoHelp = `Usage: meshwork trino catalogs [MESH] --out DIR [--format text|json]
       meshwork trino register [MESH] --root DIR [options]

Connects a mesh to a Trino (docs/trino.md).

catalogs   writes one Trino catalog file (<catalog>.properties) per PostgreSQL, MySQL or
           MariaDB server of the mesh's source contracts into DIR: the connector and the
           JDBC URL from the server's host, port and database. User and password are
           \${ENV:MESHWORK_<SERVER>_USER} and \${ENV:MESHWORK_<SERVER>_PASSWORD}: Trino reads
           them from its environment, the file holds no secret.

register   registers the mesh's Parquet folders (source contracts' local Parquet servers,
           products' served snapshots) as external Hive tables of a running Trino, so it
           queries the files in place. Idempotent: run it again after each build.

Arguments:
  MESH   the mesh repository (default: the current folder)

Options:
  --out DIR            catalogs: the folder to write the catalog files into (e.g. etc/catalog)
  --server URL         register: the Trino, http(s)://host:port (default: MESHWORK_TRINO_URL)
  --user NAME          register: the Trino user (default: MESHWORK_TRINO_USER, else meshwork);
                       the password comes from MESHWORK_TRINO_PASSWORD (https only)
  --catalog NAME       register: the Hive catalog (default: hive)
  --schema NAME        register: the schema the tables go into (default: meshwork)
  --root DIR           register: the Hive catalog's local.location, as this machine sees it
  --format text|json   a report (default), or the result as JSON
  -h, --help           show this help

Exit status: 0 done, 1 something could not be written or registered (each is listed with
the reason), 2 usage error or Trino unreachable.
`;

export async function runTrino(args: readonly string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    io.stdout(trinoHelp);
    return 0;
  }
  if (sub === 'catalogs') return runCatalogs(rest, io);
  if (sub === 'register') return runRegister(rest, io);
  throw new MeshworkError(
    'usage',
    `unknown trino command "${sub}": catalogs or register. See \`meshwork trino --help\`.`,
  );
}

async function runCatalogs(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('trino catalogs', args, {
    out: { type: 'string' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(trinoHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json'], 'format');
  if (values.out === undefined)
    throw new MeshworkError(
      'usage',
      'trino catalogs needs --out DIR. See `meshwork trino --help`.',
    );
  const meshRoot = await findMeshRoot(resolve(io.cwd, singlePath(positionals, 'trino catalogs')));
  const result = await writeTrinoCatalogs(meshRoot, resolve(io.cwd, values.out));
  if (format === 'json') writeJson(io, result);
  else {
    for (const file of result.files)
      io.stdout(
        `${paint(io, 'green', '✔')} ${file.fileName}  ${file.connector}, server ${file.server} (${file.contracts.join(', ')})\n`,
      );
    for (const skip of result.skipped)
      io.stdout(
        `${paint(io, 'red', '✖')} server ${skip.server || '(unnamed)'} of ${skip.contract} not written: ${skip.reason}\n`,
      );
    io.stdout(
      `${result.files.length} catalog file(s) in ${result.outDir}` +
        (result.skipped.length > 0 ? `, ${result.skipped.length} server(s) not written` : '') +
        (result.files.length === 0 && result.skipped.length === 0
          ? ' (no PostgreSQL, MySQL or MariaDB server in the source contracts)'
          : '') +
        '\n',
    );
  }
  return result.skipped.length > 0 ? 1 : 0;
}

async function runRegister(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('trino register', args, {
    server: { type: 'string' },
    user: { type: 'string' },
    catalog: { type: 'string' },
    schema: { type: 'string' },
    root: { type: 'string' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(trinoHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json'], 'format');
  const server = values.server ?? io.env.MESHWORK_TRINO_URL;
  if (server === undefined)
    throw new MeshworkError(
      'usage',
      'trino register needs the Trino: --server URL or MESHWORK_TRINO_URL. See `meshwork trino --help`.',
    );
  if (values.root === undefined)
    throw new MeshworkError(
      'usage',
      "trino register needs --root DIR, the Hive catalog's local.location. See `meshwork trino --help`.",
    );
  const meshRoot = await findMeshRoot(resolve(io.cwd, singlePath(positionals, 'trino register')));
  const { createTrinoClient, TrinoConnectionError, TrinoQueryError } = await loadTrinoClient();
  const password = io.env.MESHWORK_TRINO_PASSWORD;
  let result;
  try {
    const client = createTrinoClient({
      server,
      user: values.user ?? io.env.MESHWORK_TRINO_USER ?? 'meshwork',
      ...(password ? { password } : {}),
    });
    result = await registerParquetTables({
      meshRoot,
      client,
      catalog: values.catalog ?? 'hive',
      schema: values.schema ?? 'meshwork',
      root: resolve(io.cwd, values.root),
    });
  } catch (error) {
    if (error instanceof TrinoConnectionError || error instanceof TrinoQueryError)
      throw new MeshworkError('engine', `Trino: ${error.message}`, { cause: error });
    throw error;
  }
  if (format === 'json') writeJson(io, result);
  else {
    for (const table of result.tables)
      io.stdout(
        `${paint(io, 'green', '✔')} ${table.table} ${table.status} (${table.columns} columns) ← ${table.from}\n`,
      );
    for (const skip of result.skipped)
      io.stdout(`${paint(io, 'red', '✖')} ${skip.from} not registered: ${skip.reason}\n`);
    io.stdout(
      `${result.tables.length} table(s) registered` +
        (result.skipped.length > 0 ? `, ${result.skipped.length} not registered` : '') +
        '\n',
    );
    if (result.tables.length === 0 && result.skipped.length === 0)
      io.stdout(`${nothingToRegister(result.searched)}\n`);
  }
  return result.skipped.length > 0 ? 1 : 0;
}

/** Why an empty register found nothing: what it looked for, and what it found of each. */
function nothingToRegister(searched: SearchedData): string {
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const sources =
    searched.sourceContracts === 0
      ? 'the mesh has no source contracts'
      : searched.localServers === 0
        ? `${plural(searched.sourceContracts, 'source contract')}, none with a \`local\` server`
        : searched.localParquetServers === 0
          ? `${plural(searched.sourceContracts, 'source contract')}, ${plural(searched.localServers, '`local` server')}, none holding Parquet (format: parquet)`
          : `${plural(searched.localParquetServers, 'local Parquet server')}`;
  const ports =
    searched.portFolders === 0
      ? 'no product port was built yet (run `meshwork build`)'
      : `${plural(searched.portFolders, 'port folder')}, none with a served snapshot (\`current\`; its builds failed or did not finish)`;
  return (
    "Nothing to register: looked for the Parquet files of source contracts' `local` servers " +
    `(${sources}) and for product ports' served snapshots in .meshwork/warehouse (${ports}).`
  );
}
