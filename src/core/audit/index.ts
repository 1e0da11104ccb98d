export type {
  AuditDetailValue,
  AuditEntryContent,
  ChainedAuditEntry,
  ChainLink,
  Sha256Hex,
} from './chain.ts';
export {
  canonicalJson,
  chainAfter,
  entryHash,
  GENESIS_HASH,
  normalizeAuditEntry,
} from './chain.ts';
export type { ChainBreak, ChainBreakKind, ChainVerdict, StoredChainEntry } from './verify-chain.ts';
export { ChainVerifier, shownId, verifyChain } from './verify-chain.ts';
