export {
  CONFIDENTIAL_CLASSIFICATIONS,
  hidesValues,
  isConfidential,
  isDeclaredPersonal,
  isPersonalData,
  looksPersonal,
  personalDataOf,
  PERSONAL_CLASSIFICATIONS,
  PERSONAL_TAGS,
} from './personal-data.ts';
export type { PersonalDataReason, PersonalDataVerdict } from './personal-data.ts';
