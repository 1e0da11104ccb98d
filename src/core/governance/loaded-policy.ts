import type { Severity } from '../findings/finding.ts';
import type { SourceDocument } from '../yaml/source-document.ts';
import type { ParamValue, Policy } from './policy-model.ts';

/** A policy as it applies: where it was written, its scope, its severity and parameters. */
export interface LoadedPolicy {
  readonly policy: Policy;
  readonly source: SourceDocument;
  readonly origin: 'builtin' | 'mesh' | 'domain';
  /** The domain folder a domain's own policy is limited to; undefined for global ones. */
  readonly scope: string | undefined;
  readonly severity: Severity;
  readonly params: Readonly<Record<string, ParamValue>>;
}

/** A valid adaptation: what one domain changed of one global policy. */
export interface Adapted {
  readonly domain: string;
  readonly severity: Severity;
  readonly params: Readonly<Record<string, ParamValue>>;
}
