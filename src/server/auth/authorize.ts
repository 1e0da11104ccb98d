import type { Context, MiddlewareHandler } from 'hono';
import type { DomainRole, GlobalRole, Principal } from '../../core/access/roles.ts';
import { isAdmin, mayActAs, mayChangeDomain } from '../../core/access/roles.ts';
import { problem } from './problem.ts';

function principalOf(c: Context): Principal | undefined {
  const principal: Principal | undefined = c.get('principal');
  return principal;
}

const unauthenticated = (c: Context): Response => problem(c, 401, 'Unauthorized', 'Sign in first.');

/** Lets through principals with one of these global roles; admin always passes (`mayActAs`). */
export function requireRole(...roles: GlobalRole[]): MiddlewareHandler {
  return async function roleGuard(c, next) {
    const principal = principalOf(c);
    if (!principal) return unauthenticated(c);
    if (mayActAs(principal, ...roles)) return next();
    return problem(c, 403, 'Forbidden', `This needs the role ${roles.join(' or ') || 'admin'}.`);
  };
}

/**
 * Lets through the owners and members (or only the roles named) of the domain the
 * request is about; admin always passes (`mayChangeDomain`). `domainOf` may read the body
 * (asynchronously); null means the request names no domain the caller may change, and is
 * refused.
 */
export function requireDomainRole(
  domainOf: (c: Context) => string | null | Promise<string | null>,
  ...roles: DomainRole[]
): MiddlewareHandler {
  const accepted: readonly DomainRole[] = roles.length > 0 ? roles : ['owner', 'member'];
  return async function domainGuard(c, next) {
    const principal = principalOf(c);
    if (!principal) return unauthenticated(c);
    // Before `domainOf`, which may read the body: an admin need not name a domain.
    if (isAdmin(principal)) return next();
    const domain = await domainOf(c);
    if (mayChangeDomain(principal, domain, accepted)) return next();
    const what = domain === null ? 'this' : `domain "${domain}"`;
    return problem(
      c,
      403,
      'Forbidden',
      `Only the ${accepted.join(' or ')}s of ${what} may change it.`,
    );
  };
}
