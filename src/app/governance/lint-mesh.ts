import { stat } from 'node:fs/promises';
import { nearPathHint } from '../near-path.ts';
import { join, relative, resolve } from 'node:path';
import type { Finding } from '../../core/findings/finding.ts';
import { hasErrors } from '../../core/findings/finding.ts';
import type { PolicyResult } from '../../core/governance/index.ts';
import { evaluatePolicies, loadPolicySet } from '../../core/governance/index.ts';
import { buildMeshModel } from '../../core/mesh/mesh-model.ts';
import { MeshworkError } from '../errors.ts';
import { readMeshFiles } from '../workspace/read-mesh.ts';
import { BUILTIN_PREFIX, readBuiltinPolicies } from './builtin-pack.ts';
import type { PolicyTextLanguage } from './builtin/policy-texts.ts';
import { meshLanguage } from './builtin/policy-texts.ts';

export interface LintReport {
  readonly valid: boolean;
  readonly findings: readonly Finding[];
  readonly results: readonly PolicyResult[];
  /** Policies evaluated and targets in the mesh, for the summary. */
  readonly policies: number;
  readonly targets: number;
  /** The mesh root, absolute. */
  readonly root: string;
  /** The mesh's name from meshwork.yaml, or the folder name. */
  readonly meshName: string;
  /** `defaults.language` of meshwork.yaml when built-in texts exist in it (else English). */
  readonly language: PolicyTextLanguage | undefined;
}

/**
 * `meshwork lint [PATH]`: evaluates the built-in pack, the mesh's global policies, the
 * domains' policies and adaptations over the mesh at `path` (a mesh folder). File names
 * in findings are relative to `cwd`, like validate's.
 */
export async function lintMesh(path: string, cwd: string): Promise<LintReport> {
  const root = resolve(cwd, path);
  const kind = await stat(root).then(
    (s) => (s.isDirectory() ? 'directory' : 'file'),
    () => 'missing',
  );
  if (kind === 'missing')
    throw new MeshworkError(
      'not-found',
      `${path}: no such file or folder.${nearPathHint(path, cwd)}`,
    );
  if (kind === 'file')
    throw new MeshworkError(
      'usage',
      `${path}: policies apply to a whole mesh; pass the mesh repository folder.`,
    );
  const mesh = await readMeshFiles(root);
  const model = buildMeshModel(mesh.documents);
  const set = loadPolicySet(model, await readBuiltinPolicies());
  const report = evaluatePolicies(model, set);
  const prefix = relative(cwd, root);
  const findings = report.findings.map((f) =>
    prefix && !f.file.startsWith(BUILTIN_PREFIX) ? { ...f, file: join(prefix, f.file) } : f,
  );
  const data = model.organisation?.source.data;
  const name =
    data !== null && typeof data === 'object' && 'name' in data && typeof data.name === 'string'
      ? data.name
      : root.split(/[\\/]/).pop()!;
  return {
    valid: !hasErrors(findings),
    findings,
    results: report.results,
    policies: report.policies,
    targets: report.targets,
    root,
    meshName: name,
    language: meshLanguage(data),
  };
}
