/**
 * Breaking-change detection (`meshwork diff`): compares two versions of an ODCS contract,
 * classifies every change, checks the version rule and names the consumers reached.
 * Pure; reading files and git lives in app/diff/.
 */
export type { ChangeKind, ChangeSeverity, ContractChange } from './change.ts';
export { diffContracts } from './diff-contracts.ts';
export { CLASSIFICATION_ORDER } from './classification.ts';
export { durationSeconds } from './durations.ts';
export { bumpOf, compareSemver, parseSemver, versionVerdict } from './semver.ts';
export type { Bump, SemVer, VersionVerdict } from './semver.ts';
export { CONSUMERS_NOTE, consumersOf, grantConsumersOf } from './consumers.ts';
export type { Consumer, GrantConsumer } from './consumers.ts';
