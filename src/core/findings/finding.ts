/**
 * A finding is a problem returned as data (DESIGN.md, "Errors"): validation problems,
 * policy violations and failed checks all take this shape, so every face (CLI text,
 * `--format json`, the API) renders them the same way.
 */
export type Severity = 'error' | 'warning' | 'info';

/** A path into a parsed document: keys and array indexes, outermost first. */
export type DocPath = readonly (string | number)[];

export interface Finding {
  readonly severity: Severity;
  /** Stable kebab-case code from the catalogue in `codes.ts`. */
  readonly code: string;
  readonly message: string;
  /** The file as the user named it (relative to the mesh root when a mesh is validated). */
  readonly file: string;
  /** 1-based line and column of the offending YAML node. */
  readonly line: number;
  readonly column: number;
  /** JSONPath of the offending node, e.g. `$.schema[0].properties[2].logicalType`. */
  readonly path: string;
  readonly hint: string;
  /** Governance findings only: the id of the violated policy. */
  readonly policy?: string;
  /** Governance findings only: the parameters the policy was evaluated with. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Governance findings only: the domain whose adaptation changed the policy. */
  readonly adaptedBy?: string;
}

/**
 * A problem found inside one document before it is placed in its file: validators in
 * core/ work on parsed data and report a document path; `locateIssues` turns the path
 * into a line and column using the YAML source.
 */
export interface DocumentIssue {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly hint: string;
  readonly path: DocPath;
  /** Point at the key of the last path segment rather than its value (unknown keys). */
  readonly atKey?: boolean;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Renders a document path as JSONPath: `$.schema[0]['odd key']`. */
export function formatPath(path: DocPath): string {
  let out = '$';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `['${segment.replaceAll("'", "\\'")}']`;
  }
  return out;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: by file, then position, then severity, then code. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.code.localeCompare(b.code),
  );
}
