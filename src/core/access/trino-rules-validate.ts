import { ALL_TABLE_PRIVILEGES, exactPattern } from './trino-rules.ts';
import type { TrinoRulesProblem } from './trino-rules.ts';

/**
 * Trino's rule format checked before a rule set leaves Meshwork: an invalid rules file
 * makes every query fail, the service user's included, and Trino keeps no last good one
 * (notes/trino.md). So the document must have only the sections and keys Trino 476 knows,
 * regexes that compile, privileges it knows, and as its first rules the service user's
 * full access — a rule set that would lock Meshwork out is refused as well.
 */

const SECTIONS: Readonly<Record<string, readonly string[]>> = {
  catalogs: ['user', 'role', 'group', 'catalog', 'allow'],
  schemas: ['user', 'role', 'group', 'catalog', 'schema', 'owner'],
  tables: [
    'user',
    'role',
    'group',
    'catalog',
    'schema',
    'table',
    'privileges',
    'columns',
    'filter',
    'filter_environment',
  ],
  functions: ['user', 'role', 'group', 'catalog', 'schema', 'function', 'privileges'],
  procedures: ['user', 'role', 'group', 'catalog', 'schema', 'procedure', 'privileges'],
  queries: ['user', 'role', 'group', 'queryOwner', 'allow'],
  impersonation: ['original_user', 'original_role', 'new_user', 'allow'],
};
const PATTERN_KEYS = new Set([
  'user',
  'role',
  'group',
  'catalog',
  'schema',
  'table',
  'function',
  'procedure',
  'queryOwner',
  'original_user',
  'original_role',
  'new_user',
]);
const COLUMN_KEYS = new Set(['name', 'allow', 'mask', 'mask_environment']);
const FUNCTION_PRIVILEGES = new Set(['EXECUTE', 'GRANT_EXECUTE', 'OWNERSHIP']);
const PROCEDURE_PRIVILEGES = new Set(['EXECUTE', 'GRANT_EXECUTE']);
const QUERY_ACCESS = new Set(['execute', 'kill', 'view']);
const CATALOG_ACCESS = new Set(['all', 'read-only', 'none']);
const MAX_EXPRESSION_CHARS = 20_000;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems of a rules document; empty when Trino 476 would load it and Meshwork keeps its rights. */
export function validateTrinoRules(document: unknown, serviceUser: string): TrinoRulesProblem[] {
  const problems: TrinoRulesProblem[] = [];
  const add = (path: string, message: string) =>
    problems.push({ code: 'trino-rules/structure', message: `${path}: ${message}` });
  if (!isObject(document)) {
    add('$', 'the rules document must be an object');
    return problems;
  }
  for (const [section, value] of Object.entries(document)) {
    const keys = SECTIONS[section];
    if (keys === undefined) {
      add(section, 'not a section Trino knows');
      continue;
    }
    if (!Array.isArray(value)) {
      add(section, 'must be a list of rules');
      continue;
    }
    value.forEach((rule: unknown, index) =>
      checkRule(section, keys, rule, `${section}[${index}]`, add),
    );
  }
  checkServiceFirst(document, serviceUser, add);
  return problems;
}

function checkRule(
  section: string,
  keys: readonly string[],
  rule: unknown,
  path: string,
  add: (path: string, message: string) => void,
): void {
  if (!isObject(rule)) {
    add(path, 'a rule must be an object');
    return;
  }
  for (const [name, value] of Object.entries(rule)) {
    if (!keys.includes(name)) {
      add(`${path}.${name}`, 'not a key of this section');
      continue;
    }
    if (PATTERN_KEYS.has(name)) checkPattern(value, `${path}.${name}`, add);
  }
  switch (section) {
    case 'catalogs':
      if (!CATALOG_ACCESS.has(String(rule.allow)) && typeof rule.allow !== 'boolean')
        add(`${path}.allow`, 'must be all, read-only, none (or a boolean)');
      break;
    case 'schemas':
      if (typeof rule.owner !== 'boolean') add(`${path}.owner`, 'must be a boolean');
      break;
    case 'tables':
      checkList(rule.privileges, new Set(ALL_TABLE_PRIVILEGES), `${path}.privileges`, add);
      if (rule.filter !== undefined) checkExpression(rule.filter, `${path}.filter`, add);
      if (rule.columns !== undefined) checkColumns(rule.columns, `${path}.columns`, add);
      break;
    case 'functions':
      checkList(rule.privileges, FUNCTION_PRIVILEGES, `${path}.privileges`, add);
      break;
    case 'procedures':
      checkList(rule.privileges, PROCEDURE_PRIVILEGES, `${path}.privileges`, add);
      break;
    case 'queries':
      checkList(rule.allow, QUERY_ACCESS, `${path}.allow`, add);
      break;
    case 'impersonation':
      if (rule.allow !== undefined && typeof rule.allow !== 'boolean')
        add(`${path}.allow`, 'must be a boolean');
      if (typeof rule.new_user !== 'string') add(`${path}.new_user`, 'is required');
      break;
  }
}

