import { z } from 'zod';
import type { DeepReadonly } from './common.ts';
import { COMMON_PARTS, authoritativeDefinitions, dateString, stableId, tags } from './common.ts';
import type { OdcsProfile } from './versions.ts';

/**
 * The team that owns the contract. Since v3.1.0 `team` is an object with `members`; the
 * v3.0 form, a bare list of members, is still accepted (deprecated, to be removed in 4.0).
 */
function buildTeam(profile: OdcsProfile) {
  const customProperties = COMMON_PARTS[profile].customProperties.exactOptional();
  const member = z.strictObject({
    id: stableId.exactOptional(),
    username: z.string(),
    name: z.string().exactOptional(),
    description: z.string().exactOptional(),
    role: z.string().exactOptional(),
    dateIn: dateString.exactOptional(),
    dateOut: dateString.exactOptional(),
    replacedByUsername: z.string().exactOptional(),
    tags: tags.exactOptional(),
    customProperties,
    authoritativeDefinitions: authoritativeDefinitions.exactOptional(),
  });
  const team = z.strictObject({
    id: stableId.exactOptional(),
    name: z.string().exactOptional(),
    description: z.string().exactOptional(),
    members: z.array(member).exactOptional(),
    tags: tags.exactOptional(),
    customProperties,
    authoritativeDefinitions: authoritativeDefinitions.exactOptional(),
  });
  return { member, team: z.union([team, z.array(member)]) };
}

export const TEAMS = {
  'v3.1': buildTeam('v3.1'),
  'v3.2': buildTeam('v3.2'),
} as const;

export type OdcsTeamMember = DeepReadonly<z.output<(typeof TEAMS)['v3.2']['member']>>;
/** The team: an object (v3.1+) or, deprecated, a list of members (v3.0). */
export type OdcsTeam = DeepReadonly<z.output<(typeof TEAMS)['v3.2']['team']>>;
