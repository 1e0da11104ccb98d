import { issue } from '../findings/codes.ts';
import type { Finding } from '../findings/finding.ts';
import { meshCodes } from './catalogue.ts';
import { DOMAIN_FILE, MESH_FILE, PRODUCT_FILE } from './layout.ts';
import type { MeshDocument } from './mesh-model.ts';

/**
 * Findings about the shape of the repository rather than a document's contents: a
 * missing meshwork.yaml or domain.yaml, a product folder without product.odps.yaml,
 * contract files in the wrong place. They are reported at line 1 of the file concerned.
 */
export function checkLayout(
  documents: readonly MeshDocument[],
  folders: ReadonlyMap<string, readonly string[]>,
): Finding[] {
  const findings: Finding[] = [];
  const at = (file: string, code: keyof typeof meshCodes, message: string, hint: string): void => {
    findings.push({
      severity: meshCodes[code].severity,
      code,
      message,
      hint,
      file,
      line: 1,
      column: 1,
      path: '$',
    });
  };
  if (!documents.some((d) => d.role.kind === 'organisation')) {
    const spec = meshCodes['missing-mesh-file'];
    at(MESH_FILE, 'missing-mesh-file', spec.message(), spec.hint());
  }
  for (const doc of documents) {
    if (doc.role.kind === 'misplaced') {
      const found = issue(
        meshCodes,
        'misplaced-file',
        { file: doc.path, expected: doc.role.expected },
        [],
      );
      at(doc.path, 'misplaced-file', found.message, found.hint);
    }
  }
  for (const [folder, names] of folders) {
    const parts = folder.split('/');
    if (parts.length === 2) {
      const domain = parts[1]!;
      if (!names.includes(DOMAIN_FILE)) {
        const found = issue(meshCodes, 'missing-domain-file', { domain }, []);
        at(`${folder}/${DOMAIN_FILE}`, 'missing-domain-file', found.message, found.hint);
      }
    } else if (parts.length === 3 && parts[2] !== 'policies') {
      const hasContracts = names.some((n) => n.endsWith('.odcs.yaml'));
      if (hasContracts && !names.includes(PRODUCT_FILE)) {
        const found = issue(meshCodes, 'missing-product-file', { folder }, []);
        at(`${folder}/${PRODUCT_FILE}`, 'missing-product-file', found.message, found.hint);
      }
    }
  }
  return findings;
}
