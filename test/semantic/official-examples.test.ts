import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { formatPath } from '../../src/core/findings/finding.ts';
import { checkContractSemantics } from '../../src/core/semantic/index.ts';
import type { DuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import { createDuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import { parseSourceDocument } from '../../src/core/yaml/source-document.ts';
import {
  displayName,
  requireStandards,
  standardFiles,
  standardsMissing,
} from '../support/standards.ts';

requireStandards();

/**
 * The semantic findings on the official ODCS examples. The examples validate against the
 * JSON Schemas, but a few carry mistakes a schema cannot see; each is listed here so that
 * a change in what the checks report is a deliberate one.
 */
const KNOWN: Readonly<Record<string, readonly string[]>> = {
  // receiver_types is not a schema object of this contract.
  'all/full-example.odcs.yaml': [
    'error relationship-unknown-object $.schema[1].properties[3].relationships[0].to',
  ],
  // Composite keys without positions: the key order is unknown (a warning).
  'all/postgresql-adventureworks-contract.odcs.yaml': Array<string>(54).fill(
    'warning primary-key-without-position',
  ),
  // addresses has a property "street", not "address_street".
  'references/relationships.odcs.yaml': [
    'error relationship-unknown-property $.schema[2].properties[2].relationships[0].to',
    'error relationship-unknown-property $.schema[2].relationships[0].to[1]',
  ],
  // An invalidValues rule without validValues or pattern cannot be checked.
  'tags/tags.odcs.yaml': ['error quality-argument-missing $.schema[0].properties[1].quality[0]'],
};

describe('semantic checks on the official ODCS examples', { skip: standardsMissing }, () => {
  let sqlParser: DuckDbSqlParser;
  before(async () => {
    sqlParser = await createDuckDbSqlParser();
  });
  after(() => sqlParser.close());

  for (const set of ['odcs/examples', 'odcs/draft-v3.2.0/examples']) {
    for (const file of standardFiles(set, '.odcs.yaml')) {
      const name = displayName(file).slice(set.length + 1);
      it(`${set}/${name}`, async () => {
        const source = parseSourceDocument(name, readFileSync(file, 'utf8'));
        const result = await checkContractSemantics(source.data as object, { sqlParser });
        const found = result.issues.map((i) =>
          i.code === 'primary-key-without-position'
            ? `${i.severity} ${i.code}`
            : `${i.severity} ${i.code} ${formatPath(i.path)}`,
        );
        assert.deepEqual(found.sort(), [...(KNOWN[name] ?? [])].sort());
        assert.deepEqual(result.externalReferences, []);
      });
    }
  }
});
