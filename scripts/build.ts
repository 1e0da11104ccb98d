/**
 * `npm run build`: compiles src/ into dist/ (tsconfig.build.json), so the installed
 * `meshwork` command runs plain JavaScript without tsx, and copies the files the code reads
 * next to itself at run time (the built-in policy pack's YAML). dist/ is emptied first: a
 * source file that was removed must not live on as a stale compiled module.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

/** Files under src/ that are neither code nor the folders' developer notes (CONTEXT.md). */
function assets(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...assets(path));
    else if (extname(name) !== '.ts' && name !== 'CONTEXT.md') out.push(path);
  }
  return out;
}

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')],
  { cwd: root, stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
for (const file of assets(src)) cpSync(file, join(dist, relative(src, file)));
