import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { classifyMeshPath, MESH_FILE } from '../../core/mesh/layout.ts';
import type { MeshDocument } from '../../core/mesh/mesh-model.ts';
import { parseSourceDocument } from '../../core/yaml/source-document.ts';

/** Folders at the mesh root that never hold definitions (generated data, build output). */
const SKIPPED_ROOT_DIRS = new Set(['data', 'dist']);

export interface MeshFiles {
  readonly root: string;
  readonly documents: MeshDocument[];
  /** Every folder under domains/ and their files, for the layout checks. */
  readonly folders: ReadonlyMap<string, readonly string[]>;
}

/** The nearest folder from `start` upwards that holds a meshwork.yaml, if any. */
export async function findMeshRootAbove(start: string): Promise<string | undefined> {
  for (let dir = start; ; dir = dirname(dir)) {
    const found = await stat(join(dir, MESH_FILE)).then(
      (s) => s.isFile(),
      () => false,
    );
    if (found) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Reads every file of a mesh repository that the layout gives a part to, and parses the
 * YAML ones. A file that cannot be read becomes a document with a finding, so one bad
 * file never stops the rest of the mesh from being checked.
 */
export async function readMeshFiles(root: string): Promise<MeshFiles> {
  const paths: string[] = [];
  const folders = new Map<string, string[]>();
  await walk(root, root, paths, folders);
  paths.sort();
  const documents = await Promise.all(
    paths.map(async (path): Promise<MeshDocument> => {
      const role = classifyMeshPath(path);
      return { path, role, source: await readSource(join(root, path), path) };
    }),
  );
  return { root, documents, folders };
}

export async function readSource(
  absolute: string,
  display: string,
): Promise<MeshDocument['source']> {
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return unreadable(display, reason);
  }
  if (display.endsWith('.sql')) return parseSourceDocument(display, '');
  return parseSourceDocument(display, text);
}

function unreadable(display: string, reason: string): MeshDocument['source'] {
  const source = parseSourceDocument(display, '');
  return {
    ...source,
    data: undefined,
    syntaxFindings: [
      {
        severity: 'error',
        code: 'unreadable-file',
        message: `The file cannot be read (${reason}).`,
        file: display,
        line: 1,
        column: 1,
        path: '$',
        hint: 'Check that the file exists, is readable and is UTF-8 text.',
      },
    ],
  };
}

async function walk(
  root: string,
  dir: string,
  paths: string[],
  folders: Map<string, string[]>,
): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  const rel = relative(root, dir).split(sep).join('/');
  if (rel.startsWith('domains/')) folders.set(rel, entries.map((e) => e.name).sort());
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const skipped =
        entry.name === 'node_modules' ||
        entry.name.startsWith('.') ||
        (dir === root && SKIPPED_ROOT_DIRS.has(entry.name));
      if (!skipped) await walk(root, path, paths, folders);
    } else if (entry.isFile()) {
      const relativePath = relative(root, path).split(sep).join('/');
      if (classifyMeshPath(relativePath).kind !== 'other') paths.push(relativePath);
    }
  }
}
