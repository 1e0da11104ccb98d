/**
 * Grants as Trino's file-based access control (issue 14): the rules document
 * (`security.config-file`) and the group file (`file.group-file`) made from the active
 * grants, pure so every rule is tested without a Trino. app/access/trino-rules-publisher.ts
 * resolves the inputs (ports' trino servers, the tables' columns, team members), checks
 * the result against the real Trino and publishes it.
 *
 * The shape: the service user first with every right (Meshwork itself builds and reads
 * through it), then per consumer team one table rule per granted table (SELECT only),
 * its other columns denied, pseudonymised columns masked as NULL of their type,
 * the grant's row filter as `filter`; anything no rule names is denied (Trino's default
 * for a rules file with sections). Every name in a rule is a regex to Trino (matched as
 * a whole): names are escaped and anchored, so a table `a.b` or `x|.*` means itself only.
 */

/** One problem that keeps a rule set from being published, as data. */
export interface TrinoRulesProblem {
  readonly code: string;
  readonly message: string;
  /** The grant it concerns, when one does. */
  readonly grantId?: string;
  /** The grants it concerns, when several share the rule (a mask or filter of merged grants). */
  readonly grantIds?: readonly string[];
}

/** A column of a granted table as the rules see it. */
export interface TrinoGrantColumn {
  /** The physical column name in Trino. */
  readonly name: string;
  /** Served as a keyed hash (personal or confidential, unless the purpose allows clear). */
  readonly masked: boolean;
}

/** A column of the table as Trino describes it (`information_schema.columns`). */
export interface TrinoTableColumn {
  readonly name: string;
  /** Trino's type, e.g. `varchar(20)`, `bigint`. */
  readonly type: string;
}

/** One active grant resolved onto one Trino table. */
export interface TrinoGrantTarget {
  readonly grantId: string;
  readonly domain: string;
  readonly team: string;
  readonly catalog: string;
  readonly schema: string;
  readonly table: string;
  /**
   * Every column the table has in Trino (from its description): the ones not granted are
   * denied by name, because Trino allows a column no rule names.
   */
  readonly tableColumns: readonly TrinoTableColumn[];
  readonly granted: readonly TrinoGrantColumn[];
  /** Only rows whose column holds one of the values; null: every row. */
  readonly rowFilter: {
    readonly column: string;
    readonly logicalType: string | null;
    readonly values: readonly (string | number | boolean)[];
  } | null;
}

export interface TrinoTeamMembers {
  readonly domain: string;
  readonly team: string;
  /** Trino users of the team's members (`access.trino.user` applied). */
  readonly users: readonly string[];
}

export interface TrinoRulesInput {
  readonly serviceUser: string;
  readonly targets: readonly TrinoGrantTarget[];
  readonly teams: readonly TrinoTeamMembers[];
}

export interface TrinoColumnRule {
  readonly name: string;
  readonly allow?: boolean;
  readonly mask?: string;
}

export interface TrinoCatalogRule {
  readonly user?: string;
  readonly group?: string;
  readonly catalog?: string;
  readonly allow: 'all' | 'read-only' | 'none';
}

export interface TrinoSchemaRule {
  readonly user?: string;
  readonly group?: string;
  readonly catalog?: string;
  readonly schema?: string;
  readonly owner: boolean;
}

export interface TrinoTableRule {
  readonly user?: string;
  readonly group?: string;
  readonly catalog?: string;
  readonly schema?: string;
  readonly table?: string;
  readonly privileges: readonly string[];
  readonly columns?: readonly TrinoColumnRule[];
  readonly filter?: string;
}

export interface TrinoRulesDocument {
  readonly catalogs: readonly TrinoCatalogRule[];
  readonly schemas: readonly TrinoSchemaRule[];
  readonly tables: readonly TrinoTableRule[];
  readonly functions: readonly Readonly<Record<string, unknown>>[];
  readonly procedures: readonly Readonly<Record<string, unknown>>[];
  readonly queries: readonly Readonly<Record<string, unknown>>[];
  readonly impersonation: readonly Readonly<Record<string, unknown>>[];
}

