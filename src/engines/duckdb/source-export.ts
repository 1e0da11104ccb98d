import type { BuildInput } from '../build-engine.ts';
import type { SourceExportRequest, SourceExport } from '../engine.ts';
import { fileFormat, localPath } from './relation.ts';

/**
 * A `local` server's files for a build, read in place when the transform queries them:
 * the same path and format `meshwork test` reads (`{model}` is the object's physicalName,
 * the format declared or else the file's extension), typed by DuckDB's detection.
 */
export function exportLocalFiles(request: SourceExportRequest): Promise<SourceExport> {
  const { server, baseDir } = request;
  const objects = new Map<string, BuildInput>();
  for (const object of request.objects) {
    const path = localPath(server, object.physicalName, baseDir);
    objects.set(object.name, { kind: 'files', path, format: fileFormat(server, path) });
  }
  const format =
    typeof server.format === 'string' || typeof server.format === 'number'
      ? String(server.format)
      : 'file';
  return Promise.resolve({ from: `server "${server.server}" (local ${format})`, objects });
}
