import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { backfillAdoptionFromGit, NOT_IN_GIT } from '../../src/app/adoption/git-backfill.ts';
import type { AdoptionSnapshot } from '../../src/core/adoption/adoption-model.ts';
import { createMemoryStore } from '../support/memory-store.ts';

const NOW = new Date('2026-02-01T00:00:00Z');

/**
 * The adoption history from git: a real repository whose mesh lies in a subfolder, with
 * commits on given days that add products, change their status, delete one and commit a
 * broken file. Every day with a change becomes a snapshot; a day measured live stays.
 */
describe('adoption backfill from git', () => {
  let repo: string;
  let mesh: string;
  before(() => {
    repo = mkdtempSync(join(tmpdir(), 'meshwork-backfill-'));
    mesh = join(repo, 'mesh');
    git(['init', '-q', '-b', 'main']);
    commit('2026-01-05T09:00:00Z', {
      'domains/sales/sales-orders/product.odps.yaml': product('sales-orders', 'sales', 'proposed'),
      'domains/sales/sales-customers/product.odps.yaml': product(
        'sales-customers',
        'sales',
        'active',
      ),
      'README.md': 'not a product',
    });
    commit('2026-01-12T23:30:00+02:00', {
      // 21:30 UTC: still the 12th.
      'domains/sales/sales-orders/product.odps.yaml': product('sales-orders', 'sales', 'active'),
      'domains/finance/finance-x/product.odps.yaml': product('finance-x', 'finance', 'draft'),
    });
    commit('2026-01-20T08:00:00Z', {
      'domains/sales/sales-customers/product.odps.yaml': null,
      'domains/finance/finance-x/product.odps.yaml': product('finance-x', 'finance', 'active'),
      'domains/finance/broken/product.odps.yaml': 'id: [unclosed',
    });
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  function git(args: string[], date?: string): void {
    execFileSync('git', args, {
      cwd: repo,
      stdio: 'pipe',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
        ...(date === undefined ? {} : { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }),
      },
    });
  }

  function commit(date: string, files: Record<string, string | null>): void {
    for (const [path, text] of Object.entries(files)) {
      const file = join(mesh, path);
      if (text === null) rmSync(file);
      else {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text);
      }
    }
    git(['add', '-A']);
    git(['commit', '-q', '-m', `change of ${date}`], date);
  }

  it('makes one snapshot per day with a change, with products, statuses and time to active', async () => {
    const store = createMemoryStore();
    const report = await backfillAdoptionFromGit({ store, meshRoot: mesh, now: NOW });
    assert.deepEqual(report, {
      kind: 'done',
      commits: 3,
      days: 3,
      written: 3,
      truncated: false,
      unreadable: 1,
      files: 6,
      stoppedEarly: false,
    });
    const days = (await store.adoption.list({})).items;
    assert.deepEqual(
      days.map((d) => [d.day, d.source, d.figures.products]),
      [
        ['2026-01-05', 'git', 2],
        ['2026-01-12', 'git', 3],
        ['2026-01-20', 'git', 2],
      ],
    );
    const [first, second, third] = days as [AdoptionSnapshot, AdoptionSnapshot, AdoptionSnapshot];
    assert.deepEqual(first.figures.productsByStatus, { proposed: 1, active: 1 });
    assert.deepEqual(second.figures.productsByDomain, { sales: 2, finance: 1 });
    assert.deepEqual(third.figures.productsByDomain, { sales: 1, finance: 1 });
    // sales-orders: proposed 5th → active 12th (7 days); finance-x: draft 12th → active 20th (8).
    assert.deepEqual(second.figures.proposalToActive, { products: 1, medianDays: 7 });
    assert.deepEqual(third.figures.proposalToActive, { products: 2, medianDays: 7.5 });
    assert.deepEqual(third.milestones['sales-customers'], {
      domain: 'sales',
      status: 'active',
      firstSeen: '2026-01-05',
      proposedOn: null,
      activeOn: '2026-01-05',
    });
    // What git cannot know is null with the reason, never 0.
    assert.equal(third.figures.consumers, null);
    assert.equal(third.figures.withOwner, null);
    assert.equal(third.gaps.consumers, NOT_IN_GIT);
  });

  it('never replaces a day measured live, and running it again reads nothing', async () => {
    const store = createMemoryStore();
    const measured: AdoptionSnapshot = {
      ...(await backfilledDay(mesh, '2026-01-12')),
      source: 'index',
      recordedAt: '2026-01-12T18:00:00.000Z',
    };
    await store.adoption.record(measured);
    const first = await backfillAdoptionFromGit({ store, meshRoot: mesh, now: NOW });
    const again = await backfillAdoptionFromGit({ store, meshRoot: mesh, now: NOW });
    assert.equal(first.kind === 'done' && first.written, 2);
    // Every day of the history has a snapshot now: the next start reads no file.
    assert.deepEqual(again, {
      kind: 'up-to-date',
      reason: 'every day with a change in the git history has a snapshot already',
      commits: 3,
      days: 3,
    });
    const days = (await store.adoption.list({})).items;
    assert.deepEqual(
      days.map((d) => [d.day, d.source]),
      [
        ['2026-01-05', 'git'],
        ['2026-01-12', 'index'],
        ['2026-01-20', 'git'],
      ],
    );
    assert.deepEqual(days[1], measured);
  });

  it('reads only the newest commits when told to, and says so', async () => {
    const store = createMemoryStore();
    const report = await backfillAdoptionFromGit({
      store,
      meshRoot: mesh,
      now: NOW,
      maxCommits: 2,
    });
    assert.equal(report.kind === 'done' && report.truncated, true);
    assert.equal(report.kind === 'done' && report.commits, 2);
    assert.deepEqual(
      (await store.adoption.list({})).items.map((d) => d.day),
      ['2026-01-12', '2026-01-20'],
    );
  });

  it('stops at the file limit, writes only the days it read whole, and says so', async () => {
    const store = createMemoryStore();
    // The 5th: 2 files; the 12th: 2 files, of which the limit lets it read one.
    const report = await backfillAdoptionFromGit({ store, meshRoot: mesh, now: NOW, maxFiles: 3 });
    assert.deepEqual(report, {
      kind: 'done',
      commits: 3,
      days: 1,
      written: 1,
      truncated: false,
      unreadable: 0,
      files: 3,
      stoppedEarly: true,
    });
    assert.deepEqual(
      (await store.adoption.list({})).items.map((d) => [d.day, d.figures.products]),
      [['2026-01-05', 2]],
    );
    // Days still missing: the next start reads the history again.
    const next = await backfillAdoptionFromGit({ store, meshRoot: mesh, now: NOW });
    assert.equal(next.kind === 'done' && next.stoppedEarly, false);
    assert.deepEqual(
      (await store.adoption.list({})).items.map((d) => d.day),
      ['2026-01-05', '2026-01-12', '2026-01-20'],
    );
  });

  it('says when the mesh is not a git work tree, and writes nothing', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'meshwork-backfill-plain-'));
    try {
      const store = createMemoryStore();
      const report = await backfillAdoptionFromGit({ store, meshRoot: plain, now: NOW });
      assert.equal(report.kind, 'not-git');
      assert.equal((await store.adoption.list({})).items.length, 0);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});