export interface TrinoRuleSet {
  readonly rules: TrinoRulesDocument;
  /** The group file: `group:user1,user2` per line. */
  readonly groups: string;
  /** The masks and filters to check on their tables (validation EXPLAINs each). */
  readonly expressions: readonly TrinoRuleExpression[];
  readonly problems: readonly TrinoRulesProblem[];
}

export interface TrinoRuleExpression {
  readonly grantIds: readonly string[];
  readonly catalog: string;
  readonly schema: string;
  readonly table: string;
  readonly kind: 'mask' | 'filter';
  /** The masked column (kind mask). */
  readonly column?: string;
  readonly expression: string;
}

export const ALL_TABLE_PRIVILEGES = [
  'SELECT',
  'INSERT',
  'DELETE',
  'UPDATE',
  'OWNERSHIP',
  'GRANT_SELECT',
] as const;

/** A name as a Java regex that matches exactly it: ASCII punctuation escaped, anchored. */
export function exactPattern(name: string): string {
  return `^${name.replace(/[\\^$.|?*+()[\]{}\-#&~<>=!,:'"/@%`;\s]/g, (c) => `\\${c}`)}$`;
}

/** A quoted Trino identifier. */
export function quoteTrinoIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The group of a team: `mw_<domain>__<team>`, every character outside [a-z0-9-] written
 * as `_<hex>_` — injective (`__`, an empty code, only ever separates), so two teams never
 * share a group, and safe in the group file's `group:user,…` lines.
 */
export function teamGroup(domain: string, team: string): string {
  const encode = (text: string) =>
    [...text]
      .map((c) => (/^[a-z0-9-]$/.test(c) ? c : `_${c.codePointAt(0)!.toString(16)}_`))
      .join('');
  return `mw_${encode(domain)}__${encode(team)}`;
}

/** A Trino user a group file line can hold: no separators, no control characters, bounded. */
export function isSafeTrinoUser(user: string): boolean {
  return user.length > 0 && user.length <= 128 && /^[A-Za-z0-9._@+-]+$/.test(user);
}

/** A row filter value as a Trino literal of the column's logical type; a problem text else. */
export function trinoLiteral(
  value: string | number | boolean,
  logicalType: string | null,
): { readonly literal: string } | { readonly problem: string } {
  const type = (logicalType ?? 'string').toLowerCase();
  switch (type) {
    case 'string':
      return typeof value === 'string'
        ? { literal: `'${value.replaceAll("'", "''")}'` }
        : { problem: `${JSON.stringify(value)} is not a string` };
    case 'integer':
    case 'long': {
      const text = typeof value === 'number' ? String(value) : String(value).trim();
      return typeof value !== 'boolean' && /^-?\d{1,19}$/.test(text)
        ? { literal: text }
        : { problem: `${JSON.stringify(value)} is not an integer` };
    }
    case 'number': {
      const text = typeof value === 'number' ? String(value) : String(value).trim();
      return typeof value !== 'boolean' &&
        /^-?\d{1,30}(\.\d{1,30})?$/.test(text) &&
        Number.isFinite(Number(text))
        ? { literal: `DOUBLE '${text}'` }
        : { problem: `${JSON.stringify(value)} is not a number` };
    }
    case 'boolean':
      if (value === true || value === 'true') return { literal: 'TRUE' };
      if (value === false || value === 'false') return { literal: 'FALSE' };
      return { problem: `${JSON.stringify(value)} is not a boolean` };
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? { literal: `DATE '${value}'` }
        : { problem: `${JSON.stringify(value)} is not a date (YYYY-MM-DD)` };
    default:
      return { problem: `a row filter on logical type "${type}" is not supported in Trino` };
  }
}

