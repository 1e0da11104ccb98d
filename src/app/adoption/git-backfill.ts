import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import type { AdoptionSnapshot, ProductMilestones } from '../../core/adoption/adoption-model.ts';
import {
  advanceMilestones,
  countBy,
  dayOf,
  proposalToActive,
} from '../../core/adoption/adoption-model.ts';
import { classifyMeshPath } from '../../core/mesh/layout.ts';
import type { MeshworkStore } from '../store/store.ts';
import { GitBlobReader } from './git-blob-reader.ts';
import { readAll } from './read-all.ts';

const run = promisify(execFile);

/** Commits read at most (the newest); older history is said to be left out. */
export const BACKFILL_MAX_COMMITS = 2000;
/**
 * Product file versions read at most (every start may run the backfill): at the one beyond,
 * it stops — the days from that commit on are not written and the report says `stoppedEarly`.
 */
export const BACKFILL_MAX_FILES = 10_000;
/** A product file larger than this is not a product file anyone wrote by hand. */
const MAX_PRODUCT_FILE = 1024 * 1024;
/** What a git backfill cannot know about a past day. */
export const NOT_IN_GIT = 'not known from the git history (backfilled day)';

export type BackfillReport =
  | { readonly kind: 'not-git'; readonly reason: string }
  | {
      /** Every day with a change in the commits read has a snapshot already: nothing was read. */
      readonly kind: 'up-to-date';
      readonly reason: string;
      readonly commits: number;
      readonly days: number;
    }
  | {
      readonly kind: 'done';
      readonly commits: number;
      /** Days with a change to a product file, and of them those written (not measured already). */
      readonly days: number;
      readonly written: number;
      /** True when the history has more than `BACKFILL_MAX_COMMITS` commits: older ones were not read. */
      readonly truncated: boolean;
      /** Product files at a commit that could not be read as YAML, or whose names git quoted. */
      readonly unreadable: number;
      /** Product file versions looked at (a version read before is not read again). */
      readonly files: number;
      /**
       * True when more than `BACKFILL_MAX_FILES` product file versions changed: it stopped at
       * the commit where the limit was reached, and that commit's day and later ones were not written.
       */
      readonly stoppedEarly: boolean;
    };

interface ProductAt {
  readonly id: string;
  readonly domain: string;
  readonly status: string;
}

/** A change of a product file in a commit, as `git log --name-status` lists it. */
interface ProductChange {
  readonly deleted: boolean;
  /** Relative to the mesh folder. */
  readonly path: string;
  /** Relative to the repository, as `cat-file` wants it. */
  readonly repoPath: string;
  readonly domain: string;
}

interface CommitRead {
  readonly hash: string;
  readonly day: string;
  readonly changes: readonly ProductChange[];
}

/**
 * Fills the adoption history from git when the mesh is a git work tree: per day with a
 * change to a product file, the products then (first commit of each product file, each
 * status change, deletions), with what follows from them — products per domain and status
 * and time from proposal to active. The rest of a past day (grants, runs, owners) is not in
 * the history and stays null with `NOT_IN_GIT`. Days measured live are never replaced
 * (`store.adoption.record`). Every server start runs it, so when every day of the commits
 * read has a snapshot already (backfilled before, or measured live since), it reads no file
 * and says `up-to-date`. git runs with an argument list, never a shell; the repository's
 * files are read as blobs through one `cat-file` process, never checked out.
 */
