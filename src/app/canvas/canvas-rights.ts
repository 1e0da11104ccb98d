import type { GlobalRole } from '../../core/access/roles.ts';
import { isAdmin, mayActAs } from '../../core/access/roles.ts';
import type { Team } from '../catalog/catalog-types.ts';
import { domainRolesOf } from '../catalog/teams.ts';

/** What one person may do with the canvas in one domain. */
export interface CanvasRights {
  /** Commit a proposal into the domain: in one of its teams, its owner, admin or governance. */
  readonly commit: boolean;
  /** Name someone else as the product's owner: the domain's owner or an admin. */
  readonly chooseOwner: boolean;
  /** Teams the person may name as owning team; `null` is any team of the domain. */
  readonly teams: readonly string[] | null;
}

/**
 * The canvas's rights of `username` in a domain with `teams` (from domain.yaml). A proposal
 * is a commit in the person's name into the domain's folder, so only people of the domain
 * (or those who govern every domain) may make one, for a team they belong to, owned by
 * themselves: otherwise anyone could put a product into finance naming finance's owner.
 * Governance may commit into any domain and for any of its teams, but names only itself
 * as owner; choosing the owner is for the domain's owner and admins.
 */
export function canvasRights(
  teams: readonly Team[],
  person: { readonly username: string; readonly roles: readonly GlobalRole[] },
): CanvasRights {
  const role = domainRolesOf(new Map([['domain', teams]]), person.username).domain;
  const owner = role === 'owner';
  const steward = owner || mayActAs(person, 'governance');
  const mine = teams
    .filter((t) => t.members.some((m) => m.username === person.username))
    .map((t) => t.name);
  return {
    commit: steward || mine.length > 0,
    chooseOwner: owner || isAdmin(person),
    teams: steward ? null : mine,
  };
}
