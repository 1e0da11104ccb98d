import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { teamPseudonymKey } from '../../src/app/port-data/pseudonym-key.ts';
import { loadSnapshotRewriter } from '../../src/engines/registry.ts';
import { assertSubjectKeyMatches } from '../../src/app/privacy/subject-key-check.ts';
import {
  loadSubjectHashKey,
  SUBJECT_KEY_ENV,
  SubjectHashKey,
  subjectHash,
  subjectHashKeyFromPseudonymKey,
} from '../../src/app/privacy/subject-hash.ts';

const ENV_KEY = 'k'.repeat(40);

describe('subject hash', () => {
  const folders: string[] = [];
  after(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });
  const workspace = async (): Promise<string> => {
    const folder = await mkdtemp(join(tmpdir(), 'meshwork-subject-'));
    folders.push(folder);
    return folder;
  };

  it('is HMAC-SHA-256 of the normalised value under MESHWORK_SUBJECT_KEY', async () => {
    const key = await loadSubjectHashKey(await workspace(), { [SUBJECT_KEY_ENV]: ENV_KEY });
    const expected = createHmac('sha256', ENV_KEY).update('anna@example.com').digest('hex');
    assert.equal(subjectHash(key, 'anna@example.com'), expected);
    assert.equal(subjectHash(key, '  Anna@Example.COM '), expected, 'normalised first');
    assert.notEqual(subjectHash(key, 'bert@example.com'), expected);
    assert.match(expected, /^[0-9a-f]{64}$/);
  });

  it('refuses a short MESHWORK_SUBJECT_KEY', async () => {
    await assert.rejects(
      loadSubjectHashKey(await workspace(), { [SUBJECT_KEY_ENV]: 'short' }),
      /at least 32 characters/,
    );
  });

  it('derives a key of its own from the workspace pseudonym key, stable across loads', async () => {
    const root = await workspace();
    const one = await loadSubjectHashKey(root, {});
    const two = await loadSubjectHashKey(root, {});
    assert.equal(subjectHash(one, 'anna@example.com'), subjectHash(two, 'anna@example.com'));
    const other = await loadSubjectHashKey(await workspace(), {});
    assert.notEqual(
      subjectHash(one, 'anna@example.com'),
      subjectHash(other, 'anna@example.com'),
      'another workspace, another key',
    );
    // Never a consumer's pseudonym key, nor the master key itself.
    const master = 'm'.repeat(64);
    const derived = subjectHash(subjectHashKeyFromPseudonymKey(master), 'anna@example.com');
    assert.notEqual(derived, createHmac('sha256', master).update('anna@example.com').digest('hex'));
    assert.notEqual(
      derived,
      createHmac('sha256', teamPseudonymKey(master, 'team:sales/marketing'))
        .update('anna@example.com')
        .digest('hex'),
    );
  });

  it('has a fingerprint: 16 hex of an HMAC of a fixed label, stable, another for another key', async () => {
    const key = await loadSubjectHashKey(await workspace(), { [SUBJECT_KEY_ENV]: ENV_KEY });
    const expected = createHmac('sha256', ENV_KEY)
      .update('meshwork subject key fingerprint v1')
      .digest('hex')
      .slice(0, 16);
    assert.equal(key.fingerprint(), expected);
    assert.equal(
      new SubjectHashKey(ENV_KEY).fingerprint(),
      expected,
      'the same key, the same print',
    );
    assert.notEqual(new SubjectHashKey('j'.repeat(40)).fingerprint(), expected);
    assert.match(expected, /^[0-9a-f]{16}$/);
  });

  it('requires MESHWORK_SUBJECT_KEY for a shared store and derives none', async () => {
    const root = await workspace();
    await assert.rejects(
      loadSubjectHashKey(root, {}, { sharedStore: true }),
      (error: Error) =>
        /shared PostgreSQL database/.test(error.message) &&
        /set MESHWORK_SUBJECT_KEY/.test(error.message),
    );
    await assert.rejects(
      loadSubjectHashKey(root, { [SUBJECT_KEY_ENV]: '' }, { sharedStore: true }),
      /set MESHWORK_SUBJECT_KEY/,
      'empty is not set',
    );
    assert.equal(existsSync(join(root, '.meshwork', 'pseudonym.key')), false, 'no local key made');
    const given = await loadSubjectHashKey(
      root,
      { [SUBJECT_KEY_ENV]: ENV_KEY },
      { sharedStore: true },
    );
    assert.equal(given.fingerprint(), new SubjectHashKey(ENV_KEY).fingerprint());
    assert.equal(given.origin, SUBJECT_KEY_ENV);
  });

  it('accepts a key whose fingerprint all stored suppressions carry, and refuses any other', () => {
    const key = new SubjectHashKey(ENV_KEY);
    const mine = key.fingerprint();
    assert.doesNotThrow(() => assertSubjectKeyMatches(key, [], 'build'), 'nothing stored');
    assert.doesNotThrow(() => assertSubjectKeyMatches(key, [mine, mine], 'build'));
    assert.throws(
      () => assertSubjectKeyMatches(key, [mine, 'ffffffffffffffff'], 'dsr erase'),
      (error: Error) =>
        error.message.startsWith('dsr erase: ') &&
        error.message.includes('"ffffffffffffffff"') &&
        error.message.includes(`"${mine}"`) &&
        !error.message.includes(ENV_KEY),
      'one orphaned suppression is enough',
    );
  });

  it('never shows the key when printed or serialised', async () => {
    const key = await loadSubjectHashKey(await workspace(), { [SUBJECT_KEY_ENV]: ENV_KEY });
    for (const shown of [String(key), JSON.stringify({ key }), inspect(key), `${inspect({ key })}`])
      assert.equal(shown.includes(ENV_KEY), false, shown);
  });

  it('is the hash the snapshot rewriter computes in DuckDB from the key it is given', async () => {
    const root = await workspace();
    const key = await loadSubjectHashKey(root, {});
    const source = join(root, 'people.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      await connection.run(
        `COPY (SELECT * FROM (VALUES (' Anna@Example.com'), ('bert@example.com'), (NULL)) AS t(email))
         TO '${source}' (FORMAT parquet)`,
      );
    } finally {
      connection.closeSync();
    }
    const rewrite = await loadSnapshotRewriter();
    const counted = await rewrite(
      {
        source,
        target: undefined,
        action: 'delete',
        columns: [],
        key,
        match: [
          { kind: 'subject-hash', column: 'email', hashes: [subjectHash(key, 'anna@example.com')] },
        ],
      },
      root,
    );
    assert.deepEqual({ rows: counted.rows, matched: counted.matched }, { rows: 3, matched: 1 });
  });
});
