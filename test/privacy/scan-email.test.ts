import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containsEmail, isEmail, isObfuscatedEmail } from '../../src/core/privacy/scan/email.ts';

test('addresses as forms store them pass', () => {
  for (const address of [
    'max.mustermann@web.de',
    'Anna.Schmidt@T-Online.de',
    'j.mueller+shop@gmx.at',
    'info@alpine-bikes.de',
    'x_y@sub.domain.example.ch',
    'a@xn--mnchen-3ya.de',
  ])
    assert.equal(isEmail(address), true, address);
});

test('almost-addresses do not pass', () => {
  for (const value of [
    'max.mustermann',
    'max@web',
    '@web.de',
    'max..m@web.de',
    '.max@web.de',
    'max@-web.de',
    'max@web.d',
    'max mustermann@web.de',
    'max@web.de extra',
    `${'a'.repeat(65)}@web.de`,
    `a@${'b'.repeat(250)}.de`,
  ])
    assert.equal(isEmail(value), false, value);
});

test('an address inside free text is found, sentence punctuation aside', () => {
  assert.equal(containsEmail('Rechnung bitte an max.mustermann@web.de senden.'), true);
  assert.equal(containsEmail('Kontakt: anna@gmx.de, nachmittags'), true);
  assert.equal(containsEmail('Lieferung an Nachbarn @ Hausnummer 5'), false);
  assert.equal(containsEmail('kein Kontakt'), false);
});

test('hostile text does not make the search slow', () => {
  const started = performance.now();
  containsEmail(`${'a.'.repeat(5000)}@${'b-'.repeat(5000)}`);
  assert.ok(performance.now() - started < 500);
});

test('addresses written with (at) or [at] are addresses; text with "at" in it is not', () => {
  assert.equal(isObfuscatedEmail('max.mustermann(at)web.de'), true);
  assert.equal(isObfuscatedEmail('max.mustermann [at] web.de'), true);
  assert.equal(isObfuscatedEmail('max.mustermann@web.de'), false, "a real @ is isEmail's");
  assert.equal(isObfuscatedEmail('meet (at) noon'), false);
  assert.equal(isObfuscatedEmail('a(at)b(at)web.de'), false);
});
