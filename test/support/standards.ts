import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the official ODCS/ODPS schemas and examples live: `../shared/standards` beside the
 * repository (never copied into it), or `MESHWORK_STANDARDS_DIR`.
 */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const standardsDir = resolve(
  process.env.MESHWORK_STANDARDS_DIR ?? join(repoRoot, '..', 'shared', 'standards'),
);

/**
 * The `skip` option for conformance tests: a reason string when the standards folder is
 * missing (so the runner prints why the test did not run), false when it is there. In CI
 * a missing folder is a failure, not a skip: `requireStandards()` throws.
 */
export const standardsMissing: string | false = existsSync(standardsDir)
  ? false
  : `official standards not found at ${standardsDir} (set MESHWORK_STANDARDS_DIR or put shared/ beside the repository)`;

export function requireStandards(): void {
  if (standardsMissing && process.env.CI) throw new Error(standardsMissing);
}

/** All files under `dir` (relative to the standards folder) whose name ends with `suffix`, sorted. */
export function standardFiles(dir: string, suffix: string): string[] {
  const root = join(standardsDir, dir);
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(suffix)) out.push(p);
    }
  };
  walk(root);
  return out;
}

export function displayName(file: string): string {
  return relative(standardsDir, file);
}
