import type { MeshModel } from '../../core/mesh/mesh-model.ts';
import type { Team, TeamMember } from './catalog-types.ts';
import { asArray, asObject, asString } from './contract-summary.ts';

export function membersOf(raw: unknown): TeamMember[] {
  return asArray(raw).flatMap((m) => {
    const member = asObject(m);
    const username = asString(member?.username);
    if (!member || username === null) return [];
    return [
      {
        username,
        name: asString(member.name),
        email: asString(member.email),
        role: asString(member.role),
        title: asString(member.title),
      },
    ];
  });
}

/** The teams of every domain (its team first, then its further teams), by domain folder. */
export function teamsByDomain(model: MeshModel): Map<string, Team[]> {
  const result = new Map<string, Team[]>();
  for (const [folder, entry] of model.domains) {
    const data = asObject(entry.doc.source.data) ?? {};
    const teams = [data.team, ...asArray(data.teams)].flatMap((raw) => {
      const t = asObject(raw);
      const name = asString(t?.name);
      if (!t || name === null) return [];
      return [
        {
          name,
          domain: folder,
          description: asString(t.description),
          members: membersOf(t.members),
        },
      ];
    });
    result.set(folder, teams);
  }
  return result;
}

/**
 * Each user's role per domain from the teams in domain.yaml: `owner` when they own any of
 * the domain's teams, `member` otherwise. What the auth seam's `domainRoles` answers.
 */
export function domainRolesOf(
  teams: ReadonlyMap<string, readonly Team[]>,
  username: string,
): Record<string, 'owner' | 'member'> {
  const roles: Record<string, 'owner' | 'member'> = {};
  for (const [domain, list] of teams) {
    for (const team of list) {
      const member = team.members.find((m) => m.username === username);
      if (!member) continue;
      if (member.role === 'owner') roles[domain] = 'owner';
      else roles[domain] ??= 'member';
    }
  }
  return roles;
}
