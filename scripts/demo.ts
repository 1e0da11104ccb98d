/**
 * `npm run demo`: the main job on the embedded default. Generates the Alpine Bikes demo
 * data (once; `--regenerate` to force, `--scale N` to size it), then validates, checks the
 * governance policies, builds and tests the demo mesh (docs/build.md), and ends by serving
 * it: the portal and the API at http://127.0.0.1:4000 until Ctrl-C (docs/api.md;
 * `--no-serve` stops after the tests, as CI does).
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
    options: {
      scale: { type: 'string' },
      regenerate: { type: 'boolean' },
      'no-serve': { type: 'boolean' },
    },
    strict: true,
  }).values;
} catch (error) {
  console.error(
    `npm run demo: ${(error as Error).message}\nUsage: npm run demo -- [--scale N] [--regenerate] [--no-serve]`,
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

const steps: [string, string[]][] = [
  [`meshwork validate ${mesh}`, ['bin/meshwork.js', 'validate', mesh]],
  // Validation plus the governance policies (built-in pack, domain adaptations).
  [`meshwork check ${mesh}`, ['bin/meshwork.js', 'check', mesh]],
  // Builds every product (each output contract is tested before its snapshot is published).
  [`meshwork build --mesh ${mesh}`, ['bin/meshwork.js', 'build', '--mesh', mesh]],
  // Tests every contract of the mesh against what is served now: sources and output
  // ports, each on the first of its servers usable here (the webshop's PostgreSQL when
  // MESHWORK_WEBSHOP_URL is set, else its Parquet copy; docs/testing.md).
  [`meshwork test ${mesh}`, ['bin/meshwork.js', 'test', mesh]],
  // Records this run's policy scorecard in the workspace store: the portal's domain pages
  // draw their trend from these records.
  [`meshwork scorecard ${mesh}`, ['bin/meshwork.js', 'scorecard', mesh]],
];
for (const [title, stepArgs] of steps) {
  const status = run(title, stepArgs);
  if (status !== 0) process.exit(status);
}
console.log(
  `\nThe Alpine Bikes mesh is valid, built and tested; the output ports are served from ${join(mesh, '.meshwork', 'warehouse')}. Try:\n  npx meshwork build --mesh ${mesh} --format json\n  npx meshwork test ${mesh} --format json\nAccess requests and grants on the demo: README, "Try the access flow on the demo".`,
);
if (!args['no-serve']) {
  // The portal is built once (web/dist is not in git); the server serves it with the API.
  if (!existsSync(join(root, 'web', 'dist', 'index.html'))) {
    const status = run('building the portal (web/dist)', [
      join('node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join('web', 'vite.config.ts'),
    ]);
    if (status !== 0) process.exit(status);
  }
  process.exit(run(`meshwork serve ${mesh}`, ['bin/meshwork.js', 'serve', mesh]));
}
