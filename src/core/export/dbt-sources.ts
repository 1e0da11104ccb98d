import { stringify } from 'yaml';
import type { ExportInput, ExportNote } from './export-model.ts';
import { allowedValues } from './allowed-values.ts';
import { oneLine } from './comment-text.ts';
import { serverField, sourceNameOf } from './source-names.ts';
import type { ExportTable } from './tables.ts';
import { exportTables } from './tables.ts';

type Yaml = Record<string, unknown>;

/**
 * A dbt `sources.yml` (properties file, `version: 2`): one source per system (the contracts
 * of one system — one per table, as `meshwork import` writes them — become one source), a
 * table per schema object, its columns with `data_type` and descriptions, and the data tests
 * the contract implies: `not_null` (required), `unique`, `accepted_values` (enum),
 * `relationships` (a single-column foreign key). dbt's own tests cover one column; a
 * composite primary or unique key becomes `dbt_utils.unique_combination_of_columns` (the
 * dbt-utils package), a composite foreign key cannot be said and is reported.
 */
export function renderDbtSources(input: ExportInput): { text: string; notes: ExportNote[] } {
  const { tables, notes: found } = exportTables(input);
  const notes = [...found];
  const sources = new Map<string, Yaml & { tables: Yaml[] }>();
  for (const table of tables) {
    const contract = table.entry.contract;
    const name = sourceNameOf(contract);
    let source = sources.get(name);
    if (!source) {
      const database = serverField(contract, 'database');
      const schema = serverField(contract, 'schema');
      source = {
        name,
        ...(database !== undefined ? { database: String(database) } : {}),
        ...(schema !== undefined ? { schema: String(schema) } : {}),
        tables: [],
      };
      sources.set(name, source);
    }
    source.tables.push(tableYaml(table, notes));
  }
  const header = () => [
    `# dbt sources written by meshwork export from ${oneLine(input.contracts.map((c) => c.contract.id).join(', '))}.`,
    ...notes.map((n) => `# note: ${oneLine(n.message)}`),
  ];
  const changed: string[] = [];
  const tree = neutralised({ version: 2, sources: [...sources.values()] }, '', changed);
  for (const where of changed) {
    notes.push({
      code: 'name-changed',
      message: `${where}: "{{", "{%" or "{#" broken up with a space, so dbt does not run the contract's text as Jinja.`,
    });
  }
  const body = stringify(tree, { lineWidth: 0 });
  return { text: `${header().join('\n')}\n${body}`, notes };
}

function tableYaml(table: ExportTable, notes: ExportNote[]): Yaml {
  const object = table.object;
  const tests: Yaml[] = [];
  for (const key of [table.primaryKey, ...table.uniqueKeys]) {
    if (key.length > 1) {
      tests.push({
        'dbt_utils.unique_combination_of_columns': { combination_of_columns: [...key] },
      });
    }
  }
  const columns = table.columns.map((column) => {
    const p = column.property;
    const columnTests: unknown[] = [];
    if (column.required) columnTests.push('not_null');
    const single = (key: readonly string[]) => key.length === 1 && key[0] === column.name;
    if (single(table.primaryKey) || table.uniqueKeys.some(single)) columnTests.push('unique');
    const allowed = allowedValues(p);
    if (allowed !== undefined) columnTests.push({ accepted_values: { values: [...allowed] } });
    for (const key of table.foreignKeys) {
      if (!key.columns.includes(column.name) || key.target === undefined) continue;
      if (key.columns.length > 1) continue;
      const target = key.target;
      columnTests.push({
        relationships: {
          to: `source(${jinjaString(sourceNameOf(target.entry.contract))}, ${jinjaString(target.object.name)})`,
          field: target.columns[0],
        },
      });
    }
    return {
      name: column.name,
      ...(p.description !== undefined ? { description: p.description } : {}),
      ...(p.physicalType !== undefined ? { data_type: p.physicalType } : {}),
      ...(columnTests.length > 0 ? { data_tests: columnTests } : {}),
    };
  });
  for (const key of table.foreignKeys) {
    if (key.columns.length > 1 && key.target) {
      notes.push({
        code: 'not-expressible',
        message: `${table.name}: the composite foreign key (${key.columns.join(', ')}) → ${key.target.table} has no dbt test; left out.`,
      });
    }
  }
  return {
    name: object.name,
    ...(table.name !== object.name ? { identifier: table.name } : {}),
    ...(object.description !== undefined ? { description: object.description } : {}),
    ...(tests.length > 0 ? { data_tests: tests } : {}),
    columns,
  };
}

/**
 * dbt renders every string of a properties file with Jinja — names, identifier, database,
 * schema, data_type, the values of accepted_values, a relationship's field — so `inert()`
 * goes over the whole tree, keys included; each string it changed is listed in `changed`.
 */
function neutralised(value: unknown, where: string, changed: string[]): unknown {
  if (typeof value === 'string') {
    const safe = inert(value);
    if (safe !== value) changed.push(where);
    return safe;
  }
  if (Array.isArray(value)) {
    return value.map((v, i) => {
      const name = (v as { readonly name?: unknown } | null)?.name;
      return neutralised(v, `${where}[${typeof name === 'string' ? inert(name) : i}]`, changed);
    });
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const safeKey = inert(key);
      if (safeKey !== key) changed.push(`${where} (a key)`);
      out[safeKey] = neutralised(v, where === '' ? key : `${where}.${key}`, changed);
    }
    return out;
  }
  return value;
}

/** A Jinja string literal: dbt evaluates `to:` as Jinja, so a name cannot end the string. */
function jinjaString(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/**
 * dbt renders Jinja in descriptions when it parses the project: a contract's text must not
 * open a Jinja block there, so `{{`, `{%` and `{#` get a space between their characters.
 */
export function inert(text: string): string {
  return text.replace(/\{(?=[{%#])/g, '{ ');
}
