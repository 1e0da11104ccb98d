export { discoverDomains } from './discover-domains.ts';
export type { CoAccessEvidence, DiscoverOptions, DiscoverReport } from './discover-domains.ts';
export { discoverSourceOf } from './discover-source.ts';
export type { DiscoverSource } from './discover-source.ts';
