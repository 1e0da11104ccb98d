import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { locateSubject } from '../../src/app/privacy/dsr/locate-subject.ts';
import { eraseSubject } from '../../src/app/privacy/erase/erase-subject.ts';
import { SubjectHashKey } from '../../src/app/privacy/subject-hash.ts';
import { normaliseSubjectValue, parseSubject } from '../../src/core/privacy/subject-keys.ts';
import { createEmbeddedStore } from '../../src/stores/embedded/index.ts';
import { createDsrMesh } from './dsr-mesh.ts';
import type { DsrMesh } from './dsr-mesh.ts';

/**
 * Review L8: JavaScript's trim strips tabs and no-break spaces, DuckDB's no-break spaces
 * only, PostgreSQL's and MySQL's neither. Every side trims plain spaces and nothing else.
 */

describe('subject values: only plain spaces are trimmed, everywhere', () => {
  it('normaliseSubjectValue and parseSubject keep tabs and no-break spaces', () => {
    assert.equal(normaliseSubjectValue('  Anna@X.de  '), 'anna@x.de');
    assert.equal(normaliseSubjectValue('anna@x.de\t'), 'anna@x.de\t');
    assert.equal(normaliseSubjectValue('\u00a0anna@x.de'), '\u00a0anna@x.de');
    assert.deepEqual(parseSubject('email= anna@x.de\t '), {
      subject: { kind: 'email', value: 'anna@x.de\t' },
    });
  });

  let mesh: DsrMesh;
  before(async () => {
    mesh = await createDsrMesh();
    await mesh.snapshot(
      'customer-master',
      'customers',
      'customers',
      `SELECT * FROM (VALUES (7, 'K-7', ' trim@x.de  ', 'Spaces'), (8, 'K-8', 'trim@x.de' || chr(160), 'No-break'), (9, 'K-9', 'trim@x.de' || chr(9), 'Tab')) t(customer_id, customer_number, email, name)`,
    );
  });
  after(() => mesh.remove());

  async function idsFound(value: string): Promise<string[]> {
    const location = await locateSubject({
      meshRoot: mesh.root,
      model: await mesh.model(),
      subject: { kind: 'email', value },
      env: {},
    });
    return [...(location.identifiers.get('customer-id') ?? [])].sort();
  }

  it('DuckDB matches as JavaScript normalises: a no-break space or a tab is part of the value', async () => {
    assert.deepEqual(await idsFound('TRIM@x.de'), ['7']);
    assert.deepEqual(await idsFound('trim@x.de\u00a0'), ['8']);
    assert.deepEqual(await idsFound('trim@x.de\t'), ['9']);
  });

  it('the erasure (hash in DuckDB, value in JavaScript) removes exactly that row', async () => {
    const store = createEmbeddedStore({ directory: join(mesh.root, '.meshwork/store') });
    await store.migrate();
    const result = await eraseSubject({
      meshRoot: mesh.root,
      model: await mesh.model(),
      env: {},
      store,
      key: new SubjectHashKey('trim-test-key-0123456789abcdef0123456789abcdef'),
      actor: 'dpo',
      subject: { kind: 'email', value: 'trim@x.de\u00a0' },
      mode: 'delete',
    });
    await store.close();
    const port = result.ports.find((p) => p.port === 'customers');
    assert.equal(port?.status, 'rewritten');
    assert.equal(port?.rows, 1);
    assert.deepEqual(await idsFound('trim@x.de'), ['7']);
    assert.deepEqual(await idsFound('trim@x.de\t'), ['9']);
  });
});
