import type { Finding } from '../../../core/findings/finding.ts';
import { buildMeshModel } from '../../../core/mesh/mesh-model.ts';
import type { MeshModel } from '../../../core/mesh/mesh-model.ts';
import type { SubjectIdentifier } from '../../../core/privacy/subject-keys.ts';
import { readMeshFiles } from '../../workspace/read-mesh.ts';
import type { SubjectLocation } from './locate-subject.ts';
import { locateSubject } from './locate-subject.ts';
import type { NotCoveredPort } from './subject-coverage.ts';
import { notCoveredPorts, subjectDeclarationFindings } from './subject-coverage.ts';

/**
 * `meshwork dsr find` / `export` as a service: reads the mesh, searches it for the subject
 * (`locateSubject`) and says which data-subject declarations are malformed — a column
 * whose `meshworkSubjectKey` cannot be read was not searched, so the answer is then not
 * complete (the same findings `meshwork validate` reports, at file:line).
 */
export interface SubjectSearch {
  readonly model: MeshModel;
  readonly location: SubjectLocation;
  /** Malformed declarations (errors only). */
  readonly declarationFindings: readonly Finding[];
  /** Output ports with personal data and no subject key: not searchable, so not searched. */
  readonly notCovered: readonly NotCoveredPort[];
  /** The location is complete and no declaration is malformed. */
  readonly complete: boolean;
}

export async function searchSubject(options: {
  readonly meshRoot: string;
  readonly subject: SubjectIdentifier;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Fetch the rows too (export), at most this many per object. */
  readonly collectRows?: number;
}): Promise<SubjectSearch> {
  const files = await readMeshFiles(options.meshRoot);
  const model = buildMeshModel(files.documents);
  const declarationFindings = subjectDeclarationFindings(model);
  const location = await locateSubject({
    meshRoot: options.meshRoot,
    model,
    subject: options.subject,
    env: options.env,
    ...(options.collectRows === undefined ? {} : { collectRows: options.collectRows }),
  });
  return {
    model,
    location,
    declarationFindings,
    notCovered: notCoveredPorts(model),
    complete: location.complete && declarationFindings.length === 0,
  };
}
