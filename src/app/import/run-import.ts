import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { CatalogGap } from '../../core/import/catalog.ts';
import { buildMeshModel } from '../../core/mesh/mesh-model.ts';
import { isPlainFolderName } from '../../core/mesh/folder-name.ts';
import { MESH_FILE } from '../../core/mesh/layout.ts';
import type { OdcsContract } from '../../core/standards/odcs/index.ts';
import { parseSourceDocument } from '../../core/yaml/source-document.ts';
import { asContract } from '../diff/load-contract.ts';
import type { ContractPair, DiffReport } from '../diff/report.ts';
import { buildReport } from '../diff/report.ts';
import { MeshworkError } from '../errors.ts';
import { credentialPrefix } from '../testing/credentials.ts';
import { findMeshRootAbove, readMeshFiles } from '../workspace/read-mesh.ts';
import { writeFileAtomically } from '../write-atomically.ts';
import { contractFileOf } from './contract-file-name.ts';
import { describeSource } from './describe-source.ts';
import { displayUrl } from './import-database.ts';
import type { ImportedSystem, ImportOptions, ImportSource } from './import-model.ts';
import { mergeContract } from './merge-contract.ts';
import { addProfile, profileSystem } from './profile/index.ts';
import type { ProfileOptions, SystemProfile } from './profile/index.ts';
import type { ContractDocument, SourceContractNote } from './source-contract.ts';
import { needsCredentials, sourceContractDocument, sourceContractText } from './source-contract.ts';

export interface RunImportOptions extends ImportOptions {
  /** `--mesh DIR`; default: the mesh holding `cwd`. */
  readonly mesh?: string;
  /** `--write`: also replace existing contracts (new ones are always written). */
  readonly write: boolean;
  readonly domain?: string;
  /** When the import runs; tests pin it. */
  readonly at?: Date;
  /** `--profile`: suggestions from the data (profile/), with these options. */
  readonly profile?: ProfileOptions;
}

/** What happened to one table's contract file. */
export interface ImportedFile {
  readonly table: string;
  /** Relative to the mesh root, `/`-separated. */
  readonly file: string;
  /**
   * `created`: there was none; `updated`: it drifted and `--write` replaced it; `drift`:
   * it drifted and was left as it is; `unchanged`: the source says nothing new; `skipped`:
   * the existing file is not a valid contract, so it was neither compared nor replaced;
   * `gone`: an imported contract whose table the source no longer has (never deleted here).
   */
  readonly action: 'created' | 'updated' | 'drift' | 'unchanged' | 'skipped' | 'gone';
}

export interface ImportReport {
  readonly system: string;
  readonly kind: ImportSource['kind'];
  /** Where the tables came from, without credentials. */
  readonly source: string;
  readonly folder: string;
  readonly files: readonly ImportedFile[];
  /** Drift of the existing contracts, classified as `meshwork diff` does; null on a first import. */
  readonly drift: DiffReport | null;
  readonly gaps: readonly CatalogGap[];
  readonly notes: readonly SourceContractNote[];
  /** The variables `meshwork test` reads the credentials from; null when no server is written. */
  readonly credentials: readonly string[] | null;
  /** `--profile`: how many tables were profiled and what could not be; null without it. */
  readonly profile: { readonly tables: number; readonly gaps: readonly CatalogGap[] } | null;
  /** The imported system, for `--profile`. */
  readonly imported: ImportedSystem;
}

/**
 * `meshwork import`: describes the source, writes one ODCS contract per table under
 * `sources/<system>/` of the mesh — new files always, existing ones only with `write`,
 * merged so that hand-written parts stay (merge-contract.ts) — and reports the drift of
 * existing contracts with `meshwork diff`'s classification.
 */
