import type { MeshDocument, MeshModel } from './mesh-model.ts';

/**
 * A file that did not parse declares nothing the model can see: references into it are
 * not "unknown" (that would report one syntax error as errors in every file pointing at
 * it) but unchecked. Its own findings already say what is wrong.
 */
export function isUnparsed(doc: MeshDocument | undefined): boolean {
  return doc !== undefined && doc.source.data === undefined;
}

/**
 * The contract file that did not parse but whose text declares `id` (an `id:` line with
 * it), so a reference to that id is unchecked rather than unknown. An id no broken file
 * mentions is still unknown: a typo is not excused by an unrelated syntax error.
 */
export function unparsedContractWithId(model: MeshModel, id: string): MeshDocument | undefined {
  const escaped = id.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const declares = new RegExp(`(^|\\s)id:\\s*(["']?)${escaped}\\2\\s*(#.*)?$`, 'm');
  return model.contracts.find((c) => isUnparsed(c.doc) && declares.test(c.doc.source.text))?.doc;
}
