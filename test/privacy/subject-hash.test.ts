import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, describe, it } from 'node:test';
import { DuckDBBlobValue, DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { teamPseudonymKey } from '../../src/app/port-data/pseudonym-key.ts';
import {
  loadSubjectHashKey,
  SUBJECT_KEY_ENV,
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

  it('never shows the key when printed or serialised', async () => {
    const key = await loadSubjectHashKey(await workspace(), { [SUBJECT_KEY_ENV]: ENV_KEY });
    for (const shown of [String(key), JSON.stringify({ key }), inspect(key), `${inspect({ key })}`])
      assert.equal(shown.includes(ENV_KEY), false, shown);
  });

  it('gives the same hash in DuckDB from the pads, with the key bound as parameters', async () => {
    const key = await loadSubjectHashKey(await workspace(), { [SUBJECT_KEY_ENV]: ENV_KEY });
    const { inner, outer } = key.pads();
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      const reader = await connection.runAndReadAll(
        `SELECT sha256($outer || unhex(sha256($inner || encode(lower(trim(v)))))) AS h
         FROM (VALUES (' Anna@Example.com'), ('bert@example.com')) AS t(v) ORDER BY v`,
        { inner: new DuckDBBlobValue(inner), outer: new DuckDBBlobValue(outer) },
      );
      assert.deepEqual(
        reader.getRows().map(([h]) => h),
        [subjectHash(key, 'anna@example.com'), subjectHash(key, 'bert@example.com')],
      );
    } finally {
      connection.closeSync();
    }
  });

  it('gives the same hash in PostgreSQL from the pads (sha256, no pgcrypto)', async (t) => {
    const url = process.env.MESHWORK_TEST_PG_URL;
    if (!url) return t.skip('MESHWORK_TEST_PG_URL not set');
    const key = await loadSubjectHashKey(await workspace(), { [SUBJECT_KEY_ENV]: ENV_KEY });
    const { inner, outer } = key.pads();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ h: string }>(
        `SELECT encode(sha256($2::bytea || sha256($1::bytea || convert_to(lower(trim($3::text)), 'UTF8'))), 'hex') AS h`,
        [inner, outer, ' Anna@Example.com'],
      );
      assert.equal(rows[0]?.h, subjectHash(key, 'anna@example.com'));
    } finally {
      await client.end();
    }
  });
});
