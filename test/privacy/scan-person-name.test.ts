import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  foldName,
  isNameShaped,
  isPersonName,
  NAME_LIST_SIZES,
} from '../../src/core/privacy/scan/person-name.ts';

test('the embedded lists are compact but real (~1–2 k names)', () => {
  assert.ok(NAME_LIST_SIZES.first > 500, String(NAME_LIST_SIZES.first));
  assert.ok(NAME_LIST_SIZES.last > 500, String(NAME_LIST_SIZES.last));
  assert.ok(NAME_LIST_SIZES.first + NAME_LIST_SIZES.last < 2500);
});

test('"Vorname Nachname" and its variants with a known first or last name are names', () => {
  for (const name of [
    'Max Mustermann', // first name known, last name not
    'Mustermann, Max',
    'Jürgen Müller',
    'Juergen Mueller',
    'Dr. Anna Schmidt',
    'Prof. Dr. Karl-Heinz Huber',
    'Karl-Heinz von der Heide',
    'Anna-Lena Wüstenhagen',
    'Mehmet Yılmaz',
    'Małgorzata Nowak',
    'Wendelin Gruber', // last name known, first name not
    'MÜLLER, ANNA',
    'Sabine',
    'Schneider',
    'Schmidt Anna', // last name first, no comma
  ])
    assert.equal(isPersonName(name), true, name);
});

test('companies, products, towns, free text and codes are not names', () => {
  for (const value of [
    'Müller GmbH',
    'Huber & Söhne',
    'Trek Marlin 7',
    'Bremsscheibe Shimano',
    'München',
    'Lieferung verspätet',
    'SKU-1234',
    'max mustermann',
    'Anna Maria Luise Sophie Schmidt', // five words
    '',
    'A'.repeat(500),
  ])
    assert.equal(isPersonName(value), false, value);
});

test('the shape alone (for columns named as holding names) accepts unknown names, not codes', () => {
  assert.equal(isNameShaped('Quirinus Zwackelmann'), true);
  assert.equal(isPersonName('Quirinus Zwackelmann'), false);
  assert.equal(isNameShaped('SKU-1234'), false);
  assert.equal(isNameShaped('RAD-SOMMER'), true, 'capitals pass the shape; only a list says names');
});

test('folding makes umlaut spellings meet', () => {
  assert.equal(foldName('Müller'), foldName('Mueller'));
  assert.equal(foldName('Weiß'), 'weiss');
  assert.equal(foldName('Çelik'), 'celik');
});
