import type { OdcsContract } from '../standards/odcs/index.ts';
import type { ExportInput, ExportNote } from './export-model.ts';
import type { ExportTable } from './tables.ts';
import { exportTables } from './tables.ts';

/**
 * What the documentation formats (Markdown, HTML) show of a contract, gathered once so
 * both say the same: plain text, escaped by each renderer for its own syntax.
 */
export interface ContractOutline {
  readonly title: string;
  readonly facts: readonly (readonly [string, string])[];
  readonly texts: readonly (readonly [string, string])[];
  readonly tables: readonly TableOutline[];
  readonly sla: readonly string[];
  readonly servers: readonly string[];
}

export interface TableOutline {
  readonly name: string;
  readonly description?: string;
  readonly rows: readonly ColumnRow[];
}

export interface ColumnRow {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly keys: string;
  readonly classification: string;
  readonly description: string;
}

export const COLUMN_HEADINGS = [
  'Column',
  'Type',
  'Required',
  'Keys',
  'Classification',
  'Description',
] as const;

/** A column's cells, in the order of COLUMN_HEADINGS (HTML and Markdown write the same table). */
export function columnCells(row: ColumnRow): readonly string[] {
  return [
    row.name,
    row.type,
    row.required ? 'yes' : 'no',
    row.keys,
    row.classification,
    row.description,
  ];
}

export function contractOutlines(input: ExportInput): {
  outlines: ContractOutline[];
  notes: readonly ExportNote[];
} {
  const { tables, notes } = exportTables(input);
  const outlines = input.contracts.map((entry) =>
    outlineOf(
      entry.contract,
      tables.filter((t) => t.entry === entry),
    ),
  );
  return { outlines, notes };
}

function outlineOf(contract: OdcsContract, tables: readonly ExportTable[]): ContractOutline {
  const facts: [string, string][] = [
    ['ID', contract.id],
    ['Version', contract.version],
  ];
  if (contract.status !== undefined) facts.push(['Status', contract.status]);
  if (contract.domain !== undefined) facts.push(['Domain', contract.domain]);
  const team = contract.team as { readonly name?: unknown } | undefined;
  if (typeof team?.name === 'string') facts.push(['Team', team.name]);
  if (contract.tags !== undefined && contract.tags.length > 0)
    facts.push(['Tags', contract.tags.join(', ')]);
  const texts: [string, string][] = [];
  const description = contract.description;
  if (description?.purpose !== undefined) texts.push(['Purpose', description.purpose]);
  if (description?.usage !== undefined) texts.push(['Usage', description.usage]);
  if (description?.limitations !== undefined) texts.push(['Limitations', description.limitations]);
  return {
    title: contract.name ?? contract.id,
    facts,
    texts,
    tables: tables.map(tableOutline),
    sla: (contract.slaProperties ?? []).map(
      (p) => `${p.property}: ${JSON.stringify(p.value)}${p.unit !== undefined ? ` ${p.unit}` : ''}`,
    ),
    servers: (contract.servers ?? []).map((s) =>
      serverLine(s as unknown as Readonly<Record<string, unknown>>),
    ),
  };
}

function tableOutline(table: ExportTable): TableOutline {
  const rows = table.columns.map((column): ColumnRow => {
    const p = column.property;
    const keys: string[] = [];
    const position = table.primaryKey.indexOf(column.name);
    if (position >= 0) keys.push(table.primaryKey.length > 1 ? `PK ${position + 1}` : 'PK');
    for (const key of table.uniqueKeys) {
      if (key.includes(column.name))
        keys.push(key.length > 1 ? `unique (${key.join(', ')})` : 'unique');
    }
    for (const fk of table.foreignKeys) {
      if (!fk.columns.includes(column.name)) continue;
      const i = fk.columns.indexOf(column.name);
      keys.push(
        fk.target
          ? `FK → ${fk.target.table}.${fk.target.columns[i] ?? '?'}`
          : `FK → ${fk.reference} (not found)`,
      );
    }
    const type = [p.logicalType ?? '', p.physicalType !== undefined ? `(${p.physicalType})` : '']
      .filter((t) => t !== '')
      .join(' ');
    return {
      name: column.name,
      type,
      required: column.required,
      keys: keys.join('; '),
      classification: p.classification ?? '',
      description: p.description ?? '',
    };
  });
  return {
    name: table.name,
    ...(table.object.description !== undefined ? { description: table.object.description } : {}),
    rows,
  };
}

/** Where a server is, without anything that could be a secret (contracts hold none, but URLs may). */
function serverLine(server: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const key of ['type', 'host', 'port', 'database', 'schema', 'format', 'path', 'location']) {
    const value = server[key];
    if (typeof value === 'string' || typeof value === 'number') {
      parts.push(`${key} ${String(value).replace(/\/\/[^/@\s]*@/g, '//')}`);
    }
  }
  const name = typeof server.server === 'string' ? server.server : '?';
  return `${name}: ${parts.join(', ')}`;
}
