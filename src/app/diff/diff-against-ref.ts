import { stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { classifyMeshPath } from '../../core/mesh/layout.ts';
import { buildMeshModel } from '../../core/mesh/mesh-model.ts';
import type { OdcsContract } from '../../core/standards/odcs/index.ts';
import { parseSourceDocument } from '../../core/yaml/source-document.ts';
import type { SourceDocument } from '../../core/yaml/source-document.ts';
import { MeshworkError } from '../errors.ts';
import { readMeshFiles } from '../workspace/read-mesh.ts';
import { listFiles, openSnapshot, showFile } from './git.ts';
import { asContract } from './load-contract.ts';
import type { ActiveGrants, ContractPair, DiffReport } from './report.ts';
import { buildReport } from './report.ts';

const CONTRACT_ROLES = new Set(['contract', 'source-contract']);

interface Side {
  readonly byPath: Map<string, OdcsContract>;
  readonly skipped: { file: string; reason: string }[];
}

/**
 * `meshwork diff --base REF [PATH]`: every contract of the mesh at PATH (as it is on disk)
 * against the same file at the git ref. A contract that moved to another file is matched
 * by its id; contract files added or removed since the ref are reported as such.
 */
export async function diffAgainstRef(
  ref: string,
  path: string,
  cwd: string,
  grants?: (meshRoot: string) => Promise<ActiveGrants>,
): Promise<DiffReport> {
  const root = resolve(cwd, path);
  const isFolder = await stat(root).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isFolder) throw new MeshworkError('not-found', `${path}: no such mesh folder.`);
  const snapshot = await openSnapshot(root, ref);
  const display = (meshPath: string): string => relative(cwd, join(root, meshPath)) || meshPath;

  const mesh = await readMeshFiles(root);
  const now: Side = { byPath: new Map(), skipped: [] };
  for (const doc of mesh.documents) {
    if (CONTRACT_ROLES.has(doc.role.kind)) load(now, doc.path, doc.source);
  }
  const before: Side = { byPath: new Map(), skipped: [] };
  const oldPaths = (await listFiles(snapshot)).filter((p) =>
    CONTRACT_ROLES.has(classifyMeshPath(p).kind),
  );
  // One `git show` per file, a few at a time: a mesh of hundreds of contracts stays fast.
  const texts = await mapLimited(oldPaths, 8, (p) => showFile(snapshot, p));
  oldPaths.forEach((p, i) => load(before, p, parseSourceDocument(`${p}@${ref}`, texts[i]!)));

  // A file that cannot be read on either side is neither added nor removed: it is skipped.
  for (const s of [...before.skipped, ...now.skipped]) {
    before.byPath.delete(s.file);
    now.byPath.delete(s.file);
  }
  const pairs = pairUp(before.byPath, now.byPath).map((pair) => ({
    ...pair,
    file: display(pair.file),
  }));
  const skipped = [
    ...before.skipped.map((s) => ({ file: `${display(s.file)} at ${ref}`, reason: s.reason })),
    ...now.skipped.map((s) => ({ file: display(s.file), reason: s.reason })),
  ];
  const active = grants ? await grants(root) : undefined;
  return buildReport(pairs, buildMeshModel(mesh.documents), skipped, undefined, active);
}

function load(side: Side, path: string, source: SourceDocument): void {
  const loaded = asContract(source);
  if (loaded.ok) side.byPath.set(path, loaded.contract);
  else side.skipped.push({ file: path, reason: loaded.reason });
}

/** Same path first; then a removed and an added file holding the same contract id. */
function pairUp(
  before: ReadonlyMap<string, OdcsContract>,
  now: ReadonlyMap<string, OdcsContract>,
): ContractPair[] {
  const pairs: ContractPair[] = [];
  const added = new Map([...now].filter(([p]) => !before.has(p)));
  for (const [file, from] of before) {
    const to = now.get(file);
    if (to) {
      pairs.push({ file, from, to });
      continue;
    }
    const moved = [...added].find(([, c]) => c.id === from.id);
    if (moved) {
      added.delete(moved[0]);
      pairs.push({ file: moved[0], from, to: moved[1] });
    } else {
      pairs.push({ file, from, to: undefined });
    }
  }
  for (const [file, to] of added) pairs.push({ file, from: undefined, to });
  return pairs.sort((a, b) => a.file.localeCompare(b.file));
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
