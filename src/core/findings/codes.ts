import type { DocPath, DocumentIssue, Severity } from './finding.ts';

/**
 * The catalogue of finding codes (after Malloy's message catalogue): each code has a
 * default severity, a message and a hint built from typed parameters, so wording lives in
 * one place per area and is pinned by tests. Areas keep their own table
 * (`catalogue-*.ts`); `issue()` builds a DocumentIssue from any of them.
 */
export interface CodeSpec<P> {
  readonly severity: Severity;
  readonly message: (params: P) => string;
  readonly hint: (params: P) => string;
}

export type Catalogue = Record<string, CodeSpec<never>>;

/** Declares a catalogue while keeping each entry's parameter type. */
export function defineCatalogue<const T extends { [K in keyof T]: CodeSpec<never> }>(table: T): T {
  return table;
}

/** The parameters a catalogue entry needs: what its message and its hint read. */
export type CodeParams<S> = S extends {
  readonly message: (params: infer M) => string;
  readonly hint: (params: infer H) => string;
}
  ? (unknown extends M ? object : M) & (unknown extends H ? object : H)
  : never;

export interface IssueOptions {
  readonly atKey?: boolean;
  readonly severity?: Severity;
}

/** Builds a DocumentIssue for `code` of `catalogue` at `path`. */
export function issue<T extends Catalogue, K extends keyof T & string>(
  catalogue: T,
  code: K,
  params: CodeParams<T[K]>,
  path: DocPath,
  options: IssueOptions = {},
): DocumentIssue {
  const spec = catalogue[code] as unknown as CodeSpec<CodeParams<T[K]>>;
  return {
    severity: options.severity ?? spec.severity,
    code,
    message: spec.message(params),
    hint: spec.hint(params),
    path,
    ...(options.atKey === undefined ? {} : { atKey: options.atKey }),
  };
}
