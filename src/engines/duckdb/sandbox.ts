import { dirname } from 'node:path';
import { standardLiteral } from '../sql/literals.ts';

/**
 * Locking a DuckDB instance down to the files it is meant to read (DESIGN.md "Contracts
 * are untrusted input"). With `enable_external_access = false` DuckDB refuses every file
 * and network access — COPY … TO, ATTACH, INSTALL/LOAD, read_csv/read_text/glob of any
 * other path — except the paths and folders allowed here; `lock_configuration` keeps SQL
 * run afterwards from switching any setting back. Both are one-way: an instance is locked
 * for the rest of its life, so what must be prepared with full access (views, ATTACH of a
 * database file) is run before.
 *
 * DuckDB lets an allowed path be written as well as read (measured with 1.5: COPY TO an
 * allowed folder succeeds). Exact files are therefore allowed one by one — COPY writes a
 * `tmp_` file beside its target first, which is refused — and only a glob's fixed folder
 * is allowed as a folder.
 */
export interface FileAccess {
  /** Files (or globs, or URLs) that may be read; a glob allows the folder before its first wildcard. */
  readonly read: readonly string[];
  /** Folders that may be read and written (a build's output and spill folders). */
  readonly write?: readonly string[];
}

/** Instance settings for an instance that will be locked: no extension is fetched or loaded by name. */
export const SANDBOX_INSTANCE_OPTIONS: Readonly<Record<string, string>> = {
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  allow_community_extensions: 'false',
};

const WILDCARD = /[*?[{]/;

/** The statements that lock an instance down to `access`; run them last, in this order. */
export function lockDownSql(access: FileAccess): string[] {
  const paths = new Set<string>();
  const folders = new Set<string>();
  for (const path of access.read) {
    const wildcard = path.search(WILDCARD);
    if (wildcard < 0) paths.add(path);
    else folders.add(withSlash(dirname(path.slice(0, wildcard + 1))));
  }
  for (const folder of access.write ?? []) folders.add(withSlash(folder));
  return [
    `SET allowed_paths = ${list([...paths])}`,
    `SET allowed_directories = ${list([...folders])}`,
    'SET enable_external_access = false',
    'SET lock_configuration = true',
  ];
}

function withSlash(folder: string): string {
  return folder.endsWith('/') ? folder : `${folder}/`;
}

function list(values: readonly string[]): string {
  return `[${values.map(standardLiteral).join(', ')}]::VARCHAR[]`;
}