/**
 * The mask of a personal column not granted in clear: NULL of the column's own type
 * (Trino refuses a mask of another type). Not a keyed pseudonym: a key written into the
 * mask is a literal of the consumer's query plan (`EXPLAIN` shows it), and with it every
 * guessable value's pseudonym can be recomputed. A pseudonym needs the key in a table only
 * the service user reads — not built yet.
 */
export function maskExpression(type: string): string {
  if (!/^[a-z][a-z0-9 ,()_]{0,199}$/.test(type)) throw new Error(`not a Trino type: ${type}`);
  return `CAST(NULL AS ${type})`;
}

interface MergedTable {
  readonly grantIds: string[];
  readonly domain: string;
  readonly team: string;
  readonly catalog: string;
  readonly schema: string;
  readonly table: string;
  /** Column name → Trino type. */
  readonly tableColumns: Map<string, string>;
  /** Granted column → masked in every grant that grants it. */
  readonly granted: Map<string, TrinoGrantColumn>;
  /** null once one grant has no filter (every row). */
  filters: string[] | null;
}

const key = (t: { domain: string; team: string; catalog: string; schema: string; table: string }) =>
  JSON.stringify([t.domain, t.team, t.catalog, t.schema, t.table]);

/**
 * The rule set of the active grants. Several grants of one team on one table add up:
 * the union of their columns, a column in clear when any grant has it in clear, the rows
 * of any grant (no filter in one: every row). A grant that cannot be expressed (a filter
 * value not of the column's type) is a problem: the caller publishes nothing then.
 */
