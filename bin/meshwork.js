#!/usr/bin/env node
// The meshwork command. An installed package runs the compiled JavaScript in dist/
// (`npm run build`; `npm pack` runs it through the prepack script). In a clone
// whose sources changed since that build, the sources run through tsx instead, so a
// developer (and a test that starts this file) never runs a stale dist/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const compiled = join(root, 'dist', 'cli', 'main.js');
const sources = join(root, 'src');

/** Whether a file under dir was modified after `time` (ms); about 2 ms for src/. */
function changedSince(dir, time) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() ? changedSince(path, time) : statSync(path).mtimeMs > time) return true;
  }
  return false;
}

const useCompiled =
  existsSync(compiled) &&
  (!existsSync(sources) || !changedSince(sources, statSync(compiled).mtimeMs));
if (useCompiled) {
  const { main } = await import('../dist/cli/main.js');
  await main();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli/main.ts');
  await main();
}
