import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { odcsContractSchema, validateOdcsStructure } from '../../src/core/standards/odcs/index.ts';
import { parseSourceDocument } from '../../src/core/yaml/source-document.ts';
import {
  displayName,
  requireStandards,
  standardFiles,
  standardsMissing,
} from '../support/standards.ts';

requireStandards();

describe('ODCS examples', { skip: standardsMissing }, () => {
  const released = standardFiles('odcs/examples', '.odcs.yaml');
  const draft = standardFiles('odcs/draft-v3.2.0/examples', '.odcs.yaml');

  it('finds the official examples', () => {
    assert.equal(released.length, 18);
    assert.equal(draft.length, 28);
  });

  for (const file of [...released, ...draft]) {
    it(`accepts ${displayName(file)}`, () => {
      const source = parseSourceDocument(displayName(file), readFileSync(file, 'utf8'));
      assert.deepEqual(source.syntaxFindings, []);
      assert.deepEqual(validateOdcsStructure(source.data), []);
      // The exported Zod schema accepts it too, and returns the document unchanged: the
      // model neither drops nor adds keys (no defaults are filled in).
      const parsed = odcsContractSchema.safeParse(source.data);
      assert.ok(parsed.success, parsed.error?.message);
      assert.deepEqual(parsed.data, source.data);
    });
  }
});
