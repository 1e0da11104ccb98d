import { stat } from 'node:fs/promises';
import { nearPathHint } from '../near-path.ts';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { RunStatus, TestRun } from '../../core/quality/index.ts';
import { MeshworkError } from '../errors.ts';
import { findMeshRootAbove } from '../workspace/read-mesh.ts';
import { meshContractFiles } from './mesh-objects.ts';
import { runContractTests } from './run-contract-tests.ts';
import type { RunHistory } from './run-history.ts';

export interface TargetOptions {
  readonly server?: string;
  readonly schema?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where each run is recorded; omitted or `null`: not recorded. */
  readonly history?: RunHistory | null;
  /** Samples of failing rows (default true). */
  readonly samples?: boolean;
}

export interface ContractRun {
  /** The contract file relative to the mesh root. */
  readonly contract: string;
  readonly run: TestRun;
}

export interface TargetRun {
  readonly status: RunStatus;
  readonly runs: readonly ContractRun[];
}

const ORDER: readonly RunStatus[] = ['passed', 'warning', 'error', 'failed'];

/**
 * Tests a CONTRACT (an .odcs.yaml file), a PRODUCT (its folder or product.odps.yaml: every
 * contract in the folder) or the MESH (its root: every contract).
 */
export async function testTarget(
  meshRoot: string,
  target: string,
  options: TargetOptions = {},
): Promise<TargetRun> {
  const path = isAbsolute(target) ? target : resolve(meshRoot, target);
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch {
    throw new MeshworkError(
      'not-found',
      `${target} does not exist.${nearPathHint(target, meshRoot)}`,
    );
  }
  const folder = isFolder
    ? path
    : basename(path) === 'product.odps.yaml'
      ? dirname(path)
      : undefined;
  let contracts: string[];
  if (folder === undefined) {
    if (!path.endsWith('.odcs.yaml') && !path.endsWith('.odcs.yml')) {
      throw new MeshworkError(
        'usage',
        `${target} is neither a contract (.odcs.yaml), a product nor a mesh.`,
      );
    }
    contracts = [path];
  } else {
    const all = await meshContractFiles(meshRoot);
    contracts = all.filter((file) => file.startsWith(folder.endsWith(sep) ? folder : folder + sep));
    if (contracts.length === 0)
      throw new MeshworkError('not-found', `${target} holds no data contracts.`);
  }
  const runs: ContractRun[] = [];
  for (const file of contracts.sort()) {
    const run = await runContractTests({
      meshRoot,
      contractFile: file,
      ...(options.server !== undefined ? { server: options.server } : {}),
      ...(options.schema !== undefined ? { schema: options.schema } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.history !== undefined ? { history: options.history } : {}),
      ...(options.samples === false ? { samples: false } : {}),
    });
    runs.push({ contract: relative(meshRoot, file).split(sep).join('/'), run });
  }
  const status = runs.reduce<RunStatus>(
    (worst, { run }) => (ORDER.indexOf(run.status) > ORDER.indexOf(worst) ? run.status : worst),
    'passed',
  );
  return { status, runs };
}

/** The mesh root of a path: the nearest folder up with a meshwork.yaml, else the path's folder. */
export async function findMeshRoot(path: string): Promise<string> {
  let folder = resolve(path);
  try {
    if (!(await stat(folder)).isDirectory()) folder = dirname(folder);
  } catch {
    folder = dirname(folder);
  }
  return (await findMeshRootAbove(folder)) ?? folder;
}
