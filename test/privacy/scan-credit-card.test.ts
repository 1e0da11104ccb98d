import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCardNumber, luhnValid } from '../../src/core/privacy/scan/credit-card.ts';

test("the schemes' published test numbers pass, plain and printed in groups", () => {
  for (const pan of [
    '4111111111111111', // Visa
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '5555555555554444', // Mastercard
    '2223003122003222', // Mastercard 2-series
    '378282246310005', // American Express
    '3782 822463 10005',
    '6011111111111117', // Discover
    '3530111333300000', // JCB
    '30569309025904', // Diners Club
  ])
    assert.equal(isCardNumber(pan), true, pan);
});

test('a number that fails Luhn is not a card number, however card-like it looks', () => {
  assert.equal(isCardNumber('4111111111111112'), false);
  assert.equal(isCardNumber('5555 5555 5555 4445'), false);
  assert.equal(luhnValid('4111111111111112'), false);
  assert.equal(luhnValid('79927398713'), true, 'the textbook Luhn example');
});

test('Luhn-valid numbers outside every issuer range or with a wrong length are not card numbers', () => {
  assert.equal(luhnValid('1234567812345670'), true);
  assert.equal(isCardNumber('1234567812345670'), false, 'IIN 1 belongs to no card scheme');
  assert.equal(isCardNumber('37828224631000'), false, 'Amex is 15 digits');
  assert.equal(isCardNumber('4012888888881881'.slice(0, 14)), false, 'Visa is 13, 16 or 19');
  assert.equal(isCardNumber('4111 **** **** 1111'), false, 'masked');
  assert.equal(isCardNumber('9'.repeat(5000)), false, 'hostile length');
});
