import { parsePurposes } from '../access/purposes.ts';
import { issue } from '../findings/codes.ts';
import type { DocPath, DocumentIssue, Finding } from '../findings/finding.ts';
import { domainSchema } from '../mesh/domain.ts';
import type { MeshFileRole } from '../mesh/layout.ts';
import { organisationSchema } from '../mesh/organisation.ts';
import type { ExternalReference, SqlParser } from '../semantic/index.ts';
import { checkContractSemantics } from '../semantic/index.ts';
import { validateOdcsStructure } from '../standards/odcs/index.ts';
import { validateOdpsStructure } from '../standards/odps/index.ts';
import { checkStructure } from '../standards/structure-issues.ts';
import type { SourceDocument } from '../yaml/source-document.ts';
import { documentCodes } from './catalogue.ts';

export interface ValidationDeps {
  /** Parses SQL quality rules; without one, SQL rules are checked for placeholders only. */
  readonly sqlParser?: SqlParser;
}

export interface DocumentResult {
  readonly findings: Finding[];
  /** Relationship targets in other contracts, for the mesh to resolve. */
  readonly externalReferences: readonly ExternalReference[];
}

type Role = MeshFileRole['kind'];

const WHAT: Partial<Record<Role, string>> = {
  organisation: 'the organisation (apiVersion: meshwork/v1, kind: Mesh)',
  domain: 'a domain (apiVersion: meshwork/v1, kind: Domain)',
  product: 'an ODPS data product',
  contract: 'an ODCS data contract',
  'source-contract': 'an ODCS data contract',
};

/**
 * Structural and semantic validation of one document, by the part it plays: the
 * organisation and domains against Meshwork's own models, products against ODPS,
 * contracts against ODCS plus the semantic checks (quality rules, SQL, keys,
 * relationships).
 */
export async function validateDocument(
  role: Role,
  source: SourceDocument,
  deps: ValidationDeps,
): Promise<DocumentResult> {
  const findings: Finding[] = [...source.syntaxFindings];
  if (source.data === undefined) return { findings, externalReferences: [] };
  const what = WHAT[role];
  if (what === undefined) return { findings, externalReferences: [] };
  const data = source.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    findings.push(...source.place([issue(documentCodes, 'not-an-object', { what }, [])]));
    return { findings, externalReferences: [] };
  }
  let issues: DocumentIssue[] = [];
  let externalReferences: readonly ExternalReference[] = [];
  switch (role) {
    case 'organisation':
      issues = [
        ...checkStructure(organisationSchema, data, { standard: 'meshwork.yaml' }),
        ...parsePurposes(data).issues,
      ];
      break;
    case 'domain':
      issues = checkStructure(domainSchema, data, { standard: 'domain.yaml' });
      break;
    case 'product':
      issues = validateOdpsStructure(data);
      break;
    case 'contract':
    case 'source-contract': {
      issues = validateOdcsStructure(data);
      const semantic = await checkContractSemantics(
        data,
        deps.sqlParser ? { sqlParser: deps.sqlParser } : {},
      );
      issues = [...issues, ...withoutOverlap(semantic.issues, issues)];
      externalReferences = semantic.externalReferences;
      break;
    }
    default:
      break;
  }
  findings.push(...source.place(issues));
  return { findings, externalReferences };
}

/**
 * One problem, one finding: a semantic issue about a node that already has a structural
 * error (the same node, or one inside or around it) repeats that error, so it is dropped.
 * Semantic checks still run on structurally broken contracts, so that unrelated problems
 * elsewhere in the file are reported at once.
 */
function withoutOverlap(
  semantic: readonly DocumentIssue[],
  structural: readonly DocumentIssue[],
): DocumentIssue[] {
  const errorPaths = structural.filter((i) => i.severity === 'error').map((i) => i.path);
  const related = (a: DocPath, b: DocPath): boolean => {
    const n = Math.min(a.length, b.length);
    if (n === 0) return false;
    for (let k = 0; k < n; k++) if (a[k] !== b[k]) return false;
    return true;
  };
  return semantic.filter((s) => !errorPaths.some((p) => related(ruleOf(p), ruleOf(s.path))));
}

/** The quality rule, relationship or property a path is inside of (the unit a finding is about). */
function ruleOf(path: DocPath): DocPath {
  for (let i = path.length - 1; i > 0; i--) {
    if (path[i - 1] === 'quality' || path[i - 1] === 'relationships') return path.slice(0, i + 1);
  }
  return path;
}

/** The part a single file plays when it is validated on its own, judged by its name. */
export function roleOfFileName(name: string): Role | undefined {
  if (name.endsWith('.odcs.yaml') || name.endsWith('.odcs.yml')) return 'contract';
  if (name.endsWith('.odps.yaml') || name.endsWith('.odps.yml')) return 'product';
  if (name === 'meshwork.yaml') return 'organisation';
  if (name === 'domain.yaml') return 'domain';
  return undefined;
}
