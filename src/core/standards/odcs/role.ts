import { z } from 'zod';
import type { DeepReadonly } from './common.ts';
import { COMMON_PARTS, stableId } from './common.ts';
import type { OdcsProfile } from './versions.ts';

/** An IAM role giving access to the data, with its approvers (top-level and per server). */
function buildRole(profile: OdcsProfile) {
  return z.strictObject({
    id: stableId.exactOptional(),
    role: z.string(),
    description: z.string().exactOptional(),
    access: z.string().exactOptional(),
    firstLevelApprovers: z.string().exactOptional(),
    secondLevelApprovers: z.string().exactOptional(),
    customProperties: COMMON_PARTS[profile].customProperties.exactOptional(),
  });
}

export const ROLES = {
  'v3.1': z.array(buildRole('v3.1')),
  'v3.2': z.array(buildRole('v3.2')),
} as const;

export type OdcsRole = DeepReadonly<z.output<(typeof ROLES)['v3.2']>[number]>;
