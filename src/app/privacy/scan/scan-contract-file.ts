import { readFile } from 'node:fs/promises';
import { asList, asObject } from '../../../core/json/loose.ts';
import { validateOdcsStructure } from '../../../core/standards/odcs/index.ts';
import { parseSourceDocument } from '../../../core/yaml/source-document.ts';
import type { ServerEntry } from '../../../engines/engine.ts';
import { MeshworkError } from '../../errors.ts';

/** A contract's schema objects and servers, as a scan reads them. */
export interface ScanContract {
  readonly text: string;
  readonly servers: readonly ServerEntry[];
  readonly objects: readonly ScanContractObject[];
}

export interface ScanContractObject {
  readonly name: string;
  readonly physicalName: string;
  readonly properties: readonly {
    readonly name: string;
    readonly column: string;
    readonly logicalType?: string;
  }[];
}

/** A contract too big to be a contract (validate refuses far less); it is not read whole. */
const MAX_CONTRACT_BYTES = 16 * 1024 * 1024;

/** Reads a contract for a scan: only a valid ODCS contract is scanned (or written to). */
export async function readScanContract(file: string): Promise<ScanContract> {
  let text: string;
  try {
    const buffer = await readFile(file);
    if (buffer.length > MAX_CONTRACT_BYTES)
      throw new MeshworkError('invalid-input', `${file} is larger than 16 MB.`);
    text = buffer.toString('utf8');
  } catch (error) {
    if (error instanceof MeshworkError) throw error;
    throw new MeshworkError('not-found', `contract ${file} cannot be read.`);
  }
  const source = parseSourceDocument(file, text);
  const problems = [
    ...source.syntaxFindings.filter((f) => f.severity === 'error'),
    ...(source.data !== null && typeof source.data === 'object'
      ? source.place(validateOdcsStructure(source.data)).filter((f) => f.severity === 'error')
      : []),
  ];
  const first = problems[0];
  if (first || asObject(source.data) === undefined) {
    throw new MeshworkError(
      'invalid-input',
      `${file} is not a valid ODCS contract${first ? ` (line ${first.line}: ${first.message})` : ''}; run \`meshwork validate\`.`,
    );
  }
  const data = asObject(source.data)!;
  const objects = asList(data.schema)
    .map(asObject)
    .filter((o) => o !== undefined && typeof o.name === 'string')
    .map((o) => ({
      name: o!.name as string,
      physicalName: typeof o!.physicalName === 'string' ? o!.physicalName : (o!.name as string),
      properties: asList(o!.properties)
        .map(asObject)
        .filter((p) => p !== undefined && typeof p.name === 'string')
        .map((p) => ({
          name: p!.name as string,
          column: typeof p!.physicalName === 'string' ? p!.physicalName : (p!.name as string),
          ...(typeof p!.logicalType === 'string' ? { logicalType: p!.logicalType } : {}),
        })),
    }));
  const servers = asList(data.servers).filter(
    (s): s is ServerEntry =>
      asObject(s) !== undefined &&
      typeof (s as ServerEntry).server === 'string' &&
      typeof (s as ServerEntry).type === 'string',
  );
  return { text, servers, objects };
}
