import type { BuildInput } from '../build-engine.ts';
import type { SourceExportRequest, SourceExport } from '../engine.ts';
import { DuckDBInstance } from '@duckdb/node-api';
import { fileFormat, localPath } from './relation.ts';
import { writeSheetParquet } from './xlsx-relation.ts';

/**
 * A `local` server's files for a build, read in place when the transform queries them:
 * the same path and format `meshwork test` reads (`{model}` is the object's physicalName,
 * the format declared or else the file's extension), typed by DuckDB's detection.
 */
export async function exportLocalFiles(request: SourceExportRequest): Promise<SourceExport> {
  const { server, baseDir } = request;
  const objects = new Map<string, BuildInput>();
  let converter: Converter | undefined;
  try {
    for (const [index, object] of request.objects.entries()) {
      const path = localPath(server, object.physicalName, baseDir);
      const format = fileFormat(server, path);
      if (format !== 'xlsx') {
        objects.set(object.name, { kind: 'files', path, format });
        continue;
      }
      // A sheet (the object's physical name) becomes a Parquet file in the build's scratch.
      converter ??= await openConverter();
      const parquet = await writeSheetParquet(converter.run, {
        path,
        sheet: object.physicalName,
        dir: request.scratchDir,
        base: `${request.filePrefix}sheet-${index}`,
      });
      objects.set(object.name, { kind: 'parquet', path: parquet });
    }
  } finally {
    converter?.close();
  }
  const format =
    typeof server.format === 'string' || typeof server.format === 'number'
      ? String(server.format)
      : 'file';
  return { from: `server "${server.server}" (local ${format})`, objects };
}

interface Converter {
  readonly run: (sql: string) => Promise<void>;
  readonly close: () => void;
}

/** An in-memory DuckDB that only turns sheets into Parquet files. */
async function openConverter(): Promise<Converter> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  return {
    run: async (sql) => {
      await connection.run(sql);
    },
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