function checkColumns(
  columns: unknown,
  path: string,
  add: (path: string, message: string) => void,
): void {
  if (!Array.isArray(columns)) {
    add(path, 'must be a list');
    return;
  }
  const seen = new Set<string>();
  columns.forEach((column: unknown, index) => {
    const at = `${path}[${index}]`;
    if (!isObject(column) || typeof column.name !== 'string' || column.name === '') {
      add(at, 'a column needs a name');
      return;
    }
    for (const name of Object.keys(column))
      if (!COLUMN_KEYS.has(name)) add(`${at}.${name}`, 'not a key of a column');
    if (seen.has(column.name)) add(at, `the column "${column.name}" is named twice`);
    seen.add(column.name);
    if (column.allow !== undefined && typeof column.allow !== 'boolean')
      add(`${at}.allow`, 'must be a boolean');
    if (column.mask !== undefined) checkExpression(column.mask, `${at}.mask`, add);
    if (column.allow === false && column.mask !== undefined) add(at, 'a denied column has no mask');
  });
}

function checkList(
  value: unknown,
  known: ReadonlySet<string>,
  path: string,
  add: (path: string, message: string) => void,
): void {
  if (!Array.isArray(value)) {
    add(path, 'must be a list');
    return;
  }
  for (const item of value)
    if (!known.has(String(item))) add(path, `unknown value ${JSON.stringify(item)}`);
}

function checkPattern(
  value: unknown,
  path: string,
  add: (path: string, message: string) => void,
): void {
  if (typeof value !== 'string') {
    add(path, 'must be a regex as text');
    return;
  }
  try {
    // JavaScript's regex grammar is close to Java's for the escapes exactPattern writes.
    new RegExp(value);
  } catch {
    add(path, 'is not a valid regex');
  }
}

function checkExpression(
  value: unknown,
  path: string,
  add: (path: string, message: string) => void,
): void {
  if (typeof value !== 'string' || value.trim() === '') add(path, 'must be an SQL expression');
  else if (value.length > MAX_EXPRESSION_CHARS) add(path, 'is too long');
  else if (value.includes(';')) add(path, 'must not hold a statement separator');
}

/** The service user must be the first rule of catalogs, schemas and tables, with every right. */
function checkServiceFirst(
  document: Record<string, unknown>,
  serviceUser: string,
  add: (path: string, message: string) => void,
): void {
  const service = exactPattern(serviceUser);
  const first = (section: string): Record<string, unknown> | undefined => {
    const list = document[section];
    return Array.isArray(list) && isObject(list[0]) ? list[0] : undefined;
  };
  const only = (rule: Record<string, unknown> | undefined, extra: string[]) =>
    rule !== undefined &&
    rule.user === service &&
    Object.keys(rule).every((k) => ['user', ...extra].includes(k));
  const catalog = first('catalogs');
  if (!only(catalog, ['allow']) || catalog?.allow !== 'all')
    add('catalogs[0]', `must give the service user ${serviceUser} every catalog`);
  const schema = first('schemas');
  if (!only(schema, ['owner']) || schema?.owner !== true)
    add('schemas[0]', `must make the service user ${serviceUser} owner of every schema`);
  const table = first('tables');
  const privileges = Array.isArray(table?.privileges) ? table.privileges : [];
  if (!only(table, ['privileges']) || !ALL_TABLE_PRIVILEGES.every((p) => privileges.includes(p)))
    add('tables[0]', `must give the service user ${serviceUser} every table privilege`);
}
