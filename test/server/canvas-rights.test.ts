import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { ProductCanvas } from '../../src/app/canvas/canvas-model.ts';
import { canvasRights } from '../../src/app/canvas/canvas-rights.ts';
import type { Team } from '../../src/app/catalog/catalog-types.ts';
import type { Drafter } from '../../src/server/deps.ts';
import { createApiFixture } from './api-support.ts';
import { ANSWERS, demoCopy, git, recordingDrafter } from './canvas-support.ts';

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dirname(dir), { recursive: true, force: true });
});

/** The finance domain of the demo: its owner is tbauer; mallory is in no team at all. */
const FINANCE = {
  ...ANSWERS,
  id: 'mallory-proposal',
  domain: 'finance',
  team: 'finance-team',
  inputs: ['sales-orders-v1'],
};

async function fixture(draft?: Drafter) {
  const mesh = await demoCopy({ git: true });
  dirs.push(mesh);
  const drafter = recordingDrafter();
  const f = await createApiFixture({
    meshRoot: mesh,
    canvas: { commitProposals: true, draft: draft ?? drafter.draft },
  });
  const as = async (username: string) => {
    const headers = await f.signInAs(username);
    return async (path: string, body: unknown): Promise<Response> =>
      await f.app.request(path, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
  };
  const commits = () => Number(git(mesh, 'rev-list', '--count', 'HEAD').trim());
  return { ...f, mesh, as, commits, seen: drafter.seen };
}

const detail = async (res: Response) => ((await res.json()) as { detail: string }).detail;

describe('who may commit a proposal into a domain (POST /api/canvas/commit)', () => {
  test('a user in no team of finance cannot commit into it, nor name its owner: 403, nothing written', async () => {
    const f = await fixture();
    const mallory = await f.as('mallory');
    for (const body of [FINANCE, { ...FINANCE, owner: { username: 'tbauer' } }]) {
      const res = await mallory('/api/canvas/commit', body);
      assert.equal(res.status, 403);
      assert.match(await detail(res), /Only members of a team of the domain "finance"/);
    }
    assert.equal(f.seen.length, 0, 'nothing was drafted');
    assert.equal(f.commits(), 1);
    assert.equal(existsSync(join(f.mesh, 'domains/finance/mallory-proposal')), false);
    assert.equal(git(f.mesh, 'status', '--porcelain').trim(), '');
  });

  test('a member commits for their own team, named as owner themselves', async () => {
    const f = await fixture();
    const jonas = await f.as('jhuber');
    const res = await jonas('/api/canvas/commit', ANSWERS);
    assert.equal(res.status, 201, await res.clone().text());
    assert.equal(f.seen.at(-1)?.owner.username, 'jhuber');
    assert.equal(f.commits(), 2);
  });

  test('a member cannot name someone else as owner, nor a team they are not in', async () => {
    const f = await fixture();
    const jonas = await f.as('jhuber');
    const other = await jonas('/api/canvas/commit', { ...ANSWERS, owner: { username: 'mweber' } });
    assert.equal(other.status, 403);
    assert.match(await detail(other), /name someone else as the product's owner/);
    const team = await jonas('/api/canvas/commit', { ...ANSWERS, team: 'ecommerce-team' });
    assert.equal(team.status, 403);
    assert.match(await detail(team), /only a team you belong to as the owning team \(sales-team\)/);
    assert.equal(f.commits(), 1);
  });

  test("the domain's owner may name another owner and another team of the domain", async () => {
    const f = await fixture();
    const maria = await f.as('mweber');
    const res = await maria('/api/canvas/commit', {
      ...ANSWERS,
      team: 'ecommerce-team',
      owner: { username: 'tlechner' },
    });
    assert.equal(res.status, 201, await res.clone().text());
    assert.deepEqual(f.seen.at(-1)?.owner, { username: 'tlechner' });
    // Owning sales is no right in finance.
    const finance = await maria('/api/canvas/commit', FINANCE);
    assert.equal(finance.status, 403);
  });

  test('an admin may commit into any domain naming its owner', async () => {
    const f = await fixture();
    const res = await f.app.request('/api/canvas/commit', {
      method: 'POST',
      headers: { ...f.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ ...FINANCE, owner: { username: 'tbauer' } }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    assert.deepEqual(f.seen.at(-1)?.owner, { username: 'tbauer' });
  });
});

describe('drafts stay open to everyone signed in, owned by themselves', () => {
  test('anyone may draft into finance, named as owner; naming its owner is a 403', async () => {
    const f = await fixture();
    const mallory = await f.as('mallory');
    const res = await mallory('/api/canvas/draft', FINANCE);
    assert.equal(res.status, 200);
    assert.equal(f.seen.at(-1)?.owner.username, 'mallory');
    for (const format of ['json', 'zip']) {
      const named = await mallory(`/api/canvas/draft?format=${format}`, {
        ...FINANCE,
        owner: { username: 'tbauer', name: 'Thomas Bauer' },
      });
      assert.equal(named.status, 403, format);
    }
    assert.equal(f.seen.length, 1);
    // Naming oneself is no one else.
    const self = await mallory('/api/canvas/draft', { ...FINANCE, owner: { username: 'mallory' } });
    assert.equal(self.status, 200);
  });
});

describe('GET /api/canvas/options says per domain who may commit', () => {
  test('a member may commit into their domain for their own team, and not elsewhere', async () => {
    const f = await fixture();
    const headers = await f.signInAs('jhuber');
    const res = await f.app.request('/api/canvas/options', { headers });
    const body = (await res.json()) as {
      domains: { name: string; mayCommit: boolean; commitTeams: string[] | null }[];
    };
    const sales = body.domains.find((d) => d.name === 'sales');
    assert.deepEqual(
      { mayCommit: sales?.mayCommit, commitTeams: sales?.commitTeams },
      { mayCommit: true, commitTeams: ['sales-team'] },
    );
    const finance = body.domains.find((d) => d.name === 'finance');
    assert.equal(finance?.mayCommit, false);
    const admin = (await (
      await f.app.request('/api/canvas/options', { headers: f.admin })
    ).json()) as typeof body;
    assert.ok(admin.domains.every((d) => d.mayCommit && d.commitTeams === null));
  });
});

test('canvasRights: owners, members, governance and strangers', () => {
  const teams: Team[] = [
    {
      name: 'a',
      domain: 'd',
      description: null,
      members: [
        { username: 'own', name: null, email: null, role: 'owner', title: null },
        { username: 'mem', name: null, email: null, role: 'member', title: null },
      ],
    },
    { name: 'b', domain: 'd', description: null, members: [] },
  ];
  const of = (username: string, roles: ('admin' | 'governance')[] = []) =>
    canvasRights(teams, { username, roles });
  assert.deepEqual(of('own'), { commit: true, chooseOwner: true, teams: null });
  assert.deepEqual(of('mem'), { commit: true, chooseOwner: false, teams: ['a'] });
  assert.deepEqual(of('gov', ['governance']), { commit: true, chooseOwner: false, teams: null });
  assert.deepEqual(of('adm', ['admin']), { commit: true, chooseOwner: true, teams: null });
  assert.deepEqual(of('x'), { commit: false, chooseOwner: false, teams: [] });
  // A username that is an Object prototype key is no member of anything.
  assert.equal(of('__proto__').commit, false);
});

test('drafts beyond two running and eight waiting are turned away: 503 with Retry-After', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const inner = recordingDrafter();
  let started = 0;
  const f = await fixture(async (root, canvas: ProductCanvas) => {
    started++;
    await held;
    return inner.draft(root, canvas);
  });
  const mallory = await f.as('mallory');
  const pending = Array.from({ length: 10 }, () => mallory('/api/canvas/draft', FINANCE));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(started, 2, 'two drafts run at once');
  const turned = await mallory('/api/canvas/draft', FINANCE);
  assert.equal(turned.status, 503);
  assert.equal(turned.headers.get('retry-after'), '5');
  assert.match(await detail(turned), /Too many drafts/);
  const commit = await f.as('jhuber').then((jonas) => jonas('/api/canvas/commit', ANSWERS));
  assert.equal(commit.status, 503, 'a commit drafts too and waits in the same queue');
  release();
  const answers = await Promise.all(pending);
  assert.deepEqual(
    answers.map((r) => r.status),
    Array.from({ length: 10 }, () => 200),
  );
  assert.equal(started, 10);
  assert.equal(f.commits(), 1);
});
