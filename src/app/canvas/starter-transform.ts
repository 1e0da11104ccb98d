import type { CanvasPlan } from './canvas-plan.ts';
import type { CanvasTexts } from './canvas-texts.ts';

/**
 * DuckDB's keywords that are not plainly unreserved (`duckdb_keywords()` of category
 * reserved, column_name and type_function): a column named so is quoted, as is any name
 * that is not plain snake case. Quoting one too many is harmless; one too few breaks the
 * transform (a column named `at` or `order`).
 */
const RESERVED = new Set([
  'all',
  'analyse',
  'analyze',
  'and',
  'anti',
  'any',
  'array',
  'as',
  'asc',
  'asof',
  'asymmetric',
  'at',
  'authorization',
  'between',
  'bigint',
  'binary',
  'bit',
  'boolean',
  'both',
  'by',
  'case',
  'cast',
  'char',
  'character',
  'check',
  'coalesce',
  'collate',
  'collation',
  'column',
  'columns',
  'concurrently',
  'constraint',
  'create',
  'cross',
  'dec',
  'decimal',
  'default',
  'deferrable',
  'desc',
  'describe',
  'distinct',
  'do',
  'else',
  'end',
  'except',
  'exists',
  'extract',
  'false',
  'fetch',
  'float',
  'for',
  'foreign',
  'freeze',
  'from',
  'full',
  'generated',
  'glob',
  'group',
  'grouping',
  'grouping_id',
  'having',
  'ilike',
  'in',
  'initially',
  'inner',
  'inout',
  'int',
  'integer',
  'intersect',
  'interval',
  'into',
  'is',
  'isnull',
  'join',
  'lambda',
  'lateral',
  'leading',
  'left',
  'like',
  'limit',
  'map',
  'national',
  'natural',
  'nchar',
  'none',
  'not',
  'notnull',
  'null',
  'nullif',
  'numeric',
  'offset',
  'on',
  'only',
  'or',
  'order',
  'out',
  'outer',
  'overlaps',
  'overlay',
  'pivot',
  'pivot_longer',
  'pivot_wider',
  'placing',
  'position',
  'positional',
  'precision',
  'primary',
  'qualify',
  'real',
  'references',
  'returning',
  'right',
  'row',
  'select',
  'semi',
  'setof',
  'show',
  'similar',
  'smallint',
  'some',
  'struct',
  'substring',
  'summarize',
  'symmetric',
  'table',
  'tablesample',
  'then',
  'time',
  'timestamp',
  'to',
  'trailing',
  'treat',
  'trim',
  'true',
  'try_cast',
  'union',
  'unique',
  'unpack',
  'unpivot',
  'using',
  'values',
  'varchar',
  'variadic',
  'verbose',
  'when',
  'where',
  'window',
  'with',
  'xmlattributes',
  'xmlconcat',
  'xmlelement',
  'xmlexists',
  'xmlforest',
  'xmlnamespaces',
  'xmlparse',
  'xmlpi',
  'xmlroot',
  'xmlserialize',
  'xmltable',
]);

/** A name as it stands in the transform: bare when plain snake case, else double-quoted. */
export function sqlName(name: string): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A `--` comment line of text someone typed: line breaks and control characters become
 * spaces, so an answer can never end the comment and become SQL.
 */
export function sqlComment(text: string): string {
  const flat = text
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `-- ${flat}`;
}

/** The port's query alone (what the build runs and the draft describes). */
export function portQuery(plan: CanvasPlan): string {
  const relation = (o: CanvasPlan['base']): string =>
    o.input.multiObject ? `${sqlName(o.input.port)}.${sqlName(o.name)}` : sqlName(o.input.port);
  const single = plan.joins.length === 0;
  const columns = plan.columns.map((c) => {
    const source = single ? sqlName(c.property) : `${c.object.alias}.${sqlName(c.property)}`;
    return c.output === c.property ? source : `${source} AS ${sqlName(c.output)}`;
  });
  const lines = [
    'SELECT',
    columns.map((c, i) => `  ${c}${i < columns.length - 1 ? ',' : ''}`).join('\n'),
  ];
  lines.push(`FROM ${relation(plan.base)}${single ? '' : ` ${plan.base.alias}`}`);
  for (const { object, edge } of plan.joins) {
    // LEFT: a row of the base without its match stays (with NULLs), so rows are never lost.
    lines.push(
      `LEFT JOIN ${relation(object)} ${object.alias} ON ${object.alias}.${sqlName(edge.toColumn)} = ${edge.from.alias}.${sqlName(edge.column)}`,
    );
  }
  return lines.join('\n');
}

/** transform.sql: a comment head in the canvas's language, one `-- port:` section. */
export function starterTransform(plan: CanvasPlan, name: string, texts: CanvasTexts): string {
  const inputs = plan.inputs.map((i) => `${i.port} (${i.contractId})`).join(', ');
  return [
    sqlComment(`${name}: ${texts.transformHead}`),
    sqlComment(`${texts.inputPorts}: ${inputs}.`),
    sqlComment(texts.transformEdit),
    '',
    `-- port: ${plan.outputPort}`,
    portQuery(plan),
    '',
  ].join('\n');
}
