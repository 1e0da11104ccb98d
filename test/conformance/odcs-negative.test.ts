import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, it } from 'node:test';
import { formatPath } from '../../src/core/findings/finding.ts';
import { validateOdcsStructure } from '../../src/core/standards/odcs/index.ts';
import { parseSourceDocument } from '../../src/core/yaml/source-document.ts';
import { requireStandards, standardFiles, standardsMissing } from '../support/standards.ts';

/*
 * The official negative tests of the v3.2 development branch: each file must be rejected,
 * and for the reason the file was written for: the expected code at the expected path,
 * with the JSONPath named in the message (and, for a missing key, the key).
 */

requireStandards();

interface Expected {
  readonly code: string;
  readonly path: string;
  /** For missing keys, the key the message must name. */
  readonly key?: string;
  /**
   * What the message must contain to name the place; the path by default. An unknown key
   * is named as the key within its parent's path (the finding itself points at the key).
   */
  readonly mentions?: readonly string[];
}

const Q = '$.schema[0].properties[0].quality[0]';

const EXPECTED: Readonly<Record<string, Expected>> = {
  'additional-unknown-property': {
    code: 'unknown-property',
    path: '$.unknownRootField',
    mentions: ['"unknownRootField" at $:'],
  },
  'enum-duplicate-values': { code: 'duplicate-items', path: '$.schema[0].properties[0].enum[1]' },
  'enum-empty': { code: 'out-of-range', path: '$.schema[0].properties[0].enum' },
  'enum-missing-value': {
    code: 'missing-required',
    path: '$.schema[0].properties[0].enum[0]',
    key: 'value',
  },
  'invalid-api-version': { code: 'invalid-value', path: '$.apiVersion' },
  'invalid-kind': { code: 'invalid-value', path: '$.kind' },
  'invalid-quality-dimension': { code: 'invalid-value', path: `${Q}.dimension` },
  'invalid-quality-metric': { code: 'invalid-value', path: `${Q}.metric` },
  'invalid-quality-type': { code: 'invalid-value', path: `${Q}.type` },
  'map-missing-block': {
    code: 'missing-required',
    path: '$.schema[0].properties[0]',
    key: 'map',
  },
  'map-missing-key': {
    code: 'missing-required',
    path: '$.schema[0].properties[0].map',
    key: 'key',
  },
  'map-missing-value': {
    code: 'missing-required',
    path: '$.schema[0].properties[0].map',
    key: 'value',
  },
  'missing-required-fields': { code: 'missing-required', path: '$', key: 'id' },
  'quality-custom-missing-implementation': {
    code: 'missing-required',
    path: Q,
    key: 'implementation',
  },
  'quality-element-field': {
    code: 'unknown-property',
    path: `${Q}.element`,
    mentions: [`"element" at ${Q}:`],
  },
  'quality-library-missing-metric': { code: 'missing-required', path: Q, key: 'metric' },
  'quality-multiple-operators': { code: 'multiple-operators', path: `${Q}.mustNotBe` },
  'quality-mustbebetween-wrong-size': {
    code: 'out-of-range',
    path: '$.schema[0].quality[0].mustBeBetween',
  },
  'quality-sql-missing-query': { code: 'missing-required', path: Q, key: 'query' },
  'relationship-property-level-with-from': {
    code: 'not-allowed-here',
    path: '$.schema[0].properties[0].relationships[0].from',
  },
  'relationship-schema-level-missing-from-to': {
    code: 'missing-required',
    path: '$.schema[0].relationships[0]',
    key: 'from',
  },
  'schema-property-invalid-logicaltype': {
    code: 'invalid-value',
    path: '$.schema[0].properties[0].logicalType',
  },
  'schema-property-missing-name': {
    code: 'missing-required',
    path: '$.schema[0].properties[0]',
    key: 'name',
  },
  'server-invalid-type': { code: 'invalid-value', path: '$.servers[0].type' },
  'server-missing-conditional-fields': {
    code: 'missing-required',
    path: '$.servers[0]',
    key: 'schema',
  },
  'server-missing-required-fields': {
    code: 'missing-required',
    path: '$.servers[0]',
    key: 'server',
  },
  'sla-missing-required-value': {
    code: 'missing-required',
    path: '$.slaProperties[0]',
    key: 'value',
  },
  'synonym-missing-term': {
    code: 'missing-required',
    path: '$.schema[0].properties[0].synonyms[0]',
    key: 'synonym',
  },
};

describe('ODCS negative tests', { skip: standardsMissing }, () => {
  const files = standardFiles('odcs/draft-v3.2.0/negative-tests', '.odcs.yaml');
  const name = (file: string): string => basename(file, '.odcs.yaml');

  it('has an expectation for each of the 28 official files, and no other', () => {
    assert.equal(files.length, 28);
    assert.deepEqual(files.map(name).sort(), Object.keys(EXPECTED).sort());
  });

  for (const file of files) {
    const expected = EXPECTED[name(file)];
    it(`rejects ${name(file)} with ${expected?.code ?? '?'} at ${expected?.path ?? '?'}`, () => {
      assert.ok(expected, `no expectation for ${name(file)}`);
      const source = parseSourceDocument(name(file), readFileSync(file, 'utf8'));
      assert.deepEqual(source.syntaxFindings, []);
      const issues = validateOdcsStructure(source.data);
      const match = issues.find(
        (i) =>
          i.code === expected.code &&
          formatPath(i.path) === expected.path &&
          (expected.key === undefined || i.message.includes(`"${expected.key}"`)),
      );
      assert.ok(
        match,
        `expected ${expected.code} at ${expected.path}, got ${JSON.stringify(issues)}`,
      );
      for (const text of expected.mentions ?? [expected.path]) {
        assert.ok(match.message.includes(text), `${match.message} does not name ${text}`);
      }
      assert.equal(match.severity, 'error');
      // A key that may not be there is reported at the key itself.
      const atKey = ['unknown-property', 'not-allowed-here', 'multiple-operators'].includes(
        expected.code,
      );
      assert.equal(match.atKey === true, atKey);
      // Every issue is placed on a real line of the file, not at its start.
      for (const finding of source.place(issues)) assert.ok(finding.line > 1, finding.message);
    });
  }
});
