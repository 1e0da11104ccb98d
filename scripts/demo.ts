/**
 * `npm run demo`: the main job on the embedded default. Generates the Alpine Bikes demo
 * data (once; `--regenerate` to force, `--scale N` to size it) and validates the demo
 * mesh. Later steps (build, test, serve) join here as they land.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(import.meta.dirname, '..');
const mesh = join('examples', 'alpine-bikes');
const data = join(mesh, 'data');

let args;
try {
  args = parseArgs({
    options: { scale: { type: 'string' }, regenerate: { type: 'boolean' } },
    strict: true,
  }).values;
} catch (error) {
  console.error(
    `npm run demo: ${(error as Error).message}\nUsage: npm run demo -- [--scale N] [--regenerate]`,
  );
  process.exit(2);
}

function run(title: string, args: string[]): number {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

if (args.regenerate || args.scale !== undefined || !existsSync(join(root, data))) {
  const scale = args.scale ?? '1';
  const status = run(`generating the demo data (scale ${scale}) into ${data}`, [
    '--import',
    'tsx',
    'scripts/generate-demo-data.ts',
    '--scale',
    scale,
    '--out',
    data,
  ]);
  if (status !== 0) process.exit(status);
} else {
  console.log(`\n▶ demo data already in ${data} (npm run demo -- --regenerate to make it anew)`);
}

const status = run(`meshwork validate ${mesh}`, ['bin/meshwork.js', 'validate', mesh]);
if (status === 0) {
  console.log(
    `\nThe Alpine Bikes mesh is valid. Try:\n  npx meshwork validate ${mesh} --format json\n  npx meshwork init /tmp/my-mesh`,
  );
}
process.exit(status);
