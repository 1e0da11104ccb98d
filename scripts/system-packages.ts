/**
 * The Debian packages the test suite needs, installed once by `npm test` before the test
 * files start. The test files run two at a time: when each installed what it was missing
 * itself, two `apt-get install` could run at once, and the second fails on dpkg's lock.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface SystemPackage {
  /** The Debian package. */
  readonly name: string;
  /** Why the tests need it, for the message. */
  readonly reason: string;
  /** Whether it is installed or not needed (e.g. a server URL is given instead). */
  readonly present: (env: NodeJS.ProcessEnv) => boolean;
}

function onPath(command: string): boolean {
  try {
    execFileSync('which', [command], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const SYSTEM_PACKAGES: readonly SystemPackage[] = [
  {
    name: 'mariadb-server',
    reason:
      'the MySQL/MariaDB engine tests start a private MariaDB (or set MESHWORK_TEST_MYSQL_URL)',
    present: (env) =>
      Boolean(env.MESHWORK_TEST_MYSQL_URL) || (onPath('mariadbd') && onPath('mariadb-install-db')),
  },
  {
    name: 'chromium',
    reason: "the portal's browser tests drive /usr/bin/chromium",
    present: () => existsSync('/usr/bin/chromium'),
  },
];

/** The packages of `packages` that are missing in this environment. */
export function missingSystemPackages(
  env: NodeJS.ProcessEnv,
  packages: readonly SystemPackage[] = SYSTEM_PACKAGES,
): SystemPackage[] {
  return packages.filter((p) => !p.present(env));
}

/**
 * The one apt-get command line for every missing package: `apt-get update` only when the
 * first install fails (an old or empty package list), as `.ci/run` does.
 */
export function installCommand(missing: readonly SystemPackage[]): string {
  const names = missing.map((p) => p.name).join(' ');
  return `apt-get install -y ${names} || (apt-get update && apt-get install -y ${names})`;
}
