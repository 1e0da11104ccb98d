export {
  coAccessOf,
  tablesInStatement,
  MAX_QUERY_CHARS,
  MAX_STATEMENTS,
  MAX_TABLES_PER_STATEMENT,
} from './co-access.ts';
export type { CoAccess, CoAccessPair, StatementStat } from './co-access.ts';
export { domainNameOf } from './domain-name.ts';
export { discoveryMermaid } from './mermaid.ts';
export { DEFAULT_RESOLUTION, DEFAULT_SEED, suggestDomains } from './suggest-domains.ts';
export type {
  DomainDiscovery,
  DomainSuggestion,
  SuggestOptions,
  TableLink,
  TableSuggestion,
} from './suggest-domains.ts';
export { CO_ACCESS_WEIGHT, FOREIGN_KEY_WEIGHT, tableGraph } from './table-graph.ts';
export type { TableEdge, TableGraph } from './table-graph.ts';
