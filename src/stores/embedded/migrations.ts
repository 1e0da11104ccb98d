import { existsSync } from 'node:fs';
import { chmod, open, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEvent, AuditEventInput } from '../../app/store/store.ts';
import { chainAuditEvent } from '../audit-chain.ts';
import { CollectionLog } from './collection-log.ts';
import { withLock } from './lock-file.ts';

/**
 * The versioned format of the embedded store. `format.json` in the store folder records
 * the version the files are in; `migrate()` brings an older store up to date under the
 * store's exclusive lock, one step per version, and refuses a store written by a newer
 * Meshwork rather than guess at it.
 *
 * How to add a version: append a step that rewrites the affected collection files (write
 * a temporary file 0600, rename it over the old one — readers notice the new inode and
 * refold) while holding that collection's `<file>.lock` too, as compaction does: other
 * processes may be appending, and an append waits out that lock before it counts
 * (CONTEXT.md, the compaction race).
 *
 * Not a version: the blank line every append now starts with (a reader of any version
 * skips blank lines) and the file modes, which `migrate()` tightens on every open.
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
  {
    version: 2,
    description:
      'sessions keep only a hash of their CSRF token: the sessions of version 1, which held it in clear, end',
    // As PostgreSQL's migration 2: everyone signs in again, and no CSRF token stays on disk.
    apply: (dir) => endSessions(dir),
  },
  {
    version: 3,
    description:
      'audit events form a hash chain (seq, prevHash, hash): the events so far are chained in the order of the log',
    apply: (dir) => chainAudit(dir),
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
  await restrictToOwner(dir);
  // The common case, every start after the first, takes no lock.
  if ((await checkedVersion(dir)) === EMBEDDED_VERSION) return;
  await withLock(join(dir, 'store.lock'), async () => {
    let version = await checkedVersion(dir);
    for (const step of EMBEDDED_MIGRATIONS) {
      if (step.version <= version) continue;
      await step.apply(dir);
      version = step.version;
      const temporary = join(dir, `format.json.${process.pid}`);
      await writeFile(temporary, `${JSON.stringify({ format: EMBEDDED_FORMAT, version })}\n`, {
        mode: 0o600,
      });
      await rename(temporary, join(dir, 'format.json'));
    }
  });
}

/**
 * Empties the sessions log (a version-1 session holds its CSRF token in clear), under the
 * collection's own lock so that a session appended meanwhile waits and lands in the new
 * file (the compaction race, CONTEXT.md).
 */
async function endSessions(dir: string): Promise<void> {
  const file = join(dir, 'sessions.jsonl');
  if (!existsSync(file)) return; // a new store: logs are created on first append
  await withLock(`${file}.lock`, async () => {
    const temporary = `${file}.migrate-${process.pid}`;
    await writeFile(temporary, '', { mode: 0o600 });
    await rename(temporary, file);
  });
}

/**
 * Chains the audit events written before the chain, in the order of the log, and rewrites
 * the log with them. Under the audit append lock (no entry is chained meanwhile on the old
 * file's head) and the collection's own lock (a plain append of an older process waits and
 * lands in the new file, unchained — such a process must be stopped first; CONTEXT.md).
 */
async function chainAudit(dir: string): Promise<void> {
  const file = join(dir, 'audit.jsonl');
  if (!existsSync(file)) return;
  await withLock(join(dir, 'audit-append.lock'), () =>
    withLock(`${file}.lock`, async () => {
      const events = await new CollectionLog(file).read();
      let head: AuditEvent | null = null;
      const lines: string[] = [];
      for (const value of events.values()) {
        head = chainAuditEvent(head, value as AuditEventInput);
        lines.push(`${JSON.stringify({ op: 'put', key: head.id, value: head })}\n`);
      }
      const temporary = `${file}.migrate-${process.pid}`;
      const handle = await open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(lines.join(''));
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    }),
  );
}

async function checkedVersion(dir: string): Promise<number> {
  const version = await embeddedVersion(dir);
  if (version > EMBEDDED_VERSION)
    throw new StoreVersionError(
      `the store in ${dir} has format version ${version}; this Meshwork reads up to ${EMBEDDED_VERSION} — upgrade Meshwork`,
    );
  return version;
}

/**
 * The store holds password and token hashes: its folder is 0700 and its files 0600. New
 * files are created so; this fixes what an older Meshwork (or a umask) left open to others.
 * A file of another user is left to its owner (EPERM): whoever can write the store opens
 * it too and tightens it then.
 */
async function restrictToOwner(dir: string): Promise<void> {
  await tighten(dir, 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true }))
    if (entry.isFile()) await tighten(join(dir, entry.name), 0o600);
}

async function tighten(path: string, mode: number): Promise<void> {
  try {
    if (((await stat(path)).mode & 0o777) !== mode) await chmod(path, mode);
  } catch (error) {
    // Gone meanwhile (a lock released, a compaction's temporary file renamed) or not ours.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}
