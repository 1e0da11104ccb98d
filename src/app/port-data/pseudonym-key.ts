import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MeshworkError } from '../errors.ts';

/**
 * The secret behind the pseudonyms of the embedded data API: `MESHWORK_PSEUDONYM_KEY`, or
 * else 32 random bytes generated once into the workspace's `.meshwork/pseudonym.key`
 * (mode 0600; `.meshwork/` is never part of the mesh repository — `meshwork init` ignores
 * it in git). Each consumer team gets its own key derived from it, so two teams' pseudonyms
 * of one person differ and cannot be joined. The key is never logged, never in an answer,
 * and never part of SQL text (the export binds it as a parameter).
 */
export const PSEUDONYM_KEY_ENV = 'MESHWORK_PSEUDONYM_KEY';
const MIN_KEY_LENGTH = 32;

export function pseudonymKeyFile(workspaceRoot: string): string {
  return join(workspaceRoot, '.meshwork', 'pseudonym.key');
}

/** Reads (or creates) the master key; a key file others may read is refused. */
export async function loadPseudonymKey(
  workspaceRoot: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  const given = env[PSEUDONYM_KEY_ENV];
  if (given !== undefined && given !== '') {
    if (given.length < MIN_KEY_LENGTH)
      throw new MeshworkError(
        'usage',
        `${PSEUDONYM_KEY_ENV} must have at least ${MIN_KEY_LENGTH} characters (e.g. \`openssl rand -hex 32\`).`,
      );
    return given;
  }
  const file = pseudonymKeyFile(workspaceRoot);
  await mkdir(dirname(file), { recursive: true });
  try {
    // `wx`: of two processes starting at once, one creates the key and the other reads it.
    await writeFile(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError(file, error);
  }
  const info = await stat(file).catch((error: unknown) => {
    throw ioError(file, error);
  });
  if ((info.mode & 0o077) !== 0)
    throw new MeshworkError(
      'io',
      `${file} may be read by other users of this machine; \`chmod 600\` it (or set ${PSEUDONYM_KEY_ENV}).`,
    );
  const key = (await readFile(file, 'utf8')).trim();
  // A second process may read between the other's create and write: wait for the text.
  if (key.length < MIN_KEY_LENGTH) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = (await readFile(file, 'utf8')).trim();
    if (again.length < MIN_KEY_LENGTH)
      throw new MeshworkError('io', `${file} holds no key; remove it to have a new one made.`);
    return again;
  }
  return key;
}

/**
 * The key of one consumer's pseudonyms: HMAC-SHA256 of its identity, hex. A team's
 * identity is `consumerTeamIdentity(domain, name)` — two domains' teams of one name get two
 * keys; the owning team reads in clear and uses `owner:<product id>`.
 */
export function teamPseudonymKey(masterKey: string, team: string): string {
  return createHmac('sha256', masterKey).update(`meshwork-pseudonym:team:${team}`).digest('hex');
}

/** A consumer team's identity for its pseudonym key: its domain and its name. */
export function consumerTeamIdentity(domain: string, team: string): string {
  return `team:${domain}/${team}`;
}

function ioError(file: string, error: unknown): MeshworkError {
  const reason = error instanceof Error ? error.message : String(error);
  return new MeshworkError('io', `cannot read or create the pseudonym key ${file}: ${reason}`, {
    cause: error,
  });
}