/**
 * Product files are written by anyone who may commit: a file too large, an alias bomb and a
 * folder name git must quote are counted as unreadable, an id like "__proto__" stays data,
 * and the whole history is read within seconds.
 */
describe('adoption backfill from a hostile history', () => {
  let repo: string;
  before(() => {
    repo = mkdtempSync(join(tmpdir(), 'meshwork-backfill-hostile-'));
    const run = (args: string[]) =>
      execFileSync('git', args, {
        cwd: repo,
        stdio: 'pipe',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'T',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 'T',
          GIT_COMMITTER_EMAIL: 't@example.com',
          GIT_AUTHOR_DATE: '2026-01-07T10:00:00Z',
          GIT_COMMITTER_DATE: '2026-01-07T10:00:00Z',
        },
      });
    run(['init', '-q', '-b', 'main']);
    const files: Record<string, string> = {
      'domains/sales/big/product.odps.yaml': `id: big\nstatus: active\n# ${'x'.repeat(2 * 1024 * 1024)}\n`,
      'domains/sales/bomb/product.odps.yaml': [
        'id: bomb',
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
        'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
      ].join('\n'),
      'domains/sales/odd\nname/product.odps.yaml': product('odd', 'sales', 'active'),
      'domains/sales/proto/product.odps.yaml': product('__proto__', '__proto__', 'active'),
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(repo, path)), { recursive: true });
      writeFileSync(join(repo, path), text);
    }
    run(['add', '-A']);
    run(['commit', '-q', '-m', 'hostile']);
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('counts what it cannot read, keeps odd ids as data, and finishes quickly', async () => {
    const store = createMemoryStore();
    const started = Date.now();
    const report = await backfillAdoptionFromGit({ store, meshRoot: repo, now: NOW });
    assert.ok(Date.now() - started < 20_000, `${Date.now() - started} ms`);
    assert.deepEqual(report, {
      kind: 'done',
      commits: 1,
      days: 1,
      written: 1,
      truncated: false,
      unreadable: 3,
      files: 3,
      stoppedEarly: false,
    });
    const [day] = (await store.adoption.list({})).items;
    assert.equal(day?.figures.products, 1);
    assert.ok(day && Object.hasOwn(day.figures.productsByDomain, '__proto__'));
    assert.ok(day && Object.hasOwn(day.milestones, '__proto__'));
  });
});

