import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameHintOf, namesAnotherDate } from '../../src/core/privacy/scan/name-hints.ts';

test('German and English column names in every spelling give their category', () => {
  const cases: [string, string][] = [
    ['e_mail', 'email'],
    ['eMail', 'email'],
    ['E-Mail-Adresse', 'email'],
    ['kundenEmail', 'email'],
    ['telefon', 'phone'],
    ['tel_nr', 'phone'],
    ['Handynummer', 'phone'],
    ['geburtsdatum', 'date-of-birth'],
    ['GEBURTSDATUM', 'date-of-birth'],
    ['date_of_birth', 'date-of-birth'],
    ['birthDate', 'date-of-birth'],
    ['strasse', 'address'],
    ['straße', 'address'],
    ['lieferanschrift', 'address'],
    ['plz', 'address'],
    ['zip-code', 'address'],
    ['vorname', 'person-name'],
    ['first_name', 'person-name'],
    ['lastName', 'person-name'],
    ['kontoinhaber', 'person-name'],
    ['iban', 'iban'],
    ['kreditkartennummer', 'credit-card'],
    ['steuer-id', 'tax-id'],
    ['steuerId', 'tax-id'],
    ['ip_adresse', 'ip-address'],
    ['clientIp', 'ip-address'],
  ];
  for (const [column, category] of cases)
    assert.equal(nameHintOf(column)?.category, category, column);
});

test('the more specific hint wins: an IP address before an address, an e-mail address before one', () => {
  assert.equal(nameHintOf('ip_adresse')?.category, 'ip-address');
  assert.equal(nameHintOf('emailadresse')?.category, 'email');
  assert.equal(nameHintOf('rechnungsadresse')?.category, 'address');
});

test('postcode and town columns are marked, generic names are weak, unrelated names give nothing', () => {
  assert.equal(nameHintOf('PLZ')?.part, 'postcode');
  assert.equal(nameHintOf('wohnort')?.part, 'town');
  assert.equal(nameHintOf('hausnummer')?.part, 'house-number');
  assert.equal(nameHintOf('strasse')?.part, 'street');
  assert.equal(nameHintOf('lieferanschrift')?.part, 'street');
  assert.equal(nameHintOf('name')?.strength, 'weak');
  assert.equal(nameHintOf('vorname')?.strength, 'strong');
  for (const column of ['bestellnummer', 'artikel', 'hotel', 'title', 'produktname', 'status', ''])
    assert.equal(nameHintOf(column), undefined, column);
});

test("names of other events' dates are told apart from birth dates", () => {
  for (const column of [
    'gruendungsdatum',
    'bestelldatum',
    'created_at',
    'eintrittsdatum',
    'gueltigBis',
  ])
    assert.equal(namesAnotherDate(column), true, column);
  for (const column of ['geburtsdatum', 'dob', 'feld_3', 'datum'])
    assert.equal(namesAnotherDate(column), false, column);
});

test('the hint names our word, never the column as written', () => {
  assert.equal(nameHintOf('Kunden_E-Mail_Privat')?.word, 'email');
});
