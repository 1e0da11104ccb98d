import type { ContractDocument } from './source-contract.ts';

type Rec = Record<string, unknown>;

/**
 * What the source's catalog decides on a property when a contract is imported again: the
 * types and the constraints the database enforces. Everything else of an existing
 * property — description, businessName, classification, tags, quality, examples,
 * customProperties, and logicalTypeOptions the catalog does not set (a pattern) — was
 * written by someone and is kept (docs/import.md, "Importing again").
 */
const CATALOG_PROPERTY_KEYS = [
  'logicalType',
  'physicalType',
  'physicalName',
  'required',
  'unique',
  'primaryKey',
  'primaryKeyPosition',
] as const;

/** The import's own custom property, replaced on every import. */
const IMPORTED_FROM = 'meshworkImportedFrom';

/**
 * The contract an import writes over an existing one: the existing document with the
 * catalog's facts of the imported one laid over it, never the other way round.
 *
 * - Top level: everything of the existing contract stays (id, name, version, status,
 *   domain, team, tags, SLA, …); the import's server entry replaces the keys of the
 *   existing entry of the same name (an added `description` or `environment` stays),
 *   other servers stay; `meshworkImportedFrom` is updated, other custom properties stay.
 * - The table's schema object (matched by physicalName, else name): its hand-written keys
 *   stay, `physicalType` follows the source, and its properties are the source's columns
 *   in the source's order — a column the source no longer has is dropped (the drift shows
 *   it as breaking), a new one is added as imported.
 * - A property (matched by physicalName, else name): CATALOG_PROPERTY_KEYS follow the
 *   source (a constraint the database stopped enforcing is dropped: keep such a promise
 *   as a quality rule), the catalog's `logicalTypeOptions` keys replace those keys only,
 *   the source's foreign keys replace relationships of type foreignKey with the same
 *   target, and a description is taken from the source only where there is none.
 * - Objects of the existing contract that are not the table stay as they are.
 */
export function mergeContract(
  existing: ContractDocument,
  imported: ContractDocument,
): ContractDocument {
  const merged: Rec = { ...existing };
  const importedDescription = recordOf(imported.description);
  const existingDescription = recordOf(existing.description);
  if (existingDescription?.purpose === undefined && importedDescription !== undefined)
    merged.description = { ...importedDescription, ...existingDescription };
  merged.servers = mergeServers(existing.servers, imported.servers);
  if (merged.servers === undefined) delete merged.servers;
  merged.customProperties = mergeCustomProperties(
    existing.customProperties,
    imported.customProperties,
  );
  const importedObject = recordsOf(imported.schema)[0];
  if (importedObject !== undefined) {
    const objects = recordsOf(existing.schema);
    const index = objects.findIndex((o) => sameName(o, importedObject));
    merged.schema =
      index < 0
        ? [...objects, importedObject]
        : objects.map((o, i) => (i === index ? mergeObject(o, importedObject) : o));
  }
  return merged;
}

function mergeObject(existing: Rec, imported: Rec): Rec {
  const merged: Rec = { ...existing, physicalType: imported.physicalType };
  if (existing.description === undefined && imported.description !== undefined)
    merged.description = imported.description;
  const old = recordsOf(existing.properties);
  merged.properties = recordsOf(imported.properties).map((property) => {
    const match = old.find((p) => sameName(p, property));
    return match === undefined ? property : mergeProperty(match, property);
  });
  const relationships = mergeRelationships(existing.relationships, imported.relationships, true);
  if (relationships.length > 0) merged.relationships = relationships;
  else delete merged.relationships;
  if (imported.quality !== undefined)
    merged.quality = mergeQuality(existing.quality, imported.quality);
  return merged;
}

function mergeProperty(existing: Rec, imported: Rec): Rec {
  const merged: Rec = { ...existing };
  for (const key of CATALOG_PROPERTY_KEYS) {
    if (imported[key] === undefined) delete merged[key];
    else merged[key] = imported[key];
  }
  if (existing.description === undefined && imported.description !== undefined)
    merged.description = imported.description;
  const options = {
    ...recordOf(existing.logicalTypeOptions),
    ...recordOf(imported.logicalTypeOptions),
  };
  if (existing.logicalType !== imported.logicalType) {
    // Options belong to a logical type: a retyped column keeps only the catalog's.
    const fresh = recordOf(imported.logicalTypeOptions);
    if (fresh === undefined) delete merged.logicalTypeOptions;
    else merged.logicalTypeOptions = fresh;
  } else if (Object.keys(options).length > 0) merged.logicalTypeOptions = options;
  const relationships = mergeRelationships(existing.relationships, imported.relationships, false);
  if (relationships.length > 0) merged.relationships = relationships;
  else delete merged.relationships;
  return merged;
}

/**
 * Relationships of the source replace the foreign keys the last import wrote (same `to`);
 * a relationship someone wrote to a target the source does not name stays.
 */
function mergeRelationships(existing: unknown, imported: unknown, objectLevel: boolean): Rec[] {
  const fresh = recordsOf(imported);
  const key = (r: Rec): string => JSON.stringify([objectLevel ? r.from : null, r.to]);
  const keys = new Set(fresh.map(key));
  return [...recordsOf(existing).filter((r) => !keys.has(key(r))), ...fresh];
}

/** The source's unique keys (quality rules) added where the existing contract lacks them. */
function mergeQuality(existing: unknown, imported: unknown): Rec[] {
  const old = recordsOf(existing);
  const seen = new Set(old.map((q) => JSON.stringify([q.metric, q.arguments])));
  return [
    ...old,
    ...recordsOf(imported).filter((q) => !seen.has(JSON.stringify([q.metric, q.arguments]))),
  ];
}

function mergeServers(existing: unknown, imported: unknown): Rec[] | undefined {
  const old = recordsOf(existing);
  const fresh = recordsOf(imported);
  if (old.length === 0 && fresh.length === 0) return undefined;
  const merged = old.map((server) => {
    const match = fresh.find((s) => s.server === server.server);
    return match === undefined ? server : { ...server, ...match };
  });
  for (const server of fresh) if (!old.some((s) => s.server === server.server)) merged.push(server);
  return merged;
}

function mergeCustomProperties(existing: unknown, imported: unknown): Rec[] {
  const fresh = recordsOf(imported).find((p) => p.property === IMPORTED_FROM);
  const old = recordsOf(existing);
  if (fresh === undefined) return old;
  // In its old place, so that the entry's position is no change of its own.
  return old.some((p) => p.property === IMPORTED_FROM)
    ? old.map((p) => (p.property === IMPORTED_FROM ? fresh : p))
    : [...old, fresh];
}

function sameName(a: Rec, b: Rec): boolean {
  const nameOf = (r: Rec): unknown => r.physicalName ?? r.name;
  return nameOf(a) === nameOf(b);
}

function recordOf(value: unknown): Rec | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Rec)
    : undefined;
}

function recordsOf(value: unknown): Rec[] {
  return Array.isArray(value) ? value.filter((v): v is Rec => recordOf(v) !== undefined) : [];
}
