import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../support/standards.ts';
import { ANNA, createDsrMesh } from './dsr-mesh.ts';
import type { DsrMesh } from './dsr-mesh.ts';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `meshwork …` as a real process, with only the environment given (and PATH). */
function meshwork(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  input = '',
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/meshwork.js'), ...args], {
      cwd,
      env: { PATH: process.env.PATH, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.stdin.end(input);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const ENV = { MESHWORK_SUBJECT_KEY: 'cli-test-subject-key-0123456789abcdef', USER: 'olga' };

describe('meshwork dsr erase (process)', () => {
  let mesh: DsrMesh;
  before(async () => {
    mesh = await createDsrMesh();
    // Every port built: nothing is left unsearched, so the erasure can be complete.
    rmSync(join(mesh.root, 'domains/sales/unbuilt'), { recursive: true });
  });
  after(() => mesh.remove());

  it('refuses a missing or unknown mode and a malformed subject with exit 2, echoing no value', async () => {
    const missing = await meshwork(['dsr', 'erase', '--subject', `email=${ANNA}`], mesh.root, ENV);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /needs --mode delete or --mode pseudonymise/);
    const unknown = await meshwork(
      ['dsr', 'erase', '--subject', `email=${ANNA}`, '--mode', 'shred'],
      mesh.root,
      ENV,
    );
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /not "shred"/);
    const malformed = await meshwork(
      ['dsr', 'erase', '--subject', 'E Mail=x', '--mode', 'delete'],
      mesh.root,
      ENV,
    );
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /is not an identifier kind/);
    for (const run of [missing, unknown, malformed])
      assert.equal(`${run.stdout}${run.stderr}`.toLowerCase().includes(ANNA.toLowerCase()), false);
  });

  it('erases, exits 0 when the person is gone from every port, and is harmless twice', async () => {
    const args = [
      'dsr',
      'erase',
      '--subject',
      `email=${ANNA}`,
      '--mode',
      'delete',
      '--format',
      'json',
    ];
    const first = await meshwork(args, mesh.root, ENV);
    assert.equal(first.code, 0, first.stderr);
    const result = JSON.parse(first.stdout) as {
      complete: boolean;
      ports: { port: string; status: string; rows: number }[];
      tasks: { system: string; created: boolean }[];
      suppressions: { kind: string; created: boolean }[];
    };
    assert.equal(result.complete, true);
    assert.deepEqual(
      result.ports.map((p) => [p.port, p.status, p.rows]),
      [
        ['customers', 'rewritten', 1],
        ['orders', 'rewritten', 2],
      ],
    );
    assert.deepEqual(
      result.tasks.map((t) => [t.system, t.created]),
      [
        ['crm', true],
        ['shop', true],
      ],
    );
    for (const run of [first])
      assert.equal(`${run.stdout}${run.stderr}`.toLowerCase().includes(ANNA.toLowerCase()), false);

    // dsr find agrees: only the sources still hold her.
    const find = await meshwork(
      ['dsr', 'find', '--subject', `email=${ANNA}`, '--format', 'json'],
      mesh.root,
      ENV,
    );
    const found = JSON.parse(find.stdout) as { matches: { product: string | null }[] };
    assert.ok(found.matches.length > 0);
    assert.deepEqual(
      found.matches.filter((m) => m.product !== null),
      [],
      'no product port holds her',
    );

    // The value from standard input (KIND=-): out of the process list and shell history.
    const second = await meshwork(
      ['dsr', 'erase', '--subject', 'email=-', '--mode', 'delete'],
      mesh.root,
      ENV,
      `${ANNA}\n`,
    );
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /none holds the person/);
    assert.match(second.stdout, /= crm: sources\/crm\/customers\.odcs\.yaml object customers/);
    assert.match(second.stdout, /0 new/);
    assert.match(second.stdout, /the person is gone from everything Meshwork writes/);
  });
});

describe('meshwork dsr erase --accept-linked (process)', () => {
  let mesh: DsrMesh;
  before(async () => {
    mesh = await createDsrMesh();
    rmSync(join(mesh.root, 'domains/sales/unbuilt'), { recursive: true });
    // Mallory (customer 4) typed Bert's e-mail address: customer-id=4 links to Bert.
    mesh.write(
      'data/crm/customers.csv',
      [
        'customer_id,email,name',
        '2,bert@example.com,Bert Huber',
        '4,bert@example.com,Mallory',
      ].join('\n'),
    );
  });
  after(() => mesh.remove());

  it('refuses an ambiguous erasure with exit 1 (counts, no values), erases with the flag', async () => {
    const refused = await meshwork(
      ['dsr', 'erase', '--subject', 'customer-id=4', '--mode', 'delete'],
      mesh.root,
      ENV,
    );
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stdout, /refused: .*customer-id: 2/);
    assert.match(refused.stdout, /source crm contract crm-customers-v1 object customers/);
    assert.match(refused.stdout, /Nothing was erased/);
    assert.doesNotMatch(refused.stdout + refused.stderr, /bert@/);
    const json = await meshwork(
      ['dsr', 'erase', '--subject', 'customer-id=4', '--mode', 'delete', '--format', 'json'],
      mesh.root,
      ENV,
    );
    const result = JSON.parse(json.stdout) as {
      refused?: string;
      suppressions: unknown[];
      linking: { ambiguous: boolean };
    };
    assert.equal(json.code, 1);
    assert.equal(result.linking.ambiguous, true);
    assert.deepEqual(result.suppressions, []);

    const accepted = await meshwork(
      ['dsr', 'erase', '--subject', 'customer-id=4', '--mode', 'delete', '--accept-linked'],
      mesh.root,
      ENV,
    );
    assert.doesNotMatch(accepted.stdout, /refused/);
    assert.match(accepted.stdout, /Suppressions/);
  });
});
