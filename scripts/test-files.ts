/**
 * Which test files `npm test` and `npm run test:trino` run. The Trino tests (test/trino/) need
 * a Trino server, which only `npm run test:trino` (scripts/test-trino.ts) starts.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..');

/** Test files with a Trino variant outside test/trino/ (skipped with a reason under `npm test`). */
export const TRINO_VARIANT_FILES = [
  'test/conformance/engines/contract-checks.test.ts',
  'test/conformance/engines/physical-types.test.ts',
];

/** Every `*.test.ts` under `dir`, relative to `base` and sorted, leaving out the folders `skip`. */
export function testFiles(dir: string, skip: readonly string[] = [], base = repoRoot): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (skip.includes(path)) continue;
    if (statSync(path).isDirectory()) out.push(...testFiles(path, skip, base));
    else if (name.endsWith('.test.ts')) out.push(relative(base, path));
  }
  return out;
}

/** `npm test`: everything under test/ except test/trino/. */
export function defaultTestFiles(root = repoRoot): string[] {
  return testFiles(join(root, 'test'), [join(root, 'test', 'trino')], root);
}

/** `npm run test:trino`: test/trino/ and the files with a Trino variant. */
export function trinoTestFiles(root = repoRoot): string[] {
  return [...testFiles(join(root, 'test', 'trino'), [], root), ...TRINO_VARIANT_FILES];
}
