import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ibanCheckDigits, isIban } from '../../src/core/privacy/scan/iban.ts';

test('real IBANs of several countries pass, printed or plain, in any case', () => {
  for (const iban of [
    'DE89 3704 0044 0532 0130 00',
    'DE89370400440532013000',
    'de89370400440532013000',
    'AT61 1904 3002 3457 3201',
    'CH93 0076 2011 6238 5295 7',
    'GB29 NWBK 6016 1331 9268 19',
    'FR14 2004 1010 0505 0001 3M02 606',
    'NL91 ABNA 0417 1643 00',
  ])
    assert.equal(isIban(iban), true, iban);
});

test('a wrong check digit, a wrong length or an unknown country is not an IBAN', () => {
  assert.equal(isIban('DE89 3704 0044 0532 0130 01'), false, 'mod 97 fails');
  assert.equal(isIban('DE88370400440532013000'), false, 'check digits changed');
  assert.equal(isIban('DE8937040044053201300'), false, 'one digit short for DE');
  assert.equal(isIban('AT6119043002345732011'), false, 'one digit long for AT');
  assert.equal(isIban('XX89370400440532013000'), false, 'no such country');
  assert.equal(isIban('DE89-3704-0044'), false);
  assert.equal(isIban(''), false);
  assert.equal(isIban('D'.repeat(10_000)), false, 'hostile length');
});

test('ibanCheckDigits makes a valid IBAN out of any German BBAN', () => {
  const bban = '370400440532013000';
  assert.equal(ibanCheckDigits('DE', bban), '89');
  assert.equal(isIban(`DE${ibanCheckDigits('DE', '100500001234567890')}100500001234567890`), true);
});
