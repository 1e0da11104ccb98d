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

const run = promisify(execFile);

/** Commits read at most (the newest); older history is said to be left out. */
export const BACKFILL_MAX_COMMITS = 2000;
/** A product file larger than this is not a product file anyone wrote by hand. */
const MAX_PRODUCT_FILE = 1024 * 1024;
/** What a git backfill cannot know about a past day. */
export const NOT_IN_GIT = 'not known from the git history (backfilled day)';

export type BackfillReport =
  | { readonly kind: 'not-git'; readonly reason: string }
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
    };

interface ProductAt {
  readonly id: string;
  readonly domain: string;
  readonly status: string;
}

/**
 * Fills the adoption history from git when the mesh is a git work tree: per day with a
 * change to a product file, the products then (first commit of each product file, each
 * status change, deletions), with what follows from them — products per domain and status
 * and time from proposal to active. The rest of a past day (grants, runs, owners) is not in
 * the history and stays null with `NOT_IN_GIT`. Days measured live are never replaced
 * (`store.adoption.record`), so running it again — every server start does — changes only
 * backfilled days. git runs with an argument list, never a shell; the repository's files
 * are read as blobs (`cat-file`), never checked out.
 */
export async function backfillAdoptionFromGit(options: {
  readonly store: MeshworkStore;
  readonly meshRoot: string;
  readonly now: Date;
  readonly maxCommits?: number;
}): Promise<BackfillReport> {
  const { store, meshRoot } = options;
  const max = options.maxCommits ?? BACKFILL_MAX_COMMITS;
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
  const commits = log.split('\x1e').filter((c) => c.trim() !== '');
  const truncated = commits.length > max;
  // --max-count takes the newest; --reverse orders them oldest first, so the extra one is the oldest.
  if (truncated) commits.shift();

  const state = new Map<string, ProductAt>();
  const byDay = new Map<string, Map<string, ProductAt>>();
  let unreadable = 0;
  for (const commit of commits) {
    const [head = '', ...lines] = commit.split('\n');
    const [hash = '', date = ''] = head.split('\x1f');
    if (!/^[0-9a-f]{40,64}$/.test(hash) || Number.isNaN(Date.parse(date))) continue;
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
      if (change.startsWith('D')) {
        state.delete(path);
        continue;
      }
      const product = await productAt(meshRoot, hash, repoPath, role.domain);
      if (product === null) unreadable++;
      else state.set(path, product);
    }
    byDay.set(dayOf(date), new Map(state));
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
  };
}

/** The product file at a commit: its id, domain and status; null when it is no readable product. */
async function productAt(
  cwd: string,
  hash: string,
  repoPath: string,
  folderDomain: string,
): Promise<ProductAt | null> {
  let text: string;
  try {
    text = await git(cwd, ['cat-file', 'blob', `${hash}:${repoPath}`], MAX_PRODUCT_FILE);
  } catch {
    return null;
  }
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
    domain: typeof record.domain === 'string' ? record.domain : folderDomain,
    status: typeof record.status === 'string' ? record.status : 'unknown',
  };
}

async function git(cwd: string, args: readonly string[], maxBuffer = 64 * 1024 * 1024) {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  // The repository is the one holding the mesh folder, not one a git hook's variables name.
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR'])
    delete env[name];
  const { stdout } = await run('git', [...args], { cwd, encoding: 'utf8', maxBuffer, env });
  return stdout;
}
