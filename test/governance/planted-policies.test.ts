import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { lintMesh } from '../../src/app/governance/lint-mesh.ts';
import { repoRoot } from '../support/standards.ts';

/**
 * A mesh with planted policy violations and broken policy files
 * (test/fixtures/planted-policies). Each offending line carries `# expect: <policy or
 * code>` (an error) or `# expect-warning: …`, several separated by commas; the test
 * demands exactly those findings at exactly those lines.
 */
const fixture = join(repoRoot, 'test/fixtures/planted-policies');
const MARKER = /#\s*expect(-warning)?:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

async function expectedFindings(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
        continue;
      }
      const lines = (await readFile(path, 'utf8')).split('\n');
      lines.forEach((text, i) => {
        const match = MARKER.exec(text);
        if (!match || text.trimStart().startsWith('#')) return;
        for (const code of match[2]!.split(','))
          out.push(
            `${relative(fixture, path)}:${i + 1} ${match[1] ? 'warning' : 'error'} ${code.trim()}`,
          );
      });
    }
  };
  await walk(fixture);
  return out.sort();
}

describe('a mesh with planted policy violations', () => {
  it('gets each finding at the right file and line, and no other', async () => {
    const report = await lintMesh('.', fixture);
    const actual = report.findings
      .map((f) => `${f.file}:${f.line} ${f.severity} ${f.policy ?? f.code}`)
      .sort();
    const expected = await expectedFindings();
    assert.ok(
      expected.length >= 15,
      `the fixture plants at least 15 findings (${expected.length})`,
    );
    assert.deepEqual(actual, expected);
    assert.equal(report.valid, false);
  });

  it('applies the valid adaptation of marketing and ignores the broken one of sales', async () => {
    const report = await lintMesh('.', fixture);
    const latency = report.results.filter((r) => r.policy === 'latency-within-limit');
    assert.deepEqual(latency.map((r) => `${r.domain} ${r.passed}`).sort(), [
      'marketing true',
      'sales false',
    ]);
    const sales = report.findings.find((f) => f.policy === 'latency-within-limit')!;
    assert.deepEqual(sales.params, { maxLatencyDays: 2 });
    assert.equal(sales.adaptedBy, undefined);
  });

  it('gives every finding a message, a JSON path and a hint', async () => {
    const report = await lintMesh('.', fixture);
    for (const f of report.findings) {
      assert.ok(f.message.length > 10, f.code);
      assert.ok(f.hint.length > 3, f.code);
      assert.match(f.path, /^\$/);
      assert.match(f.code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(f.line >= 1 && f.column >= 1, `${f.file}:${f.line}:${f.column}`);
    }
  });
});
