import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { validateOdpsStructure } from '../../src/core/standards/odps/index.ts';
import { parseSourceDocument } from '../../src/core/yaml/source-document.ts';
import {
  displayName,
  requireStandards,
  standardFiles,
  standardsMissing,
} from '../support/standards.ts';

requireStandards();

describe('ODPS examples', { skip: standardsMissing }, () => {
  const files = standardFiles('odps/examples', '.odps.yaml');

  it('finds the official examples', () => {
    assert.equal(files.length, 2);
  });

  for (const file of files) {
    it(`accepts ${displayName(file)}`, () => {
      const source = parseSourceDocument(displayName(file), readFileSync(file, 'utf8'));
      assert.deepEqual(source.syntaxFindings, []);
      assert.deepEqual(validateOdpsStructure(source.data), []);
    });
  }
});
