import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { ExportContract, ExportNote } from '../../core/export/index.ts';
import { parseSourceDocument } from '../../core/yaml/source-document.ts';
import { asContract } from '../diff/load-contract.ts';

/** A contract file larger than this is not read as a relationship's target. */
export const MAX_CONTRACT_BYTES = 5 * 1024 * 1024;
/** At most this many other contracts are read to resolve foreign keys. */
export const MAX_RELATED = 500;

/**
 * The contracts that the relationships of `contracts` point into by file
 * (`other.odcs.yaml#/schema/…`), read from disk: only `.yaml`/`.yml` files inside `root`
 * (a contract is untrusted input; its references must not make Meshwork read files
 * elsewhere), each at most MAX_CONTRACT_BYTES, following references of the files read in
 * turn no further than one step. What cannot be read is said in the notes.
 */
export async function readRelatedContracts(
  contracts: readonly ExportContract[],
  root: string,
): Promise<{ related: ExportContract[]; notes: ExportNote[] }> {
  const known = new Set(contracts.map((c) => c.path));
  const related: ExportContract[] = [];
  const notes: ExportNote[] = [];
  for (const entry of contracts) {
    for (const reference of fileReferences(entry)) {
      if (related.length >= MAX_RELATED) break;
      const file = reference.split('#', 1)[0] ?? '';
      if (/^[a-z][a-z0-9+.-]*:/i.test(file)) continue;
      const target = resolve(entry.path, '..', file);
      if (known.has(target)) continue;
      known.add(target);
      const inside = relative(root, target);
      if (inside.startsWith('..') || isAbsolute(inside) || !/\.ya?ml$/i.test(target)) {
        notes.push({
          code: 'reference-unresolved',
          message: `${reference}: ${file} is not a contract file inside ${root}; not read.`,
        });
        continue;
      }
      const loaded = await readContract(target);
      if (typeof loaded === 'string') {
        notes.push({ code: 'reference-unresolved', message: `${reference}: ${loaded}` });
        continue;
      }
      related.push(loaded);
    }
  }
  return { related, notes };
}

function fileReferences(entry: ExportContract): string[] {
  const out: string[] = [];
  const add = (value: string | readonly string[] | undefined): void => {
    for (const ref of typeof value === 'string' ? [value] : (value ?? [])) {
      if (ref.indexOf('#') > 0) out.push(ref);
    }
  };
  for (const object of entry.contract.schema ?? []) {
    for (const relationship of object.relationships ?? []) add(relationship.to);
    for (const property of object.properties ?? []) {
      for (const relationship of property.relationships ?? []) add(relationship.to);
    }
  }
  return out;
}

/** A contract file as an ExportContract, or why it could not be read. */
export async function readContract(absolute: string): Promise<ExportContract | string> {
  try {
    const info = await stat(absolute);
    if (!info.isFile()) return `${absolute} is not a file.`;
    if (info.size > MAX_CONTRACT_BYTES) {
      return `${absolute} is larger than ${MAX_CONTRACT_BYTES} bytes; not read.`;
    }
    const text = await readFile(absolute, 'utf8');
    const loaded = asContract(parseSourceDocument(absolute, text));
    return loaded.ok
      ? { contract: loaded.contract, path: absolute }
      : `${absolute}: ${loaded.reason}`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? `${absolute}: no such file.`
      : `${absolute}: cannot be read (${code ?? 'error'}).`;
  }
}
