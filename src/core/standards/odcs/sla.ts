import { z } from 'zod';
import type { DeepReadonly } from './common.ts';
import {
  COMMON_PARTS,
  authoritativeDefinitions,
  forProfile,
  scalarValue,
  stableId,
} from './common.ts';
import type { OdcsProfile } from './versions.ts';

/**
 * Service-level agreement properties (`slaProperties[]`): latency, retention, frequency,
 * availability and the like, each a property with a value and usually a unit.
 *
 * RFC 0046 (final v3.2.0) adds `customProperties` and `authoritativeDefinitions` to each
 * entry; the v3.2 draft schema does not have them yet.
 */
function buildSlaProperty(profile: OdcsProfile) {
  const schema = z.strictObject({
    id: stableId.exactOptional(),
    property: z.string(),
    /** Required, but may be null. */
    value: scalarValue,
    valueExt: scalarValue.exactOptional(),
    unit: z.string().exactOptional(),
    /** The element(s) checked, in element path notation; several are comma-separated. */
    element: z.string().exactOptional(),
    driver: z.string().exactOptional(),
    description: z.string().exactOptional(),
    scheduler: z.string().exactOptional(),
    schedule: z.string().exactOptional(),
    customProperties: COMMON_PARTS[profile].customProperties.exactOptional(),
    authoritativeDefinitions: authoritativeDefinitions.exactOptional(),
  });
  return forProfile(profile, schema, ['customProperties', 'authoritativeDefinitions']);
}

export const SLA_PROPERTIES = {
  'v3.1': z.array(buildSlaProperty('v3.1')),
  'v3.2': z.array(buildSlaProperty('v3.2')),
} as const;

export type OdcsSlaProperty = DeepReadonly<z.output<(typeof SLA_PROPERTIES)['v3.2']>[number]>;