export async function backfillAdoptionFromGit(options: {
  readonly store: MeshworkStore;
  readonly meshRoot: string;
  readonly now: Date;
  readonly maxCommits?: number;
  readonly maxFiles?: number;
}): Promise<BackfillReport> {
  const { store, meshRoot } = options;
  const max = options.maxCommits ?? BACKFILL_MAX_COMMITS;
  const maxFiles = options.maxFiles ?? BACKFILL_MAX_FILES;
  let prefix: string;
  try {
    if ((await git(meshRoot, ['rev-parse', '--is-inside-work-tree'])).trim() !== 'true')
      return { kind: 'not-git', reason: 'the mesh folder is not inside a git work tree' };
    prefix = (await git(meshRoot, ['rev-parse', '--show-prefix'])).trim();
  } catch {
    return {
      kind: 'not-git',
      reason: 'the mesh folder is not a git work tree (or git is missing)',
    };
  }
  let log: string;
  try {
    log = await git(meshRoot, [
      '-c',
      'core.quotePath=false',
      'log',
      '--reverse',
      `--max-count=${max + 1}`,
      '--no-renames',
      '--format=%x1e%H%x1f%cI',
      '--name-status',
      '--',
      'domains',
    ]);
  } catch {
    return { kind: 'not-git', reason: 'the git history could not be read (no commit yet?)' };
  }
  const entries = log.split('\x1e').filter((c) => c.trim() !== '');
  const truncated = entries.length > max;
  // --max-count takes the newest; --reverse orders them oldest first, so the extra one is the oldest.
  if (truncated) entries.shift();

  let unreadable = 0;
  const commits: CommitRead[] = [];
  for (const entry of entries) {
    const [head = '', ...lines] = entry.split('\n');
    const [hash = '', date = ''] = head.split('\x1f');
    if (!/^[0-9a-f]{40,64}$/.test(hash) || Number.isNaN(Date.parse(date))) continue;
    const changes: ProductChange[] = [];
    for (const line of lines) {
      const [change, repoPath] = line.split('\t');
      if (change === undefined || repoPath === undefined) continue;
      if (repoPath.startsWith('"')) {
        unreadable++;
        continue;
      }
      if (!repoPath.startsWith(prefix)) continue;
      const path = repoPath.slice(prefix.length);
      const role = classifyMeshPath(path);
      if (role.kind !== 'product') continue;
      changes.push({ deleted: change.startsWith('D'), path, repoPath, domain: role.domain });
    }
    commits.push({ hash, day: dayOf(date), changes });
  }

  const days = [...new Set(commits.map((c) => c.day))].sort();
  const first = days[0];
  const last = days.at(-1);
  if (first !== undefined && last !== undefined) {
    const recorded = new Set(
      (await readAll((page) => store.adoption.list({ from: first, to: last, ...page }))).map(
        (s) => s.day,
      ),
    );
    if (days.every((day) => recorded.has(day)))
      return {
        kind: 'up-to-date',
        reason: 'every day with a change in the git history has a snapshot already',
        commits: commits.length,
        days: days.length,
      };
  }

  const state = new Map<string, ProductAt>();
  const byDay = new Map<string, Map<string, ProductAt>>();
  const byBlob = new Map<string, ParsedProduct | null>();
  let files = 0;
  let stoppedEarly = false;
  const reader = new GitBlobReader(meshRoot, gitEnv());
  try {
    reading: for (const commit of commits) {
      for (const change of commit.changes) {
        if (change.deleted) {
          state.delete(change.path);
          continue;
        }
        if (files >= maxFiles) {
          stoppedEarly = true;
          // The day's earlier commits alone would show it without this one's changes.
          byDay.delete(commit.day);
          break reading;
        }
        files++;
        const read = await reader.read(
          `${commit.hash}:${change.repoPath}`,
          MAX_PRODUCT_FILE,
          (oid) => byBlob.has(oid),
        );
        let parsed: ParsedProduct | null = null;
        if (read.kind === 'blob') {
          parsed = parseProduct(read.text);
          byBlob.set(read.oid, parsed);
        } else if (read.kind === 'cached') parsed = byBlob.get(read.oid) ?? null;
        if (parsed === null) unreadable++;
        else
          state.set(change.path, {
            id: parsed.id,
            domain: parsed.domain ?? change.domain,
            status: parsed.status,
          });
      }
      byDay.set(commit.day, new Map(state));
    }
  } finally {
    reader.close();
  }

  let milestones: Record<string, ProductMilestones> = {};
  let written = 0;
  const recordedAt = options.now.toISOString();
  for (const [day, products] of [...byDay].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // By id: a product file moved to another folder is the same product.
    const seen = new Map([...products.values()].map((p) => [p.id, p]));
    milestones = advanceMilestones(milestones, seen, day);
    const all = [...seen.values()];
    const snapshot: AdoptionSnapshot = {
      day,
      recordedAt,
      source: 'git',
      figures: {
        products: all.length,
        productsByDomain: countBy(all, (p) => p.domain),
        productsByStatus: countBy(all, (p) => p.status),
        withOwner: null,
        withDescription: null,
        withPassingContracts: null,
        consumers: null,
        requests: null,
        quality: null,
        sla: null,
        policyShare: null,
        proposalToActive: proposalToActive(milestones),
      },
      gaps: Object.fromEntries(
        (
          [
            'withOwner',
            'withDescription',
            'withPassingContracts',
            'consumers',
            'requests',
            'quality',
            'sla',
            'policyShare',
          ] as const
        ).map((figure) => [figure, NOT_IN_GIT]),
      ),
      milestones,
    };
    if (await store.adoption.record(snapshot)) written++;
  }
  return {
    kind: 'done',
    commits: commits.length,
    days: byDay.size,
    written,
    truncated,
    unreadable,
    files,
    stoppedEarly,
  };
}

/** A product file's text as far as the backfill needs it; `domain` null when it names none. */
interface ParsedProduct {
  readonly id: string;
  readonly domain: string | null;
  readonly status: string;
}

/** The id, domain and status of a product file's text; null when it is no readable product. */
function parseProduct(text: string): ParsedProduct | null {
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 100 });
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const record = data as Record<string, unknown>;
  const id = typeof record.id === 'string' && record.id.trim() !== '' ? record.id : null;
  if (id === null) return null;
  return {
    id,
    domain: typeof record.domain === 'string' ? record.domain : null,
    status: typeof record.status === 'string' ? record.status : 'unknown',
  };
}

/** git's environment: the repository is the one holding the mesh folder, not one a hook's variables name. */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR'])
    delete env[name];
  return env;
}

async function git(cwd: string, args: readonly string[], maxBuffer = 64 * 1024 * 1024) {
  const { stdout } = await run('git', [...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer,
    env: gitEnv(),
  });
  return stdout;
}
