import type { Principal, Team } from './api.ts';
import { api } from './api.ts';
import type { Loaded } from './use-load.ts';
import { useLoad } from './use-load.ts';

/**
 * The teams the user belongs to, from the teams in domain.yaml (the same source the server
 * resolves a requester's teams from): the principal names the domains, each domain's page
 * names its teams and their members.
 */
export async function loadMyTeams(user: Principal): Promise<Team[]> {
  const domains = Object.keys(user.domains).sort();
  const answers = await Promise.all(domains.map((name) => api.domain(name)));
  return answers.flatMap((answer) =>
    answer.teams.filter((team) => team.members.some((m) => m.username === user.username)),
  );
}

export function useMyTeams(user: Principal): Loaded<readonly Team[]> {
  const key = `my-teams:${user.username}:${Object.keys(user.domains).sort().join(',')}`;
  const [loaded] = useLoad(key, () => loadMyTeams(user));
  return loaded;
}
