import { stat } from 'node:fs/promises';
import { nearPathHint } from '../near-path.ts';
import { basename, join, relative, resolve } from 'node:path';
import type { Finding } from '../../core/findings/finding.ts';
import { hasErrors, sortFindings } from '../../core/findings/finding.ts';
import type { ValidationDeps } from '../../core/validate/validate-document.ts';
import { roleOfFileName, validateDocument } from '../../core/validate/validate-document.ts';
import { validateMesh } from '../../core/validate/validate-mesh.ts';
import { MeshworkError } from '../errors.ts';
import { readMeshFiles, readSource } from '../workspace/read-mesh.ts';

export interface ValidationReport {
  readonly valid: boolean;
  readonly findings: readonly Finding[];
  /** How many documents were read, for the summary and the benchmark. */
  readonly documents: number;
}

/**
 * `meshwork validate [PATH…]`: each path is a mesh repository folder (validated whole,
 * references included) or a single .odcs.yaml / .odps.yaml file (structure and
 * semantics). File names in findings are given relative to `cwd`, so they can be opened
 * from the terminal.
 */
export async function validatePaths(
  paths: readonly string[],
  cwd: string,
  deps: ValidationDeps,
): Promise<ValidationReport> {
  const findings: Finding[] = [];
  let documents = 0;
  for (const path of paths.length > 0 ? paths : ['.']) {
    const absolute = resolve(cwd, path);
    const kind = await pathKind(absolute);
    if (kind === 'missing')
      throw new MeshworkError(
        'not-found',
        `${path}: no such file or folder.${nearPathHint(path, cwd)}`,
      );
    if (kind === 'directory') {
      const mesh = await readMeshFiles(absolute);
      documents += mesh.documents.length;
      const prefix = relative(cwd, absolute);
      for (const f of await validateMesh(mesh, deps))
        findings.push({ ...f, file: prefix ? join(prefix, f.file) : f.file });
      continue;
    }
    const display = relative(cwd, absolute) || basename(absolute);
    const role = roleOfFileName(basename(absolute));
    if (role === undefined) {
      throw new MeshworkError(
        'usage',
        `${path}: cannot tell what this file is from its name; name contracts *.odcs.yaml and products *.odps.yaml, or pass a mesh folder.`,
      );
    }
    documents += 1;
    const result = await validateDocument(role, await readSource(absolute, display), deps);
    findings.push(...result.findings);
  }
  const sorted = sortFindings(findings);
  return { valid: !hasErrors(sorted), findings: sorted, documents };
}

async function pathKind(path: string): Promise<'file' | 'directory' | 'missing'> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}