/**
 * Every server start runs the backfill: a history with many product files per commit is
 * read through one `git cat-file` process, not one process per file (the review counted
 * 3,000 for 5 commits of 600 files). A `git` first on the PATH counts the processes.
 */
describe('adoption backfill of a history with many product files', () => {
  const COMMITS = 3;
  const PRODUCTS = 100;
  let repo: string;
  let counter: string;
  before(() => {
    repo = mkdtempSync(join(tmpdir(), 'meshwork-backfill-many-'));
    counter = mkdtempSync(join(tmpdir(), 'meshwork-backfill-git-'));
    const run = (args: string[], day: number) =>
      execFileSync('git', args, {
        cwd: repo,
        stdio: 'pipe',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'T',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 'T',
          GIT_COMMITTER_EMAIL: 't@example.com',
          GIT_AUTHOR_DATE: `2026-01-0${day}T10:00:00Z`,
          GIT_COMMITTER_DATE: `2026-01-0${day}T10:00:00Z`,
        },
      });
    run(['init', '-q', '-b', 'main'], 1);
    for (let c = 1; c <= COMMITS; c++) {
      for (let p = 0; p < PRODUCTS; p++) {
        const path = join(repo, `domains/sales/p${p}/product.odps.yaml`);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, product(`p${p}`, 'sales', c === COMMITS ? 'active' : `s${c}`));
      }
      run(['add', '-A'], c);
      run(['commit', '-q', '-m', `commit ${c}`], c);
    }
    const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(
      join(counter, 'git'),
      `#!/bin/sh\necho "$1" >> '${join(counter, 'calls.log')}'\nexec '${real}' "$@"\n`,
      { mode: 0o755 },
    );
  });
  after(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(counter, { recursive: true, force: true });
  });

  it('runs a constant number of git processes, not one per product file', async () => {
    const path = process.env.PATH;
    process.env.PATH = `${counter}${delimiter}${path ?? ''}`;
    let report;
    const store = createMemoryStore();
    try {
      report = await backfillAdoptionFromGit({ store, meshRoot: repo, now: NOW });
    } finally {
      process.env.PATH = path;
    }
    const calls = readFileSync(join(counter, 'calls.log'), 'utf8').trim().split('\n');
    // rev-parse twice, log, cat-file: the old code ran 3 + 300 here.
    assert.ok(calls.length <= 5, `${calls.length} git processes`);
    assert.deepEqual(report, {
      kind: 'done',
      commits: COMMITS,
      days: COMMITS,
      written: COMMITS,
      truncated: false,
      unreadable: 0,
      files: COMMITS * PRODUCTS,
      stoppedEarly: false,
    });
    const days = (await store.adoption.list({})).items;
    assert.deepEqual(
      days.map((d) => [d.day, d.figures.productsByStatus]),
      [
        ['2026-01-01', { s1: PRODUCTS }],
        ['2026-01-02', { s2: PRODUCTS }],
        ['2026-01-03', { active: PRODUCTS }],
      ],
    );
  });

  it('fails, rather than counting every file unreadable, when git cannot read in a batch', async () => {
    // An old git (before 2.36) refuses --batch-command with exit code 129.
    const old = mkdtempSync(join(tmpdir(), 'meshwork-backfill-oldgit-'));
    const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(
      join(old, 'git'),
      `#!/bin/sh\nif [ "$1" = cat-file ]; then echo "unknown option" >&2; exit 129; fi\nexec '${real}' "$@"\n`,
      { mode: 0o755 },
    );
    const path = process.env.PATH;
    process.env.PATH = `${old}${delimiter}${path ?? ''}`;
    const store = createMemoryStore();
    try {
      await assert.rejects(
        backfillAdoptionFromGit({ store, meshRoot: repo, now: NOW }),
        /git 2\.36 or newer is needed/,
      );
    } finally {
      process.env.PATH = path;
      rmSync(old, { recursive: true, force: true });
    }
    assert.equal((await store.adoption.list({})).items.length, 0);
  });
});

async function backfilledDay(mesh: string, day: string): Promise<AdoptionSnapshot> {
  const store = createMemoryStore();
  await backfillAdoptionFromGit({ store, meshRoot: mesh, now: NOW });
  const found = (await store.adoption.list({ from: day, to: day })).items[0];
  assert.ok(found);
  return found;
}

function product(id: string, domain: string, status: string): string {
  return stringify({ apiVersion: 'v1.0.0', kind: 'DataProduct', id, name: id, domain, status });
}
