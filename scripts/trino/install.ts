/**
 * Getting a Trino server onto this machine for the Trino tests: the tarball from Maven
 * Central (the last version published there is 476; later ones are GitHub-release only,
 * /work/shared/notes/trino.md), unpacked once into a cache with only the plugins the tests
 * use, and a Java that can run it (Trino 476 needs 24+).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const TRINO_VERSION = '476';
const ARTIFACT = `io.trino:trino-server:${TRINO_VERSION}:tar.gz`;
const TOP = `trino-server-${TRINO_VERSION}`;
/**
 * The connectors the test catalogs use (mariadb for `meshwork trino catalogs`' MariaDB files),
 * geospatial, without which the postgresql connector fails to start ("Unknown type: Geometry"),
 * and password-authenticators, which holds the file group provider.
 */
export const PLUGINS = [
  'geospatial',
  'hive',
  'iceberg',
  'mariadb',
  'memory',
  'mysql',
  'password-authenticators',
  'postgresql',
  'tpch',
];
const MIN_JAVA = 24;
const BUNDLED_JAVA = '/usr/lib/jvm/temurin-25-jdk-amd64';

/** A step that cannot be done here, with what the person should do about it. */
export class TrinoSetupError extends Error {
  override name = 'TrinoSetupError';
}

export type Log = (line: string) => void;

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MESHWORK_TRINO_CACHE ?? join(homedir(), '.cache', 'meshwork', 'trino', TRINO_VERSION);
}

/** Where the unpacked server lives once `ensureServer` has run. */
export function serverDir(cache: string): string {
  return join(cache, TOP);
}

/** mvn's own copy: present on a machine that fetched it before (then nothing is downloaded). */
function m2Tarball(): string {
  return join(
    homedir(),
    '.m2',
    'repository',
    'io',
    'trino',
    'trino-server',
    TRINO_VERSION,
    `${TOP}.tar.gz`,
  );
}

function onPath(command: string): boolean {
  return spawnSync('which', [command], { stdio: 'ignore' }).status === 0;
}

/**
 * The unpacked server, downloading and unpacking it when the cache does not have it. The
 * unpacked folder appears by a rename of a finished `.partial` folder, so an interrupted
 * unpack is never mistaken for a complete one.
 */
export function ensureServer(log: Log, env: NodeJS.ProcessEnv = process.env): string {
  const cache = cacheDir(env);
  const dir = serverDir(cache);
  const complete = (): boolean =>
    existsSync(join(dir, 'bin', 'launcher')) &&
    PLUGINS.every((p) => existsSync(join(dir, 'plugin', p)));
  if (complete()) return dir;
  // An older cache made with fewer plugins is unpacked anew.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  const tarball = downloadTarball(cache, log);
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  log(`unpacking ${tarball} (keeping only the plugins ${PLUGINS.join(', ')}) …`);
  // Everything first: the tarball stores shared jars once and hard-links the other plugins'
  // copies to them, so extracting single plugins fails on links to plugins left out.
  const result = spawnSync('tar', ['-xzf', tarball, '-C', partial, '--strip-components=1'], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new TrinoSetupError(`unpacking ${tarball} failed: ${result.stderr.slice(-2000)}`);
  const plugins = join(partial, 'plugin');
  for (const name of readdirSync(plugins))
    if (!PLUGINS.includes(name)) rmSync(join(plugins, name), { recursive: true, force: true });
  renameSync(partial, dir);
  // mvn keeps its own copy in ~/.m2; a second copy in the cache would only take 821 MB more.
  if (tarball.startsWith(cache)) rmSync(tarball, { force: true });
  return dir;
}

/** The tarball from ~/.m2 when mvn has it (checked against its .sha1), else fetched with mvn. */
function downloadTarball(cache: string, log: Log): string {
  const cached = m2Tarball();
  if (existsSync(cached) && sha1Matches(cached)) return cached;
  ensureMaven(log);
  const out = join(cache, 'download');
  mkdirSync(out, { recursive: true });
  log(`downloading ${ARTIFACT} with mvn (821 MB, a few minutes the first time) …`);
  const started = Date.now();
  const result = spawnSync(
    'mvn',
    [
      '-B',
      '-q',
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
      `-Dartifact=${ARTIFACT}`,
      `-DoutputDirectory=${out}`,
    ],
    { stdio: 'inherit' },
  );
  const file = join(out, `${TOP}.tar.gz`);
  if (result.status !== 0 || !existsSync(file))
    throw new TrinoSetupError(
      `mvn could not fetch ${ARTIFACT} from Maven Central (exit ${String(result.status)})`,
    );
  log(`downloaded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return file;
}

/** mvn writes the checksum next to the artifact; a torn copy in ~/.m2 is fetched again. */
function sha1Matches(file: string): boolean {
  const sumFile = `${file}.sha1`;
  if (!existsSync(sumFile)) return false;
  const expected = readFileSync(sumFile, 'utf8').trim().split(/\s+/)[0]?.toLowerCase();
  const output = execFileSync('sha1sum', [file], { encoding: 'utf8' });
  return output.split(/\s+/)[0] === expected;
}

function ensureMaven(log: Log): void {
  if (onPath('mvn')) return;
  if (process.getuid?.() !== 0)
    throw new TrinoSetupError(
      'mvn (Maven) is needed to fetch the Trino server from Maven Central and is missing; ' +
        'install it with: sudo apt-get install -y maven',
    );
  log('mvn is missing: installing maven with apt-get …');
  const result = spawnSync(
    'sh',
    ['-c', 'apt-get install -y maven || (apt-get update && apt-get install -y maven)'],
    { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
  );
  if (result.status !== 0 || !onPath('mvn'))
    throw new TrinoSetupError('installing maven with apt-get failed');
}

/** The major version `java -version` reports, or undefined when it does not run. */
export function javaMajor(javaHome: string): number | undefined {
  const result = spawnSync(join(javaHome, 'bin', 'java'), ['-version'], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  const match = /version "(\d+)/.exec(`${result.stderr}${result.stdout}`);
  return match ? Number(match[1]) : undefined;
}

/** `JAVA_HOME` when it is Java 24+, else the Temurin 25 the machines carry. */
export function findJava(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env.JAVA_HOME, BUNDLED_JAVA].filter((c): c is string => Boolean(c));
  for (const home of candidates) {
    const major = javaMajor(home);
    if (major !== undefined && major >= MIN_JAVA) return home;
  }
  throw new TrinoSetupError(
    `Trino ${TRINO_VERSION} needs Java ${MIN_JAVA} or later; none found ` +
      `(looked at ${candidates.join(', ')}). Set JAVA_HOME to a JDK ${MIN_JAVA}+ ` +
      '(e.g. Temurin 25 from https://adoptium.net).',
  );
}
