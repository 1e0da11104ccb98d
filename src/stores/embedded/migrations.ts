import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withLock } from './lock-file.ts';

/**
 * The versioned format of the embedded store. `format.json` in the store folder records
 * the version the files are in; `migrate()` brings an older store up to date under the
 * store's exclusive lock, one step per version, and refuses a store written by a newer
 * Meshwork rather than guess at it.
 *
 * How to add a version: append a step that rewrites the affected collection files (write
 * a temporary file, rename it over the old one — readers notice the new inode and refold).
 */
export const EMBEDDED_FORMAT = 'meshwork-embedded-store';

interface Migration {
  readonly version: number;
  readonly description: string;
  readonly apply: (dir: string) => Promise<void>;
}

export const EMBEDDED_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description:
      'one JSON-lines log per collection: catalog, runs, scorecards, users, tokens, sessions, audit',
    // Logs are created on first append; nothing to rewrite.
    apply: () => Promise.resolve(),
  },
];

export const EMBEDDED_VERSION = EMBEDDED_MIGRATIONS[EMBEDDED_MIGRATIONS.length - 1]?.version ?? 0;

export class StoreVersionError extends Error {
  override readonly name = 'StoreVersionError';
}

export async function embeddedVersion(dir: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(join(dir, 'format.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  const parsed = JSON.parse(text) as { format?: unknown; version?: unknown };
  if (parsed.format !== EMBEDDED_FORMAT || typeof parsed.version !== 'number')
    throw new StoreVersionError(`${join(dir, 'format.json')} is not a Meshwork store format file`);
  return parsed.version;
}

export async function migrateEmbedded(dir: string): Promise<void> {
  // The common case, every start after the first, takes no lock.
  if ((await checkedVersion(dir)) === EMBEDDED_VERSION) return;
  await withLock(join(dir, 'store.lock'), async () => {
    let version = await checkedVersion(dir);
    for (const step of EMBEDDED_MIGRATIONS) {
      if (step.version <= version) continue;
      await step.apply(dir);
      version = step.version;
      const temporary = join(dir, `format.json.${process.pid}`);
      await writeFile(temporary, `${JSON.stringify({ format: EMBEDDED_FORMAT, version })}\n`);
      await rename(temporary, join(dir, 'format.json'));
    }
  });
}

async function checkedVersion(dir: string): Promise<number> {
  const version = await embeddedVersion(dir);
  if (version > EMBEDDED_VERSION)
    throw new StoreVersionError(
      `the store in ${dir} has format version ${version}; this Meshwork reads up to ${EMBEDDED_VERSION} — upgrade Meshwork`,
    );
  return version;
}
