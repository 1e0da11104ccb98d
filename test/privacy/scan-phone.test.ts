import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containsPhoneNumber, isPhoneNumber } from '../../src/core/privacy/scan/phone.ts';

test('German, Austrian and Swiss numbers in their usual national and international forms pass', () => {
  for (const number of [
    '+49 30 1234567',
    '+4930123456789',
    '0049 89 1234567',
    '+49 (0)30 1234567',
    '030 12345678',
    '030/1234567',
    '(030) 123456-78',
    '0171 1234567',
    '0171-12345678',
    '+43 1 5123456',
    '+43 664 1234567',
    '0664 1234567',
    '+41 44 123 45 67',
    '044 123 45 67',
    '+1 212 555 0100',
  ])
    assert.equal(isPhoneNumber(number), true, number);
});

test('dates, order numbers, postcodes and short or overlong digit runs are not phone numbers', () => {
  for (const value of [
    '01.03.1985',
    '01-03-1985',
    '01/03/1985',
    '2024-03-12',
    'BE-2025-004711',
    '80331',
    '12345',
    '+0 123 4567',
    '0012 345',
    '030 12',
    '+49 30 1234567890123456',
    '030 -- 1234567',
    '(030 1234567',
    '1234567890',
  ])
    assert.equal(isPhoneNumber(value), false, value);
});

test('a phone number inside text is found; references, IBAN groups and short runs are not', () => {
  assert.equal(containsPhoneNumber('Ehefrau Anna, 0171 1234567'), true);
  assert.equal(containsPhoneNumber('Rückruf unter +49 30 1234567 erbeten'), true);
  assert.equal(containsPhoneNumber('Rechnung RE-0234567 Bestellung BE-023456'), false);
  assert.equal(containsPhoneNumber('DE88 3704 0044 0532 0130 00'), false);
  assert.equal(containsPhoneNumber('Regal 0815'), false);
  assert.equal(containsPhoneNumber('Termin am 01.03.2025'), false);
});