export async function runImport(
  source: ImportSource,
  options: RunImportOptions,
): Promise<ImportReport> {
  const meshRoot = await meshRootOf(options);
  // Local files are written relative to sources/<system>/ of this mesh (import-files.ts).
  const system = await describeSource(source, { ...options, meshRoot });
  if (!isPlainFolderName(system.system))
    throw new MeshworkError(
      'usage',
      `cannot use "${system.system}" as a folder name: give --system NAME.`,
    );
  const at = options.at ?? new Date();
  const profiled: SystemProfile | undefined =
    options.profile === undefined ? undefined : await profileSystem(system, options.profile);
  // Suggestions are laid over whatever is written, fresh or merged (add-profile.ts
  // replaces its own earlier entries and keeps everything else).
  const withProfile = (document: ContractDocument): ContractDocument =>
    profiled === undefined ? document : addProfile(document, profiled.profiles);
  const shown = sourceShown(source, meshRoot);
  const folderAbsolute = join(meshRoot, 'sources', system.system);
  const folder = relative(meshRoot, folderAbsolute).split('\\').join('/');
  const gaps: CatalogGap[] = [...system.gaps];
  const notes: SourceContractNote[] = [];
  const files: ImportedFile[] = [];
  const pairs: ContractPair[] = [];
  const skipped: { file: string; reason: string }[] = [];
  const writes: { path: string; text: string }[] = [];
  const contractOptions = {
    kind: source.kind,
    source: shown,
    at,
    ...(options.domain === undefined ? {} : { domain: options.domain }),
  };
  for (const table of system.tables) {
    const name = contractFileOf(table.name, system.tables);
    if (name === undefined) {
      gaps.push({
        table: table.name,
        reason:
          'its name makes no file name of its own (no letter or digit, too long, or the same as another table’s)',
      });
      continue;
    }
    const file = `${folder}/${name}`;
    const path = join(folderAbsolute, name);
    const fresh = sourceContractDocument(table, system, contractOptions);
    const made = { ...fresh, document: withProfile(fresh.document) };
    notes.push(...made.notes);
    const existingText = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new MeshworkError('io', `${file}: cannot be read (${error.code ?? 'unknown error'}).`);
    });
    if (existingText === undefined) {
      writes.push({ path, text: sourceContractText(made.document, system, contractOptions) });
      files.push({ table: table.name, file, action: 'created' });
      continue;
    }
    const loaded = asContract(parseSourceDocument(file, existingText));
    if (!loaded.ok) {
      skipped.push({ file, reason: `${loaded.reason}; not replaced` });
      files.push({ table: table.name, file, action: 'skipped' });
      continue;
    }
    const existing = loaded.contract as unknown as ContractDocument;
    const merged = withProfile(mergeContract(existing, fresh.document));
    // The import's time stamp alone is no drift: compared with the old one in place.
    const compared = withImportedFrom(merged, existing);
    const pair = { file, from: loaded.contract, to: compared as unknown as OdcsContract };
    const drifted = buildReport([pair], undefined, []).changes.length > 0;
    if (!drifted) {
      files.push({ table: table.name, file, action: 'unchanged' });
      continue;
    }
    pairs.push(pair);
    if (options.write)
      writes.push({ path, text: sourceContractText(merged, system, contractOptions) });
    files.push({ table: table.name, file, action: options.write ? 'updated' : 'drift' });
  }
  if (options.tables === undefined) {
    const seen = new Set([...system.tables.map((t) => t.name), ...gaps.map((g) => g.table)]);
    for (const gone of await goneContracts(folderAbsolute, folder, files, seen)) {
      pairs.push({ file: gone.file, from: gone.contract, to: undefined });
      files.push({ table: gone.table, file: gone.file, action: 'gone' });
    }
  }
  const drift =
    pairs.length > 0 || skipped.length > 0
      ? buildReport(pairs, buildMeshModel((await readMeshFiles(meshRoot)).documents), skipped)
      : null;
  if (writes.length > 0) await mkdir(folderAbsolute, { recursive: true });
  for (const write of writes) await writeFileAtomically(write.path, write.text, 0o644);
  const prefix = credentialPrefix(system.system);
  return {
    system: system.system,
    kind: source.kind,
    source: shown,
    folder,
    files,
    drift,
    gaps,
    notes,
    credentials:
      system.server === undefined || !needsCredentials(system.server)
        ? null
        : [`${prefix}URL`, `${prefix}USER`, `${prefix}PASSWORD`],
    profile:
      profiled === undefined ? null : { tables: profiled.profiles.length, gaps: profiled.gaps },
    imported: system,
  };
}

async function meshRootOf(options: RunImportOptions): Promise<string> {
  if (options.mesh !== undefined) {
    const root = resolve(options.cwd, options.mesh);
    const found = await readFile(join(root, MESH_FILE), 'utf8').then(
      () => true,
      () => false,
    );
    if (!found) throw new MeshworkError('not-found', `${options.mesh}: no ${MESH_FILE} there.`);
    return root;
  }
  const root = await findMeshRootAbove(resolve(options.cwd));
  if (root === undefined)
    throw new MeshworkError(
      'usage',
      `no mesh here (${MESH_FILE} in this folder or above): run it inside a mesh, pass --mesh DIR, or start one with \`meshwork init\`.`,
    );
  return root;
}

/** The source as a contract may name it: a URL without credentials, a path from the mesh root. */
function sourceShown(source: ImportSource, meshRoot: string): string {
  if (source.kind === 'database') {
    try {
      return displayUrl(new URL(source.url));
    } catch {
      return source.serverType;
    }
  }
  return relative(meshRoot, source.path).split('\\').join('/') || '.';
}

function withImportedFrom(merged: ContractDocument, existing: ContractDocument): ContractDocument {
  const entry = (doc: ContractDocument): unknown =>
    Array.isArray(doc.customProperties)
      ? (doc.customProperties as { property?: unknown }[]).find(
          (p) => p.property === 'meshworkImportedFrom',
        )
      : undefined;
  const old = entry(existing);
  if (old === undefined || !Array.isArray(merged.customProperties)) return merged;
  return {
    ...merged,
    customProperties: (merged.customProperties as { property?: unknown }[]).map((p) =>
      p.property === 'meshworkImportedFrom' ? old : p,
    ),
  };
}

/**
 * Contracts an earlier import wrote into the folder (they carry `meshworkImportedFrom`)
 * whose table the source no longer has: reported as removed, never deleted — someone may
 * read them, and deleting a contract is a decision for a person.
 */
async function goneContracts(
  folderAbsolute: string,
  folder: string,
  files: readonly ImportedFile[],
  seen: ReadonlySet<string | null>,
): Promise<{ file: string; table: string; contract: OdcsContract }[]> {
  const names = await readdir(folderAbsolute).catch(() => [] as string[]);
  const gone: { file: string; table: string; contract: OdcsContract }[] = [];
  for (const name of names.filter((n) => n.endsWith('.odcs.yaml')).sort()) {
    const file = `${folder}/${name}`;
    if (files.some((f) => f.file === file)) continue;
    const text = await readFile(join(folderAbsolute, name), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const loaded = asContract(parseSourceDocument(file, text));
    if (!loaded.ok) continue;
    const imported = (loaded.contract.customProperties ?? []).some(
      (p) => p.property === 'meshworkImportedFrom',
    );
    const object = loaded.contract.schema?.[0];
    const table = object?.physicalName ?? object?.name;
    if (!imported || table === undefined || seen.has(table)) continue;
    gone.push({ file, table, contract: loaded.contract });
  }
  return gone;
}
