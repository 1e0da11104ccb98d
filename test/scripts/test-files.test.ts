import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  defaultTestFiles,
  TRINO_RULES_FILES,
  trinoTestFiles,
  trinoTestPasses,
  TRINO_VARIANT_FILES,
} from '../../scripts/test-files.ts';

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

  it('test:trino runs the files that rewrite the rules file apart, one at a time', () => {
    const files = trinoTestFiles();
    for (const writer of TRINO_RULES_FILES) assert.ok(files.includes(writer), writer);
    const passes = trinoTestPasses(files);
    assert.equal(passes.length, 2);
    assert.deepEqual(passes[1], { files: TRINO_RULES_FILES, concurrency: 1 });
    assert.equal(passes[0]?.concurrency, 2);
    assert.ok(passes[0]?.files.every((f) => !TRINO_RULES_FILES.includes(f)));
    assert.deepEqual(
      [...(passes[0]?.files ?? []), ...(passes[1]?.files ?? [])].sort(),
      [...files].sort(),
    );
    // Named on the command line as ./test/…, still apart.
    assert.deepEqual(
      trinoTestPasses(['./test/trino/access-rules.test.ts', 'test/trino/x.test.ts']),
      [
        { files: ['test/trino/x.test.ts'], concurrency: 2 },
        { files: ['./test/trino/access-rules.test.ts'], concurrency: 1 },
      ],
    );
    // Given one file, one pass: no empty run of node --test.
    assert.deepEqual(trinoTestPasses(['test/trino/infra.test.ts']), [
      { files: ['test/trino/infra.test.ts'], concurrency: 2 },
    ]);
  });
});
