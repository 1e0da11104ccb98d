import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019Module from 'ajv/dist/2019.js';
import type { ValidateFunction } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import { standardsDir } from './standards.ts';

// Both are CommonJS: under NodeNext the default import is `module.exports`, and the
// class or plugin is its `default`.
const Ajv2019 = Ajv2019Module.default;
const addFormats = addFormatsModule.default;

/**
 * An official JSON Schema from ../shared/standards (path relative to it), compiled the way
 * upstream validates: ajv in draft 2019-09 mode with ajv-formats, all errors, not strict.
 */
export function compileOfficialSchema(relativePath: string): ValidateFunction {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(standardsDir, relativePath), 'utf8')) as object);
}

/** mulberry32: a small seeded PRNG, the same on every machine, for deterministic mutants. */
export function createRng(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
export type Rng = ReturnType<typeof createRng>;
