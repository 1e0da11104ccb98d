import type { Context, MiddlewareHandler } from 'hono';
import type { GlobalRole } from '../../app/store/store.ts';
import type { DomainRole, Principal } from './principal.ts';
import { problem } from './problem.ts';

function principalOf(c: Context): Principal | undefined {
  const principal: Principal | undefined = c.get('principal');
  return principal;
}

const unauthenticated = (c: Context): Response => problem(c, 401, 'Unauthorized', 'Sign in first.');

/** Lets through principals with one of these global roles; admin always passes. */
export function requireRole(...roles: GlobalRole[]): MiddlewareHandler {
  return async function roleGuard(c, next) {
    const principal = principalOf(c);
    if (!principal) return unauthenticated(c);
    if (principal.roles.includes('admin') || principal.roles.some((r) => roles.includes(r))) {
      return next();
    }
    return problem(c, 403, 'Forbidden', `This needs the role ${roles.join(' or ') || 'admin'}.`);
  };
}

/**
 * Lets through the owners and members (or only the roles named) of the domain the
 * request is about; admin always passes. `domainOf` may read the body (asynchronously);
 * null means the request names no domain the caller may change, and is refused.
 */
export function requireDomainRole(
  domainOf: (c: Context) => string | null | Promise<string | null>,
  ...roles: DomainRole[]
): MiddlewareHandler {
  const accepted: readonly DomainRole[] = roles.length > 0 ? roles : ['owner', 'member'];
  return async function domainGuard(c, next) {
    const principal = principalOf(c);
    if (!principal) return unauthenticated(c);
    if (principal.roles.includes('admin')) return next();
    const domain = await domainOf(c);
    const role = domain === null ? undefined : principal.domains[domain];
    if (role !== undefined && accepted.includes(role)) return next();
    const what = domain === null ? 'this' : `domain "${domain}"`;
    return problem(
      c,
      403,
      'Forbidden',
      `Only the ${accepted.join(' or ')}s of ${what} may change it.`,
    );
  };
}
