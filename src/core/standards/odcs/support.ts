import { z } from 'zod';
import type { DeepReadonly } from './common.ts';
import { COMMON_PARTS, stableId } from './common.ts';
import type { OdcsProfile } from './versions.ts';

/** Support and communication channels, and the price of the data (consumer-facing terms). */
function buildSupportChannel(profile: OdcsProfile) {
  return z.strictObject({
    id: stableId.exactOptional(),
    channel: z.string(),
    url: z.string().exactOptional(),
    description: z.string().exactOptional(),
    /** email, slack, teams, discord, ticket, googlechat, other, … (free text). */
    tool: z.string().exactOptional(),
    /** interactive, announcements, issues, notifications, … (free text). */
    scope: z.string().exactOptional(),
    invitationUrl: z.string().exactOptional(),
    customProperties: COMMON_PARTS[profile].customProperties.exactOptional(),
  });
}

export const SUPPORT_CHANNELS = {
  'v3.1': z.array(buildSupportChannel('v3.1')),
  'v3.2': z.array(buildSupportChannel('v3.2')),
} as const;

export const pricing = z.strictObject({
  id: stableId.exactOptional(),
  priceAmount: z.number().exactOptional(),
  priceCurrency: z.string().exactOptional(),
  priceUnit: z.string().exactOptional(),
});

export type OdcsSupportChannel = DeepReadonly<z.output<(typeof SUPPORT_CHANNELS)['v3.2']>[number]>;
export type OdcsPricing = DeepReadonly<z.output<typeof pricing>>;
