import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, verifyPassword } from '../../src/app/accounts/password.ts';

describe('password hashing', () => {
  it('uses scrypt with N ≥ 2^15 and keeps parameters and salt in the hash', async () => {
    const hash = await hashPassword('correct horse battery');
    const match = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([\w-]+)\$([\w-]+)$/.exec(hash);
    assert.ok(match, hash);
    assert.ok(Number(match[1]) >= 15);
    assert.ok(Buffer.from(match[4] ?? '', 'base64url').length >= 16, 'salt of 16 bytes or more');
    assert.ok(!hash.includes('correct horse'));
  });

  it('verifies the right password and refuses others', async () => {
    const hash = await hashPassword('correct horse battery');
    assert.equal(await verifyPassword('correct horse battery', hash), true);
    assert.equal(await verifyPassword('correct horse batterY', hash), false);
    assert.equal(await verifyPassword('', hash), false);
  });

  it('salts every hash, so equal passwords give different hashes', async () => {
    assert.notEqual(await hashPassword('same password'), await hashPassword('same password'));
  });

  it('refuses malformed or tampered hashes instead of throwing', async () => {
    const hash = await hashPassword('pw-123456');
    const tampered = hash.slice(0, -2) + (hash.endsWith('AA') ? 'BB' : 'AA');
    assert.equal(await verifyPassword('pw-123456', tampered), false);
    assert.equal(await verifyPassword('pw-123456', 'plain-text'), false);
    assert.equal(await verifyPassword('pw-123456', hash.replace('ln=15', 'ln=40')), false);
  });
});
