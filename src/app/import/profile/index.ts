export { profileSystem } from './profile-system.ts';
export { addProfile } from './add-profile.ts';
export type { ProfileOptions, SystemProfile } from './profile-options.ts';
export { DEFAULT_PROFILE_SAMPLE_ROWS, DEFAULT_TABLE_TIMEOUT_MS } from './profile-options.ts';
export {
  PROFILE_PROPERTY,
  SUGGESTED_PERSONAL_DATA_PROPERTY,
  SUGGESTED_QUALITY_PROPERTY,
} from './add-profile.ts';
