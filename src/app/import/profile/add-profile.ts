import type { TableProfile } from '../../../core/import/profile.ts';

/**
 * Writes a table's profile into its source contract as suggestions, never as promises.
 * WORK IN PROGRESS: the signature is final, the body lands next.
 */
export function addProfile(contract: string, profiles: readonly TableProfile[]): string;
export function addProfile(
  contract: Record<string, unknown>,
  profiles: readonly TableProfile[],
): Record<string, unknown>;
export function addProfile(
  contract: string | Record<string, unknown>,
  profiles: readonly TableProfile[],
): string | Record<string, unknown> {
  void profiles;
  return contract;
}
