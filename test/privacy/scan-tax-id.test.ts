import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isSteuerId,
  steuerIdCheckDigit,
  steuerIdDigitsValid,
} from '../../src/core/privacy/scan/tax-id.ts';

test('Steuer-IDs with a correct ISO 7064 MOD 11,10 check digit pass, plain or in printed groups', () => {
  for (const id of ['86095742719', '47036892816', '65929970489', '57549285017', '25768131411'])
    assert.equal(isSteuerId(id), true, id);
  assert.equal(isSteuerId('86 095 742 719'), true);
});

test('a wrong check digit is not a Steuer-ID', () => {
  assert.equal(isSteuerId('86095742718'), false);
  assert.equal(isSteuerId('47036892815'), false);
  assert.equal(steuerIdCheckDigit('8609574271'), 9);
});

test('the digit rule: exactly one digit twice or three times, never three in a row', () => {
  assert.equal(steuerIdDigitsValid('1234567890'), false, 'no digit repeated');
  assert.equal(steuerIdDigitsValid('1123456789'), true, 'one digit twice');
  assert.equal(steuerIdDigitsValid('1121345678'), true, 'one digit three times, apart');
  assert.equal(steuerIdDigitsValid('1112345678'), false, 'three times in a row');
  assert.equal(steuerIdDigitsValid('1122345678'), false, 'two digits repeated');
  assert.equal(steuerIdDigitsValid('1111234567'), false, 'four times');
  // Right check digit, wrong digits: still not a Steuer-ID.
  const first10 = '1112345678';
  assert.equal(isSteuerId(first10 + String(steuerIdCheckDigit(first10))), false);
});

test('a leading zero, other lengths and letters are not Steuer-IDs', () => {
  const first10 = '0123456789'.replace('9', '1');
  assert.equal(isSteuerId(first10 + String(steuerIdCheckDigit(first10))), false);
  assert.equal(isSteuerId('8609574271'), false);
  assert.equal(isSteuerId('860957427190'), false);
  assert.equal(isSteuerId('8609574271X'), false);
});
