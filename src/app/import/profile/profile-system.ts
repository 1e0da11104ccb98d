import type { ImportedSystem } from '../import-model.ts';
import type { ProfileOptions, SystemProfile } from './profile-options.ts';

/**
 * `meshwork import --profile`: measures each table of the system in its engine. WORK IN
 * PROGRESS: the signature is final, the body lands next.
 */
export function profileSystem(
  system: ImportedSystem,
  options: ProfileOptions = {},
): Promise<SystemProfile> {
  void options;
  if (system.data === undefined)
    return Promise.resolve({
      profiles: [],
      gaps: [{ table: null, reason: 'the source has no data to profile (metadata only)' }],
    });
  return Promise.resolve({ profiles: [], gaps: [{ table: null, reason: 'not implemented yet' }] });
}
