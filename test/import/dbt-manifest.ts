/**
 * dbt manifests in the shape dbt writes them (schemas.getdbt.com/dbt/manifest/v12.json:
 * every node with its full key set — config, checksum, depends_on, refs, contract, …; test
 * nodes with test_metadata, column_name, attached_node), built here because dbt itself is
 * not installed: a jaffle-shop project with a source, three models and their tests.
 */

type Json = Record<string, unknown>;

const PROJECT = 'jaffle_shop';

export interface ManifestOptions {
  readonly version?: number;
  readonly adapter?: string;
  readonly database?: string;
}

function config(materialized: string, extra: Json = {}): Json {
  return {
    enabled: true,
    alias: null,
    schema: null,
    database: null,
    tags: [],
    meta: {},
    group: null,
    materialized,
    incremental_strategy: null,
    persist_docs: {},
    'post-hook': [],
    'pre-hook': [],
    quoting: {},
    column_types: {},
    full_refresh: null,
    unique_key: null,
    on_schema_change: 'ignore',
    on_configuration_change: 'apply',
    grants: {},
    packages: [],
    docs: { show: true, node_color: null },
    contract: { enforced: false, alias_types: true },
    access: 'protected',
    ...extra,
  };
}

function column(
  name: string,
  dataType: string | null,
  description = '',
  constraints: Json[] = [],
): Json {
  return {
    name,
    description,
    meta: {},
    data_type: dataType,
    constraints,
    quote: null,
    tags: [],
    granularity: null,
  };
}

function model(
  name: string,
  schema: string,
  database: string,
  columns: Json[],
  extra: {
    description?: string;
    materialized?: string;
    alias?: string;
    constraints?: Json[];
    depends?: string[];
  } = {},
): [string, Json] {
  const id = `model.${PROJECT}.${name}`;
  return [
    id,
    {
      database,
      schema,
      name,
      resource_type: 'model',
      package_name: PROJECT,
      path: `${name}.sql`,
      original_file_path: `models/${name}.sql`,
      unique_id: id,
      fqn: [PROJECT, name],
      alias: extra.alias ?? name,
      checksum: {
        name: 'sha256',
        checksum: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      },
      config: config(extra.materialized ?? 'table'),
      tags: [],
      description: extra.description ?? '',
      columns: Object.fromEntries(columns.map((c) => [c.name as string, c])),
      meta: {},
      group: null,
      docs: { show: true, node_color: null },
      patch_path: `${PROJECT}://models/schema.yml`,
      build_path: null,
      unrendered_config: { materialized: extra.materialized ?? 'table' },
      created_at: 1764930000.0,
      relation_name: `"${database}"."${schema}"."${extra.alias ?? name}"`,
      raw_code: 'select 1',
      language: 'sql',
      refs: (extra.depends ?? []).map((d) => ({ name: d, package: null, version: null })),
      sources: [],
      metrics: [],
      depends_on: { macros: [], nodes: (extra.depends ?? []).map((d) => `model.${PROJECT}.${d}`) },
      compiled_path: null,
      contract: { enforced: false, alias_types: true, checksum: null },
      access: 'protected',
      constraints: extra.constraints ?? [],
      version: null,
      latest_version: null,
      deprecation_date: null,
    },
  ];
}

function source(
  sourceName: string,
  name: string,
  schema: string,
  database: string,
  columns: Json[],
  description = '',
): [string, Json] {
  const id = `source.${PROJECT}.${sourceName}.${name}`;
  return [
    id,
    {
      database,
      schema,
      name,
      resource_type: 'source',
      package_name: PROJECT,
      path: 'models/sources.yml',
      original_file_path: 'models/sources.yml',
      unique_id: id,
      fqn: [PROJECT, sourceName, name],
      source_name: sourceName,
      source_description: '',
      loader: '',
      identifier: name,
      quoting: { database: null, schema: null, identifier: null, column: null },
      loaded_at_field: null,
      freshness: {
        warn_after: { count: null, period: null },
        error_after: { count: null, period: null },
        filter: null,
      },
      external: null,
      description,
      columns: Object.fromEntries(columns.map((c) => [c.name as string, c])),
      meta: {},
      source_meta: {},
      tags: [],
      config: { enabled: true, event_time: null },
      patch_path: null,
      unrendered_config: {},
      relation_name: `"${database}"."${schema}"."${name}"`,
      created_at: 1764930000.0,
      unrendered_database: null,
      unrendered_schema: null,
    },
  ];
}

