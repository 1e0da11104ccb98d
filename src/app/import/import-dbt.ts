import { MeshworkError } from '../errors.ts';
import type { ImportSource, Importer } from './import-model.ts';

/** STUB (issue 12, package import-formats): replaced by the real importer of this kind. */
export const importDbtManifest: Importer<Extract<ImportSource, { kind: 'dbt-manifest' }>> = () => {
  return Promise.reject(
    new MeshworkError('usage', 'Importing this kind of source is not built yet.'),
  );
};
