import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultTestFiles, trinoTestFiles, TRINO_VARIANT_FILES } from '../../scripts/test-files.ts';

describe('which test files npm test and npm run test:trino run', () => {
  const root = mkdtempSync(join(tmpdir(), 'meshwork-test-files-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  for (const file of [
    'test/a.test.ts',
    'test/trino/infra.test.ts',
    'test/trino/deep/build.test.ts',
    'test/trinoish/x.test.ts',
    'test/support/trino.ts',
  ]) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), '');
  }

  it('npm test leaves out test/trino/ (and only that folder)', () => {
    assert.deepEqual(defaultTestFiles(root), ['test/a.test.ts', 'test/trinoish/x.test.ts']);
  });

  it('test:trino runs test/trino/ and the files with a Trino variant', () => {
    assert.deepEqual(trinoTestFiles(root), [
      'test/trino/deep/build.test.ts',
      'test/trino/infra.test.ts',
      ...TRINO_VARIANT_FILES,
    ]);
  });

  it('on the real repository: no test/trino/ file in npm test, all of them in test:trino', () => {
    assert.ok(defaultTestFiles().every((f) => !f.startsWith('test/trino/')));
    assert.ok(defaultTestFiles().includes('test/scripts/test-files.test.ts'));
    assert.ok(trinoTestFiles().includes('test/trino/infra.test.ts'));
  });
});
