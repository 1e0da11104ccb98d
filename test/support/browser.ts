import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { cli } from './cli.ts';

const repo = join(import.meta.dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
/** Where the browser tests leave their screenshots (git-ignored). */
export const SCREENSHOTS = join(repo, 'test-output', 'screenshots');

/**
 * Debian's Chromium. `npm test` installs it once before the test files start
 * (scripts/run-tests.ts); a test never runs apt-get itself, since two test files doing so
 * at once fail on dpkg's lock. Playwright's own browser download is never used: the network
 * may be closed, and the distribution's package is the one that gets security updates.
 */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  throw new Error(
    `${CHROMIUM} is missing; npm test installs it when run as root, or install it with: sudo apt-get install -y chromium`,
  );
}

export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Builds the portal into web/dist, so the tests never run against a stale bundle. */
export function buildPortal(): void {
  execFileSync(
    process.execPath,
    [
      join(repo, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(repo, 'web', 'vite.config.ts'),
      '--logLevel',
      'warn',
    ],
    {
      cwd: repo,
      stdio: 'pipe',
    },
  );
}

/** The Alpine Bikes demo, generated and built at scale 0.01 in a temporary folder, scored twice. */
export async function buildDemoMesh(): Promise<{ root: string; remove: () => void }> {
  const root = mkdtempSync(join(tmpdir(), 'meshwork-portal-'));
  const remove = (): void => rmSync(root, { recursive: true, force: true });
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
  const built = await cli(['build', '--mesh', root], root);
  if (built.code !== 0) {
    remove();
    throw new Error(`the demo did not build:\n${built.stdout}${built.stderr}`);
  }
  // Two scorecards recorded in the store, so a domain's scorecard has a trend to show.
  for (let i = 0; i < 2; i++) await cli(['scorecard', root], root);
  return { root, remove };
}

export interface ServedMesh {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * `meshwork serve` as a user starts it, on a free port of 127.0.0.1 with the embedded
 * store; resolves with the address it prints.
 */
export function serveMesh(
  root: string,
  adminPassword: string,
  extraArgs: readonly string[] = [],
): Promise<ServedMesh> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repo, 'bin', 'meshwork.js'), 'serve', root, '--port', '0', ...extraArgs],
    {
      cwd: root,
      env: { ...process.env, MESHWORK_ADMIN_PASSWORD: adminPassword, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const stop = (): Promise<void> =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`meshwork serve did not print its address within 60 s:\n${output}`));
    }, 60_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      // eslint-disable-next-line no-control-regex
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output.replace(/\u001b\[[0-9;]*m/g, ''));
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], stop });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`meshwork serve exited with ${code}:\n${output}`));
    });
  });
}

export function screenshotsFolder(): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return SCREENSHOTS;
}

/**
 * A script for `page.evaluate`: the visible text of the page without user data (elements
 * marked `translate="no"` or `data-user-data`, code, scripts, styles, and `alsoLeaveOut`),
 * for asserting that the portal's own words are all in the page's language.
 */
export function ownTextScript(alsoLeaveOut = ''): string {
  return `(() => {
  const copy = document.body.cloneNode(true);
  for (const el of copy.querySelectorAll('[translate="no"], [data-user-data], code, pre, script, style${alsoLeaveOut}'))
    el.remove();
  document.body.append(copy);
  copy.style.position = 'absolute';
  const text = copy.innerText;
  copy.remove();
  return text;
})()`;
}

/**
 * Opens `path` until `selector` shows (at most 3 loads of 15 s): CI has seen a page of the
 * portal stay blank for 15 s with the server alive afterwards; each extra load is said in
 * the log with what the page showed, and a failure says it too.
 */
export async function openUntil(page: Page, path: string, selector: string): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.goto(path);
    try {
      await page.locator(selector).first().waitFor({ timeout: 15_000 });
      if (attempt > 1)
        process.stderr.write(`note: ${path} showed ${selector} on load ${attempt}\n`);
      return;
    } catch {
      const shown = (
        await page
          .locator('body')
          .innerText()
          .catch(() => '')
      ).slice(0, 500);
      process.stderr.write(
        `note: ${path} without ${selector} on load ${attempt}; it showed: ${shown}\n`,
      );
    }
  }
  throw new Error(`${selector} never showed at ${path}`);
}

/**
 * Opens a page that shows the sign-in form (a new context at `/` or `/login`) and waits for
 * its username field. CI has twice seen the form not come within 30 s, the server alive
 * afterwards: the page is loaded again (at most 3 times, each extra load said in the log),
 * and a failure says what the page showed instead.
 */
export async function openSignIn(page: Page, path = '/'): Promise<void> {
  const field = page.getByLabel(/username|benutzername/i);
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.goto(path);
    try {
      await field.waitFor({ timeout: 15_000 });
      if (attempt > 1) process.stderr.write(`note: the sign-in form showed on load ${attempt}\n`);
      return;
    } catch {
      const shown = (
        await page
          .locator('body')
          .innerText()
          .catch(() => '')
      ).slice(0, 500);
      process.stderr.write(`note: no sign-in form on load ${attempt}; the page showed: ${shown}\n`);
    }
  }
  throw new Error(`the sign-in form never showed at ${path}`);
}

/**
 * Opens the top bar's "More" menu, where the operational and admin pages are (Jobs,
 * notifications, tokens, users, audit, privacy); a no-op when it is open already.
 */
export async function openNavMore(page: Page): Promise<void> {
  const button = page.getByTestId('nav-more');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await page.locator('.nav-more-panel').waitFor();
}
