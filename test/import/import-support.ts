import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { organisation } from '../support/mesh-fixture.ts';

const MESHWORK = fileURLToPath(new URL('../../bin/meshwork.js', import.meta.url));

/** An empty mesh (meshwork.yaml only) in a fresh temp folder. */
export async function emptyMesh(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `meshwork-${prefix}-`));
  await writeFile(join(dir, 'meshwork.yaml'), stringify(organisation));
  return dir;
}

export interface ProcessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `meshwork …` as a real process, with only the environment given (plus PATH). */
export function meshwork(
  args: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string>> = {},
): Promise<ProcessRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [MESHWORK, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 99;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The parts of a written contract the tests read. */
export interface ContractProperty {
  name: string;
  id?: string;
  physicalName?: string;
  logicalType?: string;
  physicalType?: string;
  required?: boolean;
  unique?: boolean;
  primaryKeyPosition?: number;
  description?: string;
  logicalTypeOptions?: Record<string, unknown>;
  quality?: unknown[];
  relationships?: unknown[];
}

export interface ContractObject {
  name: string;
  id?: string;
  physicalName?: string;
  physicalType?: string;
  description?: string;
  properties: ContractProperty[];
  relationships?: unknown[];
  quality?: { arguments?: unknown }[];
}

export interface Contract {
  apiVersion: string;
  id: string;
  status: string;
  domain?: string;
  tags?: string[];
  description: { purpose: string };
  servers?: Record<string, unknown>[];
  schema: ContractObject[];
  customProperties: { property: string; value: unknown }[];
}

export async function readContract(path: string): Promise<Contract> {
  const { readFile } = await import('node:fs/promises');
  const { parse } = await import('yaml');
  return parse(await readFile(path, 'utf8')) as Contract;
}
