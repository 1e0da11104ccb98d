import type { ScanColumnResult } from '../../../core/privacy/scan/model.ts';
import type { ColumnInfo, EngineConnection } from '../../../engines/engine.ts';
import { engineReason } from './engine-reason.ts';
import { rowsWithinBudget } from './scan-bounds.ts';
import type { ScanObject, OpenOptions } from './scan-sources.ts';
import { openScanSource } from './scan-sources.ts';
import type { ColumnClassifier, NotScanned, SampledObject, ScanReport } from './scan-report.ts';
import type { ScanTarget } from './scan-target.ts';

export interface ScanOptions extends OpenOptions {
  readonly target: ScanTarget;
  /** Rows sampled per object (`--sample`, checked by `sampleRowsOf`). */
  readonly rows: number;
  readonly classify: ColumnClassifier;
  /** Called before each object is read (the CLI shows progress on a terminal). */
  readonly onObject?: (object: string, index: number, count: number) => void;
}

/**
 * `meshwork scan`: samples each object of the target in its engine (one query per table,
 * values as text, bounded) and has the classifier judge every column. The sampled values
 * live only inside this function's loop: they go to the classifier and are dropped, never
 * returned, stored or logged. An object or column that cannot be read is reported in
 * `notScanned` with the reason, and the scan goes on with the next.
 */
export async function scanTarget(options: ScanOptions): Promise<ScanReport> {
  const source = await openScanSource(options.target, options);
  const columns: ScanColumnResult[] = [];
  const sampled: SampledObject[] = [];
  const notScanned: NotScanned[] = [...source.notScanned];
  const undeclared: { object: string; property: string }[] = [];
  try {
    for (const [index, object] of source.objects.entries()) {
      options.onObject?.(object.name, index, source.objects.length);
      const outcome = await scanObject(source.connection, object, options);
      columns.push(...outcome.columns);
      notScanned.push(...outcome.notScanned);
      undeclared.push(...outcome.undeclared.map((property) => ({ object: object.name, property })));
      if (outcome.sampled) sampled.push(outcome.sampled);
    }
  } finally {
    await source.connection.close();
  }
  return {
    target: source.target,
    server: source.server,
    columns,
    sampled,
    notScanned,
    ...(source.objects.some((o) => o.properties !== undefined) ? { undeclared } : {}),
  };
}

interface ObjectOutcome {
  readonly columns: readonly ScanColumnResult[];
  readonly sampled?: SampledObject;
  readonly notScanned: readonly NotScanned[];
  /** Columns of the data a contract does not declare (scanned too). */
  readonly undeclared: readonly string[];
}

interface ColumnToScan {
  readonly property: string;
  readonly column: string;
  readonly physicalType: string;
  readonly logicalType?: string;
}

async function scanObject(
  connection: EngineConnection,
  object: ScanObject,
  options: ScanOptions,
): Promise<ObjectOutcome> {
  const gap = (reason: string): NotScanned => ({ object: object.name, property: null, reason });
  let relation: string;
  let physical: readonly ColumnInfo[] | undefined;
  try {
    relation = await connection.relation(object.request);
    physical = await connection.columns(relation);
  } catch (error) {
    const reason = `cannot be read: ${engineReason(error)}`;
    return { columns: [], notScanned: [gap(reason)], undeclared: [] };
  }
  const { wanted, missing, undeclared } = columnsToScan(object, physical);
  if (wanted.length === 0) {
    const notScanned = [...missing, gap('it has no columns to scan')];
    return { columns: [], notScanned, undeclared: [] };
  }
  const rows = rowsWithinBudget(options.rows, wanted.length);
  let sample;
  try {
    sample = await connection.sample({ relation, columns: wanted.map((c) => c.column), rows });
  } catch (error) {
    const reason = `cannot be sampled: ${engineReason(error)}`;
    return { columns: [], notScanned: [...missing, gap(reason)], undeclared: [] };
  }
  const method =
    rows < options.rows
      ? `${sample.method}; fewer rows than asked, as the table has ${wanted.length} columns`
      : sample.method;
  const columns = wanted.map((column, i) =>
    options.classify({
      object: object.name,
      property: column.property,
      physicalType: column.physicalType,
      ...(column.logicalType === undefined ? {} : { logicalType: column.logicalType }),
      values: sample.values[i] ?? [],
    }),
  );
  return {
    columns,
    sampled: { object: object.name, rows: sample.rows, method },
    notScanned: missing,
    undeclared,
  };
}

/**
 * The columns of the object to sample: a contract's declared properties that the data has
 * (by physical name; a declared column the data lacks is not scanned, and said), then the
 * data's columns the contract does not declare — personal data a contract forgot is what a
 * scan is for; or every column of the data where no contract declares them.
 */
function columnsToScan(
  object: ScanObject,
  physical: readonly ColumnInfo[] | undefined,
): { wanted: ColumnToScan[]; missing: NotScanned[]; undeclared: string[] } {
  const present = (physical ?? []).filter((c) => c.absent !== true);
  const asData = (c: ColumnInfo): ColumnToScan => ({
    property: c.name,
    column: c.name,
    physicalType: c.type,
  });
  if (object.properties === undefined)
    return { wanted: present.map(asData), missing: [], undeclared: [] };
  const wanted: ColumnToScan[] = [];
  const missing: NotScanned[] = [];
  for (const property of object.properties) {
    const found =
      physical === undefined
        ? { name: property.column, type: 'unknown' }
        : (present.find((c) => c.name === property.column) ??
          present.find((c) => c.name.toLowerCase() === property.column.toLowerCase()));
    if (found === undefined) {
      missing.push({
        object: object.name,
        property: property.name,
        reason: `the data has no column ${property.column}`,
      });
      continue;
    }
    wanted.push({
      property: property.name,
      column: found.name,
      physicalType: found.type,
      ...(property.logicalType === undefined ? {} : { logicalType: property.logicalType }),
    });
  }
  const declared = new Set(wanted.map((c) => c.column));
  const extra = present.filter((c) => !declared.has(c.name));
  return {
    wanted: [...wanted, ...extra.map(asData)],
    missing,
    undeclared: extra.map((c) => c.name),
  };
}
