/**
 * Who may do what, as pure rules: the CLI, the server's guards and the services of later
 * issues (access requests, workers) ask these predicates instead of repeating them. Global
 * roles are kept with the account; domain roles come from the teams in domain.yaml.
 */

/** Roles an account holds everywhere; admin may do everything the others may. */
export type GlobalRole = 'admin' | 'governance';

export const GLOBAL_ROLES: readonly GlobalRole[] = ['admin', 'governance'];

/** A person's role in one domain: owning one of its teams, or a member of one. */
export type DomainRole = 'owner' | 'member';

/**
 * Who is acting: a signed-in person (by session or API token) with the roles that apply.
 * The server sets it on each request (`server/auth/principal.ts` types it for Hono).
 */
export interface Principal {
  readonly username: string;
  readonly name: string;
  readonly roles: GlobalRole[];
  readonly domains: Record<string, DomainRole>;
  readonly via: 'session' | 'token';
}

/** The part of a principal the global-role rules read. */
export interface HoldsGlobalRoles {
  readonly roles: readonly GlobalRole[];
}

/** The part of a principal the domain rules read. */
export interface HoldsDomainRoles extends HoldsGlobalRoles {
  readonly domains: Readonly<Record<string, DomainRole>>;
}

export function isAdmin(principal: HoldsGlobalRoles): boolean {
  return principal.roles.includes('admin');
}

/** True when the principal holds one of `roles` itself (admin is not implied: see `mayActAs`). */
export function hasGlobalRole(principal: HoldsGlobalRoles, ...roles: GlobalRole[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}

/** What a global-role guard lets through: one of `roles`, or admin, who always passes. */
export function mayActAs(principal: HoldsGlobalRoles, ...roles: GlobalRole[]): boolean {
  return isAdmin(principal) || hasGlobalRole(principal, ...roles);
}

/**
 * The principal's role in `domain`, or undefined. Own keys only: a domain named by a request
 * ("constructor", "__proto__") must not find what every object inherits.
 */
export function domainRoleOf(
  principal: HoldsDomainRoles,
  domain: string | null,
): DomainRole | undefined {
  if (domain === null || !Object.hasOwn(principal.domains, domain)) return undefined;
  return principal.domains[domain];
}

/**
 * May the principal change `domain`: admin always; otherwise only with one of `roles` there
 * (default: owner or member). A null domain — the request names none the caller may change —
 * is refused to all but admin.
 */
export function mayChangeDomain(
  principal: HoldsDomainRoles,
  domain: string | null,
  roles: readonly DomainRole[] = ['owner', 'member'],
): boolean {
  if (isAdmin(principal)) return true;
  const role = domainRoleOf(principal, domain);
  return role !== undefined && roles.includes(role);
}
