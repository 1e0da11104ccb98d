/**
 * Meshwork's public library surface: the validation entry points and the types they
 * return. Internals are not exported; the CLI is `bin/meshwork.js`.
 */
export type { Finding, Severity, DocumentIssue } from './core/findings/finding.ts';
export { formatPath, hasErrors, sortFindings } from './core/findings/finding.ts';
export { parseSourceDocument } from './core/yaml/source-document.ts';
export type { SourceDocument } from './core/yaml/source-document.ts';
export { validateOdcsStructure } from './core/standards/odcs/index.ts';
export { validateOdpsStructure } from './core/standards/odps/index.ts';
export { validateDocument } from './core/validate/validate-document.ts';
export { validateMesh } from './core/validate/validate-mesh.ts';
export { buildMeshModel } from './core/mesh/mesh-model.ts';
export type {
  MeshModel,
  ProductEntry,
  ContractEntry,
  DomainEntry,
} from './core/mesh/mesh-model.ts';
export { lineageEdges, lineageCycles } from './core/mesh/lineage.ts';
export { validatePaths } from './app/validate/validate-paths.ts';
export type { ValidationReport } from './app/validate/validate-paths.ts';
export { MeshworkError } from './app/errors.ts';