interface TestSpec {
  readonly test: string;
  readonly on: string; // model name or source:<source>.<table>
  readonly column: string | null;
  readonly kwargs?: Json;
  readonly namespace?: string | null;
  readonly severity?: string;
  readonly where?: string | null;
  readonly depends?: string[];
}

function targetOf(on: string): { id: string; call: string } {
  if (on.startsWith('source:')) {
    const [s, t] = on.slice(7).split('.');
    return { id: `source.${PROJECT}.${s}.${t}`, call: `source('${s}', '${t}')` };
  }
  return { id: `model.${PROJECT}.${on}`, call: `ref('${on}')` };
}

function test(spec: TestSpec, index: number, version: number, database: string): [string, Json] {
  const target = targetOf(spec.on);
  const name = `${spec.test}_${spec.on.replace(/\W/g, '_')}_${spec.column ?? 'all'}`;
  const id = `test.${PROJECT}.${name}.${(1000 + index).toString(16)}abc`;
  const node: Json = {
    database,
    schema: 'analytics_dbt_test__audit',
    name,
    resource_type: 'test',
    package_name: PROJECT,
    path: `${name}.sql`,
    original_file_path: 'models/schema.yml',
    unique_id: id,
    fqn: [PROJECT, name],
    alias: name,
    checksum: { name: 'none', checksum: '' },
    config: {
      enabled: true,
      alias: null,
      schema: 'dbt_test__audit',
      database: null,
      tags: [],
      meta: {},
      group: null,
      materialized: 'test',
      severity: spec.severity ?? 'ERROR',
      store_failures: null,
      store_failures_as: null,
      where: spec.where ?? null,
      limit: null,
      fail_calc: 'count(*)',
      warn_if: '!= 0',
      error_if: '!= 0',
    },
    tags: [],
    description: '',
    columns: {},
    meta: {},
    group: null,
    docs: { show: true, node_color: null },
    patch_path: null,
    build_path: null,
    unrendered_config: {},
    created_at: 1764930000.0,
    relation_name: null,
    raw_code: `{{ test_${spec.test}(**_dbt_generic_test_kwargs) }}`,
    language: 'sql',
    refs: [],
    sources: [],
    metrics: [],
    depends_on: { macros: [`macro.dbt.test_${spec.test}`], nodes: spec.depends ?? [target.id] },
    compiled_path: null,
    contract: { enforced: false, alias_types: true, checksum: null },
    column_name: spec.column,
    file_key_name: `models.${spec.on}`,
    test_metadata: {
      name: spec.test,
      kwargs: {
        ...(spec.column === null ? {} : { column_name: spec.column }),
        model: `{{ get_where_subquery(${target.call}) }}`,
        ...spec.kwargs,
      },
      namespace: spec.namespace ?? null,
    },
  };
  if (version >= 8) node.attached_node = target.id;
  return [id, node];
}

