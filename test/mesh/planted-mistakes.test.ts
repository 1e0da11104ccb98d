import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { validatePaths } from '../../src/app/validate/validate-paths.ts';
import { createDuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import type { SqlParser } from '../../src/core/semantic/index.ts';
import { repoRoot } from '../support/standards.ts';

/**
 * A mesh with planted mistakes of every kind `validate` knows (test/fixtures/planted-mesh).
 * Each offending line carries `# expect: <code>` (an error) or `# expect-warning: <code>`;
 * the test demands exactly those findings at exactly those lines — every mistake is found
 * where it is, and nothing spurious is reported.
 */
const fixture = join(repoRoot, 'test/fixtures/planted-mesh');
const MARKER = /#\s*expect(-warning)?:\s*([a-z0-9-]+)/;

/** Findings that belong to no line of an existing file (a file that is missing). */
const WITHOUT_MARKER: string[] = [];

async function expectedFindings(): Promise<string[]> {
  const out: string[] = [...WITHOUT_MARKER];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else {
        const lines = (await readFile(path, 'utf8')).split('\n');
        lines.forEach((text, i) => {
          const match = MARKER.exec(text);
          if (match && !text.trimStart().startsWith('#')) {
            out.push(
              `${relative(fixture, path)}:${i + 1} ${match[1] ? 'warning' : 'error'} ${match[2]}`,
            );
          }
        });
      }
    }
  };
  await walk(fixture);
  return out.sort();
}

let sqlParser: SqlParser & { close(): void };
before(async () => {
  sqlParser = await createDuckDbSqlParser();
});
after(() => sqlParser.close());

describe('a mesh with planted mistakes', () => {
  it('gets each finding at the right file and line, and no other', async () => {
    const report = await validatePaths(['.'], fixture, { sqlParser });
    const actual = report.findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.code}`).sort();
    const expected = await expectedFindings();
    assert.ok(
      expected.length >= 12,
      `the fixture plants at least a dozen mistakes (${expected.length})`,
    );
    assert.deepEqual(actual, expected);
    assert.equal(report.valid, false);
  });

  it('gives every finding a message, a JSON path and a hint', async () => {
    const report = await validatePaths(['.'], fixture, { sqlParser });
    for (const f of report.findings) {
      assert.ok(f.message.length > 10, f.code);
      assert.ok(f.hint.length > 10, f.code);
      assert.match(f.path, /^\$/);
      assert.match(f.code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(f.line >= 1 && f.column >= 1, `${f.code} has a position`);
    }
  });
});