export function trinoRuleSet(input: TrinoRulesInput): TrinoRuleSet {
  const problems: TrinoRulesProblem[] = [];
  const merged = new Map<string, MergedTable>();
  for (const target of input.targets) {
    const names = {
      domain: target.domain,
      team: target.team,
      catalog: target.catalog.toLowerCase(),
      schema: target.schema.toLowerCase(),
      table: target.table.toLowerCase(),
    };
    const filter = filterExpression(target, problems);
    const entry = merged.get(key(names)) ?? {
      ...names,
      grantIds: [],
      tableColumns: new Map<string, string>(),
      granted: new Map<string, TrinoGrantColumn>(),
      filters: [] as string[] | null,
    };
    entry.grantIds.push(target.grantId);
    for (const column of target.tableColumns)
      entry.tableColumns.set(column.name.toLowerCase(), column.type.toLowerCase());
    for (const column of target.granted) {
      const name = column.name.toLowerCase();
      const before = entry.granted.get(name);
      entry.granted.set(name, {
        ...column,
        name,
        masked: before === undefined ? column.masked : before.masked && column.masked,
      });
    }
    if (filter === null) entry.filters = null;
    else if (entry.filters !== null) entry.filters.push(filter);
    merged.set(key(names), entry);
  }

  const service = exactPattern(input.serviceUser);
  const catalogs: TrinoCatalogRule[] = [{ user: service, allow: 'all' }];
  const schemas: TrinoSchemaRule[] = [{ user: service, owner: true }];
  const tables: TrinoTableRule[] = [{ user: service, privileges: [...ALL_TABLE_PRIVILEGES] }];
  const expressions: TrinoRuleExpression[] = [];
  const catalogGroups = new Set<string>();

  const ordered = [...merged.values()].sort((a, b) => key(a).localeCompare(key(b)));
  for (const entry of ordered) {
    const group = exactPattern(teamGroup(entry.domain, entry.team));
    const catalogKey = JSON.stringify([group, entry.catalog]);
    if (!catalogGroups.has(catalogKey)) {
      catalogGroups.add(catalogKey);
      catalogs.push({ group, catalog: exactPattern(entry.catalog), allow: 'read-only' });
    }
    const columns: TrinoColumnRule[] = [];
    for (const column of [...entry.granted.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      if (!column.masked) continue;
      const mask = maskExpression(entry.tableColumns.get(column.name) ?? 'varchar');
      columns.push({ name: column.name, mask });
      expressions.push({ ...where(entry), kind: 'mask', column: column.name, expression: mask });
    }
    const denied = [...entry.tableColumns.keys()].filter((c) => !entry.granted.has(c)).sort();
    for (const name of denied) columns.push({ name, allow: false });
    const filter =
      entry.filters === null || entry.filters.length === 0
        ? undefined
        : entry.filters.length === 1
          ? entry.filters[0]
          : entry.filters.map((f) => `(${f})`).join(' OR ');
    if (filter !== undefined)
      expressions.push({ ...where(entry), kind: 'filter', expression: filter });
    tables.push({
      group,
      catalog: exactPattern(entry.catalog),
      schema: exactPattern(entry.schema),
      table: exactPattern(entry.table),
      privileges: ['SELECT'],
      ...(columns.length > 0 ? { columns } : {}),
      ...(filter !== undefined ? { filter } : {}),
    });
  }

  const rules: TrinoRulesDocument = {
    catalogs,
    schemas,
    tables,
    // The built-in functions for everyone (masks and filters call them); a catalog's table
    // functions (pg.system.query passes raw SQL to the database) for the service user only.
    functions: [
      { user: service, privileges: ['EXECUTE', 'GRANT_EXECUTE', 'OWNERSHIP'] },
      { catalog: '^system$', schema: '^builtin$', privileges: ['EXECUTE'] },
    ],
    procedures: [{ user: service, privileges: ['EXECUTE', 'GRANT_EXECUTE'] }],
    // Everyone runs queries and sees and kills their own (Trino's rule for the owner).
    queries: [{ user: service, allow: ['execute', 'kill', 'view'] }, { allow: ['execute'] }],
    // Meshwork may run a query as a consumer (trino-client's `user`), nobody else as anyone.
    impersonation: [{ original_user: service, new_user: '.*', allow: true }],
  };
  return { rules, groups: groupFile(input, problems), expressions, problems };
}

function where(entry: MergedTable): Omit<TrinoRuleExpression, 'kind' | 'expression'> {
  return {
    grantIds: [...entry.grantIds],
    catalog: entry.catalog,
    schema: entry.schema,
    table: entry.table,
  };
}

function filterExpression(target: TrinoGrantTarget, problems: TrinoRulesProblem[]): string | null {
  const filter = target.rowFilter;
  if (filter === null) return null;
  if (filter.values.length === 0 || filter.values.length > 100) {
    problems.push({
      code: 'trino-rules/filter-values',
      message: `the row filter of grant ${target.grantId} has ${filter.values.length} values (1–100 allowed)`,
      grantId: target.grantId,
    });
    return 'FALSE';
  }
  const literals: string[] = [];
  for (const value of filter.values) {
    const result = trinoLiteral(value, filter.logicalType);
    if ('problem' in result) {
      problems.push({
        code: 'trino-rules/filter-value',
        message: `the row filter of grant ${target.grantId} on "${filter.column}": ${result.problem}`,
        grantId: target.grantId,
      });
      return 'FALSE';
    }
    literals.push(result.literal);
  }
  return `${quoteTrinoIdentifier(filter.column.toLowerCase())} IN (${[...new Set(literals)].join(', ')})`;
}

function groupFile(input: TrinoRulesInput, problems: TrinoRulesProblem[]): string {
  const byGroup = new Map<string, Set<string>>();
  for (const team of input.teams) {
    const group = teamGroup(team.domain, team.team);
    const users = byGroup.get(group) ?? new Set<string>();
    for (const user of team.users) {
      if (isSafeTrinoUser(user)) users.add(user);
      else
        problems.push({
          code: 'trino-rules/unsafe-user',
          message: `the Trino user ${JSON.stringify(user.slice(0, 140))} of team ${team.domain}/${team.team} cannot be written to the group file (letters, digits and . _ @ + - only)`,
        });
    }
    byGroup.set(group, users);
  }
  return [...byGroup.entries()]
    .filter(([, users]) => users.size > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, users]) => `${group}:${[...users].sort().join(',')}\n`)
    .join('');
}