/** The jaffle-shop manifest: raw.customers (source), stg_customers (view), orders, order_items. */
export function jaffleManifest(options: ManifestOptions = {}): Json {
  const version = options.version ?? 12;
  const database = options.database ?? 'warehouse';
  const tests: TestSpec[] = [
    { test: 'unique', on: 'source:raw.customers', column: 'id' },
    { test: 'not_null', on: 'source:raw.customers', column: 'id' },
    { test: 'unique', on: 'stg_customers', column: 'customer_id' },
    { test: 'not_null', on: 'stg_customers', column: 'customer_id' },
    { test: 'not_null', on: 'orders', column: 'order_id' },
    { test: 'unique', on: 'orders', column: 'order_id' },
    { test: 'not_null', on: 'orders', column: 'ordered_at' },
    {
      test: 'relationships',
      on: 'orders',
      column: 'customer_id',
      kwargs: { to: "ref('stg_customers')", field: 'customer_id' },
      depends: [`model.${PROJECT}.stg_customers`, `model.${PROJECT}.orders`],
    },
    {
      test: 'accepted_values',
      on: 'orders',
      column: 'status',
      kwargs: { values: ['placed', 'shipped', 'completed', 'returned'] },
    },
    { test: 'not_null', on: 'orders', column: 'amount', severity: 'warn' },
    { test: 'not_null', on: 'orders', column: 'coupon', where: "status = 'completed'" },
    {
      test: 'unique_combination_of_columns',
      on: 'order_items',
      column: null,
      namespace: 'dbt_utils',
      kwargs: { combination_of_columns: ['order_id', 'line_no'] },
    },
    {
      test: 'relationships',
      on: 'order_items',
      column: 'order_id',
      kwargs: { to: "ref('orders')", field: 'order_id' },
      depends: [`model.${PROJECT}.orders`, `model.${PROJECT}.order_items`],
    },
    {
      test: 'relationships',
      on: 'order_items',
      column: 'product_id',
      kwargs: { to: "ref('products')", field: 'id' },
    },
  ];
  const nodes = Object.fromEntries([
    model(
      'stg_customers',
      'analytics',
      database,
      [
        column('customer_id', 'integer', 'The customer key.'),
        column('customer_name', 'text'),
        column('email', 'character varying(320)'),
      ],
      { materialized: 'view', description: 'Customers, cleaned up.' },
    ),
    model(
      'orders',
      'analytics',
      database,
      [
        column('order_id', 'integer'),
        column('customer_id', 'integer'),
        column('ordered_at', 'timestamp without time zone'),
        column('status', 'text', 'Where the order is.'),
        column('amount', 'numeric(12,2)'),
        column('coupon', null),
      ],
      { description: 'One row per order.', depends: ['stg_customers'] },
    ),
    model(
      'order_items',
      'analytics',
      database,
      [
        column('order_id', 'integer', '', [
          {
            type: 'not_null',
            name: null,
            expression: null,
            warn_unenforced: true,
            warn_unsupported: true,
            to: null,
            to_columns: [],
          },
        ]),
        column('line_no', 'integer'),
        column('product_id', 'integer'),
      ],
      {
        alias: 'order_lines',
        depends: ['orders'],
        constraints: [
          {
            type: 'primary_key',
            name: null,
            expression: null,
            warn_unenforced: true,
            warn_unsupported: true,
            to: null,
            to_columns: [],
            columns: ['order_id', 'line_no'],
          },
        ],
      },
    ),
    model('order_summary', 'analytics', database, [column('n', 'bigint')], {
      materialized: 'ephemeral',
    }),
    ...tests.map((spec, index) => test(spec, index, version, database)),
  ]);
  const sources = Object.fromEntries([
    source(
      'raw',
      'customers',
      'raw',
      database,
      [column('id', 'integer'), column('name', 'text'), column('email', 'text')],
      'Customers as the shop system writes them.',
    ),
  ]);
  return {
    metadata: {
      dbt_schema_version: `https://schemas.getdbt.com/dbt/manifest/v${version}.json`,
      dbt_version: '1.9.4',
      generated_at: '2026-12-05T10:00:00.000000Z',
      invocation_id: '9c8e5b0e-3a3f-4f7e-8a57-3a2c9d2b8a11',
      env: {},
      project_name: PROJECT,
      project_id: '06e5b98c2db46f8a72cc4f66410e9b3b',
      user_id: null,
      send_anonymous_usage_stats: false,
      ...(options.adapter === undefined ? {} : { adapter_type: options.adapter }),
    },
    nodes,
    sources,
    macros: {},
    docs: {},
    exposures: {},
    metrics: {},
    groups: {},
    selectors: {},
    disabled: {},
    parent_map: {},
    child_map: {},
    group_map: {},
    saved_queries: {},
    semantic_models: {},
    unit_tests: {},
  };
}
