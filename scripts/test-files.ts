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

/**
 * Test files that rewrite the started Trino's rules and group files: run together they
 * would publish over each other's rules mid-test, so they run one after the other.
 */
export const TRINO_RULES_FILES = [
  'test/trino/access-browser.test.ts',
  'test/trino/access-rules.test.ts',
];

export interface TestPass {
  readonly files: readonly string[];
  readonly concurrency: number;
}

/**
 * The passes of `npm run test:trino`: every file but the rules writers two at a time, then
 * the rules writers (those among `files`) one at a time. Empty passes are left out.
 */
export function trinoTestPasses(files: readonly string[]): TestPass[] {
  const writers = files.filter((f) =>
    TRINO_RULES_FILES.includes(f.replaceAll('\\', '/').replace(/^\.\//, '')),
  );
  const rest = files.filter((f) => !writers.includes(f));
  return [
    { files: rest, concurrency: 2 },
    { files: writers, concurrency: 1 },
  ].filter((pass) => pass.files.length > 0);
}
