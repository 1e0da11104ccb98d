/**
 * The Alpine Bikes demo in a temporary folder: the mesh definitions only (neither the
 * checkout's generated data nor its warehouse), data generated at scale 0.01, built by the
 * CLI. The caller removes the folder; a failed build removes it here and throws with the
 * CLI's output.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli.ts';

const repo = join(import.meta.dirname, '..', '..');

export async function builtDemo(
  prefix: string,
  env: Readonly<Record<string, string>>,
): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), `meshwork-${prefix}-`));
  try {
    cpSync(join(repo, 'examples', 'alpine-bikes'), root, {
      recursive: true,
      filter: (src) => !/[/\\](data|\.meshwork)$/.test(src),
    });
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repo, 'scripts', 'generate-demo-data.ts'),
        '--scale',
        '0.01',
        '--out',
        join(root, 'data'),
      ],
      { cwd: repo, stdio: 'pipe' },
    );
    const built = await cli(['build', '--mesh', root, '--format', 'json'], root, {
      env: { ...env },
    });
    if (built.code !== 0)
      throw new Error(`the demo did not build (exit ${built.code}):\n${built.stderr}`);
    return root;
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
