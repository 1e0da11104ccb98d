import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { SourceDocument } from '../../core/yaml/source-document.ts';
import { parseSourceDocument } from '../../core/yaml/source-document.ts';

/** The built-in policy pack ships as Policy documents beside this file. */
const PACK_DIR = fileURLToPath(new URL('./builtin/', import.meta.url));

/** How findings name a built-in policy file: not a path in the user's mesh. */
export const BUILTIN_PREFIX = 'meshwork:builtin/';

/** Reads and parses the built-in pack, in file name order. */
export async function readBuiltinPolicies(): Promise<SourceDocument[]> {
  const names = (await readdir(PACK_DIR)).filter((n) => n.endsWith('.policy.yaml')).sort();
  return Promise.all(
    names.map(async (name) =>
      parseSourceDocument(`${BUILTIN_PREFIX}${name}`, await readFile(join(PACK_DIR, name), 'utf8')),
    ),
  );
}
