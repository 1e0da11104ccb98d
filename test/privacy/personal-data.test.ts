import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  hidesValues,
  isConfidential,
  isDeclaredPersonal,
  isPersonalData,
  looksPersonal,
  personalDataOf,
} from '../../src/core/privacy/index.ts';
import { isHidden } from '../../src/core/quality/index.ts';
import { summarizeContract } from '../../src/app/catalog/contract-summary.ts';
import {
  isConfidential as celIsConfidential,
  isPersonal,
} from '../../src/core/governance/predicates.ts';

test('a column tagged gdpr is personal data for samples, the catalog and governance alike', () => {
  const property = { name: 'segment', logicalType: 'string' as const, tags: ['gdpr'] };
  assert.equal(isDeclaredPersonal(property), true);
  assert.equal(isHidden(property), true, 'samples hide it');
  assert.equal(isPersonal(property), true, 'governance declares it');
  const summary = summarizeContract('c', { schema: [{ name: 'o', properties: [property] }] });
  assert.equal(summary.schema[0]?.properties[0]?.pii, true, 'the portal badges it');
});

test('classifications and tags are matched case- and spelling-insensitively', () => {
  for (const classification of ['PII', 'personal', 'Personal Data', 'sensitive', 'Personenbezogen'])
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

test('the verdict names its reasons; a confidentiality level is none of them', () => {
  const verdict = personalDataOf({ name: 'email', classification: 'restricted', tags: ['pii'] });
  assert.deepEqual(verdict.reasons, [
    { kind: 'tag', value: 'pii' },
    { kind: 'name', value: 'email' },
  ]);
  assert.equal(verdict.confidential, true);
  assert.deepEqual(personalDataOf({ name: 'x', classification: 'personal' }).reasons, [
    { kind: 'classification', value: 'personal' },
  ]);
  assert.deepEqual(personalDataOf('not an object'), {
    declared: false,
    looks: false,
    reasons: [],
    confidential: false,
  });
});

test('confidential business data is not personal data, but its values stay hidden', () => {
  // The demo's monthly revenue: confidential, about no one (GDPR Art. 4(1)).
  for (const classification of [
    'confidential',
    'Restricted',
    'secret',
    'vertraulich',
    'Streng vertraulich',
    'strictly_confidential',
  ]) {
    const property = { name: 'net_revenue_eur', logicalType: 'number' as const, classification };
    assert.equal(isDeclaredPersonal(property), false, `${classification}: not declared personal`);
    assert.equal(isPersonalData(property), false, `${classification}: not personal data`);
    assert.equal(isPersonal(property), false, `${classification}: governance's isPersonal`);
    assert.equal(isConfidential(property), true, `${classification}: confidential`);
    assert.equal(
      celIsConfidential(property),
      true,
      `${classification}: governance's isConfidential`,
    );
    assert.equal(hidesValues(property), true, `${classification}: values hidden`);
    assert.equal(isHidden(property), true, `${classification}: samples hide it`);
    const summary = summarizeContract('c', { schema: [{ name: 'o', properties: [property] }] });
    assert.equal(summary.schema[0]?.properties[0]?.pii, false, `${classification}: no pii badge`);
  }
  for (const classification of ['internal', 'public', 'pii', undefined])
    assert.equal(isConfidential({ name: 'x', classification }), false, String(classification));
  assert.equal(hidesValues({ name: 'amount', classification: 'internal' }), false);
  assert.equal(hidesValues('not an object'), false);
});

test('a personal column at a confidentiality level stays personal through its tag or looks', () => {
  // The demo's customer columns: `restricted` (or `confidential`) with tags [pii].
  const email = { name: 'email', classification: 'restricted', tags: ['pii'] };
  assert.equal(isDeclaredPersonal(email), true);
  assert.equal(isPersonalData(email), true);
  assert.equal(hidesValues(email), true);
  const birth = { name: 'birth_date', classification: 'confidential', tags: ['pii'] };
  assert.equal(isPersonalData(birth), true);
  // Untagged, a name that reads personal still is personal data (and hidden).
  assert.equal(isPersonalData({ name: 'phone', classification: 'restricted' }), true);
});
