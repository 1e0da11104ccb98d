export { profileSystem } from './profile-system.ts';
export { addProfile } from './add-profile.ts';
export type { ProfileOptions, SystemProfile } from './profile-options.ts';
export { DEFAULT_PROFILE_SAMPLE_ROWS, DEFAULT_TABLE_TIMEOUT_MS } from './profile-options.ts';
