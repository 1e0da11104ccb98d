import { strToU8, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import type { ProductDraft } from './canvas-model.ts';
import { checkedDraftPaths } from './draft-paths.ts';

/** A fixed time for every entry: the same draft gives the same bytes (zip's DOS time starts 1980). */
const ENTRY_TIME = new Date('2000-01-01T00:00:00Z');

/**
 * The draft's files as a zip (the portal's "download"), each at its path from the mesh root
 * — `domains/<domain>/<id>/product.odps.yaml` …— so unpacking it in the repository's root
 * puts the product where `meshwork validate` finds it. Paths are checked first
 * (`checkedDraftPaths`): nothing climbs out of the product's folder.
 */
export function zipDraft(draft: ProductDraft): Uint8Array {
  const paths = checkedDraftPaths(draft);
  const entries: Zippable = {};
  draft.files.forEach((file, index) => {
    const path = paths[index];
    if (path !== undefined) entries[path] = [strToU8(file.content), { mtime: ENTRY_TIME }];
  });
  return zipSync(entries, { level: 6 });
}
