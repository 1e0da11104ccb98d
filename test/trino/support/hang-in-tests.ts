/**
 * A `meshwork build` of sales/regions in Trino that stops in its contract tests — after the
 * new snapshot table was written, before the view is switched — and writes `marker` there,
 * so that the parent test can SIGKILL this process at exactly that point.
 */
import { writeFileSync } from 'node:fs';
import { buildMesh } from '../../../src/app/build/build-mesh.ts';
import { createDuckDbSqlParser } from '../../../src/engines/duckdb/index.ts';

const [root, marker] = process.argv.slice(2) as [string, string];
const parser = await createDuckDbSqlParser();
await buildMesh({
  meshRoot: root,
  products: ['sales/regions'],
  parallel: 1,
  keep: 3,
  env: process.env,
  sqlParser: parser,
  test: () => {
    writeFileSync(marker, 'testing');
    return new Promise(() => undefined);
  },
});
