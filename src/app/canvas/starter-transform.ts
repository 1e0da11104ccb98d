import type { CanvasPlan } from './canvas-plan.ts';
import type { CanvasTexts } from './canvas-texts.ts';

/**
 * Words DuckDB reserves (its `duckdb_keywords()` of category `reserved`, the common ones):
 * a column named so must be quoted. Any name that is not plain snake case is quoted too.
 */
const RESERVED = new Set([
  'all',
  'analyse',
  'analyze',
  'and',
  'any',
  'array',
  'as',
  'asc',
  'asymmetric',
  'both',
  'case',
  'cast',
  'check',
  'collate',
  'column',
  'constraint',
  'create',
  'default',
  'deferrable',
  'desc',
  'describe',
  'distinct',
  'do',
  'else',
  'end',
  'except',
  'false',
  'fetch',
  'for',
  'foreign',
  'from',
  'grant',
  'group',
  'having',
  'in',
  'initially',
  'intersect',
  'into',
  'lateral',
  'leading',
  'limit',
  'not',
  'null',
  'offset',
  'on',
  'only',
  'or',
  'order',
  'pivot',
  'pivot_longer',
  'pivot_wider',
  'placing',
  'primary',
  'qualify',
  'references',
  'returning',
  'select',
  'show',
  'some',
  'summarize',
  'symmetric',
  'table',
  'then',
  'to',
  'trailing',
  'true',
  'union',
  'unique',
  'unpivot',
  'using',
  'variadic',
  'when',
  'where',
  'window',
  'with',
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
