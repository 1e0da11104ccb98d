import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HoldsDomainRoles } from '../../src/core/access/roles.ts';
import {
  domainRoleOf,
  hasGlobalRole,
  isAdmin,
  mayActAs,
  mayChangeDomain,
} from '../../src/core/access/roles.ts';

const person = (
  roles: HoldsDomainRoles['roles'],
  domains: HoldsDomainRoles['domains'] = {},
): HoldsDomainRoles => ({ roles, domains });

describe('role rules', () => {
  it('admin passes every global-role rule; others only with the role itself', () => {
    const admin = person(['admin']);
    const governance = person(['governance']);
    const nobody = person([]);
    assert.equal(isAdmin(admin), true);
    assert.equal(isAdmin(governance), false);
    assert.equal(hasGlobalRole(governance, 'governance'), true);
    assert.equal(hasGlobalRole(admin, 'governance'), false, 'hasGlobalRole is literal');
    assert.equal(mayActAs(admin, 'governance'), true);
    assert.equal(mayActAs(governance, 'governance'), true);
    assert.equal(mayActAs(governance, 'admin'), false);
    assert.equal(mayActAs(nobody, 'governance', 'admin'), false);
    assert.equal(mayActAs(nobody), false, 'no roles named: admin only');
  });

  it('reads a domain role from own keys only', () => {
    const member = person([], { sales: 'member' });
    assert.equal(domainRoleOf(member, 'sales'), 'member');
    assert.equal(domainRoleOf(member, 'finance'), undefined);
    assert.equal(domainRoleOf(member, null), undefined);
    for (const inherited of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      assert.equal(domainRoleOf(member, inherited), undefined, inherited);
  });

  it('lets owners and members change their domain, admin any, others none', () => {
    const owner = person([], { sales: 'owner' });
    const member = person([], { sales: 'member' });
    const governance = person(['governance']);
    assert.equal(mayChangeDomain(owner, 'sales'), true);
    assert.equal(mayChangeDomain(member, 'sales'), true);
    assert.equal(mayChangeDomain(member, 'sales', ['owner']), false);
    assert.equal(mayChangeDomain(owner, 'finance'), false);
    assert.equal(mayChangeDomain(owner, null), false);
    assert.equal(mayChangeDomain(governance, 'sales'), false);
    assert.equal(mayChangeDomain(person(['admin']), null, ['owner']), true);
    assert.equal(mayChangeDomain(member, 'constructor'), false);
  });
});
