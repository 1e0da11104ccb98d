import { defineCatalogue, issue } from '../findings/codes.ts';
import type { Finding } from '../findings/finding.ts';
import { asList, asObject } from '../json/loose.ts';
import type { ContractEntry, MeshModel, ProductEntry } from '../mesh/mesh-model.ts';

/** The product property naming the engine a product is built in (absent: DuckDB, Parquet snapshots). */
export const ENGINE_PROPERTY = 'meshworkEngine';

/**
 * Engines a product can be built in besides the default, as the mesh format knows them:
 * the server type its inputs and outputs need, and the catalogs its snapshot tables can be
 * written into. The registry (engines/registry.ts `TABLE_BUILD_ENGINES`) has the same names.
 */
export const BUILD_ENGINES: Readonly<
  Record<string, { readonly serverType: string; readonly snapshotCatalogs: readonly string[] }>
> = {
  trino: { serverType: 'trino', snapshotCatalogs: ['hive', 'iceberg'] },
};

export const buildEngineCodes = defineCatalogue({
  'unknown-build-engine': {
    severity: 'error',
    message: (p: { value: string; known: string }) =>
      `${ENGINE_PROPERTY} "${p.value}" is not an engine Meshwork builds in (known: ${p.known}).`,
    hint: () =>
      `Write "trino" to build the product in Trino, or remove ${ENGINE_PROPERTY} to build it with the embedded DuckDB.`,
  },
  'build-engine-input-unreadable': {
    severity: 'error',
    message: (p: { port: string; engine: string; reason: string }) =>
      `input port "${p.port}" cannot be read by a ${p.engine} build: ${p.reason}.`,
    hint: (p: { serverType: string }) =>
      `Give the input's contract a "${p.serverType}" server with catalog and schema (the table is the object's physicalName), with one schema object.`,
  },
  'build-engine-output-unwritable': {
    severity: 'error',
    message: (p: { port: string; engine: string; reason: string }) =>
      `output port "${p.port}" cannot be built in ${p.engine}: ${p.reason}.`,
    hint: (p: { serverType: string; catalogs: string }) =>
      `Give the output contract a "${p.serverType}" server whose catalog is ${p.catalogs}, with a schema, and one schema object.`,
  },
});

/**
 * `meshwork validate`'s checks of products built in an engine's server (`meshworkEngine`):
 * the value is an engine Meshwork knows, every input port's contract names a table that
 * engine reads, every output contract a server its snapshot tables can be written into.
 * Placed at file:line:col of the product's property or port.
 */
export function checkBuildEngines(model: MeshModel): Finding[] {
  const findings: Finding[] = [];
  for (const product of model.products) findings.push(...checkProduct(model, product));
  return findings;
}

function checkProduct(model: MeshModel, product: ProductEntry): Finding[] {
  const custom = asList(asObject(product.doc.source.data)?.customProperties);
  const index = custom.findIndex((c) => asObject(c)?.property === ENGINE_PROPERTY);
  if (index < 0) return [];
  const value = asObject(custom[index])?.value;
  const known = Object.keys(BUILD_ENGINES);
  const name = typeof value === 'string' ? value : undefined;
  const engine =
    name !== undefined && Object.hasOwn(BUILD_ENGINES, name) ? BUILD_ENGINES[name] : undefined;
  const place = (issues: Parameters<typeof product.doc.source.place>[0]): Finding[] =>
    product.doc.source.place(issues);
  if (engine === undefined || name === undefined) {
    const shown =
      typeof value === 'string' ? value.slice(0, 100) : JSON.stringify(value ?? null).slice(0, 100);
    return place([
      issue(buildEngineCodes, 'unknown-build-engine', { value: shown, known: known.join(', ') }, [
        'customProperties',
        index,
        'value',
      ]),
    ]);
  }
  const issues = [];
  for (const port of product.inputPorts) {
    const contract = single(model, port.contractId);
    if (contract === undefined) continue; // the reference checks report it
    const reason = inputProblem(contract, engine.serverType);
    if (reason !== undefined)
      issues.push(
        issue(
          buildEngineCodes,
          'build-engine-input-unreadable',
          { port: port.name, engine: name, reason, serverType: engine.serverType },
          ['inputPorts', port.index, 'contractId'],
        ),
      );
  }
  for (const port of product.outputPorts) {
    const contract = single(model, port.contractId);
    if (contract === undefined) continue;
    const reason = outputProblem(contract, engine.serverType, engine.snapshotCatalogs);
    if (reason !== undefined)
      issues.push(
        issue(
          buildEngineCodes,
          'build-engine-output-unwritable',
          {
            port: port.name,
            engine: name,
            reason,
            serverType: engine.serverType,
            catalogs: engine.snapshotCatalogs.join(' or '),
          },
          ['outputPorts', port.index, 'contractId'],
        ),
      );
  }
  return place(issues);
}

function single(model: MeshModel, id: string | undefined): ContractEntry | undefined {
  const found = id === undefined ? undefined : model.contractsById.get(id);
  return found?.length === 1 ? found[0] : undefined;
}

function servers(contract: ContractEntry, type: string): Record<string, unknown>[] {
  return asList(asObject(contract.doc.source.data)?.servers).flatMap((raw) => {
    const server = asObject(raw);
    return server && server.type === type ? [server] : [];
  });
}

function text(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function inputProblem(contract: ContractEntry, serverType: string): string | undefined {
  if (contract.objects.size !== 1)
    return `its contract ${contract.doc.path} has ${contract.objects.size} schema objects (one is read)`;
  const found = servers(contract, serverType);
  if (found.length === 0) return `its contract ${contract.doc.path} has no ${serverType} server`;
  if (!found.some((s) => text(s.catalog) && text(s.schema)))
    return `the ${serverType} server of ${contract.doc.path} names no catalog and schema`;
  return undefined;
}

function outputProblem(
  contract: ContractEntry,
  serverType: string,
  catalogs: readonly string[],
): string | undefined {
  if (contract.objects.size !== 1)
    return `its contract ${contract.doc.path} has ${contract.objects.size} schema objects (a port builds one)`;
  const found = servers(contract, serverType);
  if (found.length === 0) return `its contract ${contract.doc.path} has no ${serverType} server`;
  const usable = found.some(
    (s) =>
      text(s.schema) && typeof s.catalog === 'string' && catalogs.includes(s.catalog.toLowerCase()),
  );
  if (!usable)
    return `no ${serverType} server of ${contract.doc.path} has a ${catalogs.join(' or ')} catalog and a schema`;
  return undefined;
}

/** `customProperties` `meshworkEngine` of a product document, if it names one (any text). */
export function productEngineName(data: unknown): string | undefined {
  for (const entry of asList(asObject(data)?.customProperties)) {
    const p = asObject(entry);
    if (p?.property === ENGINE_PROPERTY && typeof p.value === 'string') return p.value;
  }
  return undefined;
}

/**
 * Where a port of a product built in an engine is served: the first server of the engine's
 * type in the output contract (what the build writes to); undefined for a DuckDB build.
 */
export function engineOutputServer(
  productData: unknown,
  contractData: unknown,
): Record<string, unknown> | undefined {
  const name = productEngineName(productData);
  if (name === undefined || !Object.hasOwn(BUILD_ENGINES, name)) return undefined;
  const type = BUILD_ENGINES[name]!.serverType;
  for (const raw of asList(asObject(contractData)?.servers)) {
    const server = asObject(raw);
    if (server && server.type === type) return server;
  }
  return undefined;
}
