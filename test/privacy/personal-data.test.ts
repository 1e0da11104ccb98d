import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isDeclaredPersonal,
  isPersonalData,
  looksPersonal,
  personalDataOf,
} from '../../src/core/privacy/index.ts';
import { isHidden } from '../../src/core/quality/index.ts';
import { summarizeContract } from '../../src/app/catalog/contract-summary.ts';
import { isPersonal } from '../../src/core/governance/predicates.ts';

test('a column tagged gdpr is personal data for samples, the catalog and governance alike', () => {
  const property = { name: 'segment', logicalType: 'string' as const, tags: ['gdpr'] };
  assert.equal(isDeclaredPersonal(property), true);
  assert.equal(isHidden(property), true, 'samples hide it');
  assert.equal(isPersonal(property), true, 'governance declares it');
  const summary = summarizeContract('c', { schema: [{ name: 'o', properties: [property] }] });
  assert.equal(summary.schema[0]?.properties[0]?.pii, true, 'the portal badges it');
});

test('classifications and tags are matched case- and spelling-insensitively', () => {
  for (const classification of [
    'Confidential',
    'restricted',
    'personal',
    'sensitive',
    'Personenbezogen',
  ])
    assert.equal(isDeclaredPersonal({ name: 'x', classification }), true, classification);
  for (const tag of ['PII', 'personal-data', 'personal_data', 'DSGVO'])
    assert.equal(isDeclaredPersonal({ name: 'x', tags: [tag] }), true, tag);
  assert.equal(isDeclaredPersonal({ name: 'x', classification: 'public', tags: ['sales'] }), false);
  assert.equal(
    isDeclaredPersonal({
      name: 'x',
      customProperties: [{ property: 'personalData', value: true }],
    }),
    true,
  );
});

test('names in English and German, e-mail formats and examples look personal', () => {
  for (const name of [
    'email',
    'customerEmail',
    'first_name',
    'Geburtsdatum',
    'telefon_nummer',
    'plz',
  ])
    assert.equal(looksPersonal({ name }), true, name);
  for (const name of ['order_id', 'amount', 'emailed_at_count', 'country'])
    assert.equal(looksPersonal({ name }), false, name);
  assert.equal(looksPersonal({ name: 'contact', logicalTypeOptions: { format: 'email' } }), true);
  assert.equal(looksPersonal({ name: 'contact', examples: ['DE89370400440532013000'] }), true);
  assert.equal(isPersonalData({ name: 'vorname' }), true);
});

test('the verdict names its reasons', () => {
  const verdict = personalDataOf({ name: 'email', classification: 'restricted', tags: ['pii'] });
  assert.deepEqual(verdict.reasons, [
    { kind: 'classification', value: 'restricted' },
    { kind: 'tag', value: 'pii' },
    { kind: 'name', value: 'email' },
  ]);
  assert.deepEqual(personalDataOf('not an object'), { declared: false, looks: false, reasons: [] });
});
