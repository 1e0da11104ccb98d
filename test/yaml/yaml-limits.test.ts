import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSourceDocument } from '../../src/core/yaml/source-document.ts';

/** A contract whose `x-extra` map holds `keys` keys (459 KB at 32,000 keys, as in issue 8). */
function bigMap(keys: number): string {
  const lines = ['apiVersion: v3.1.0', 'kind: DataContract', 'id: big', 'x-extra:'];
  for (let i = 0; i < keys; i++) lines.push(`  k${i}: ${i}`);
  return lines.join('\n') + '\n';
}

/** The full parse with positions, as a finding in the map needs it; fastest of three runs. */
function fullParseMs(text: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const source = parseSourceDocument('big.odcs.yaml', text);
    source.locate(['x-extra', 'k0']);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('YAML parsing stays linear and bounded', () => {
  it('parses a map of 32,000 keys with positions in bounded, linear time', () => {
    fullParseMs(bigMap(2_000)); // warm the JIT
    const eighth = fullParseMs(bigMap(4_000));
    const full = fullParseMs(bigMap(32_000));
    // The duplicate-key check of the `yaml` library took 12 s here (quadratic).
    // About 0.5 s on an idle laptop; the bound leaves room for a loaded CI machine.
    assert.ok(full < 8_000, `32,000 keys took ${full.toFixed(0)} ms`);
    // Eight times the keys take about eight times as long; quadratic would be 64x. The
    // wide factor between the sizes keeps a noisy shared machine from deciding the test.
    assert.ok(
      full / eighth < 24,
      `4,000 → 32,000 keys: ${eighth.toFixed(0)} → ${full.toFixed(0)} ms`,
    );
  });

  it('places findings in every key of a 32,000-key map without scanning it per key', () => {
    const source = parseSourceDocument('big.odcs.yaml', bigMap(32_000));
    const issues = Array.from({ length: 32_000 }, (_, i) => ({
      severity: 'error' as const,
      code: 'x',
      message: 'm',
      hint: 'h',
      path: ['x-extra', `k${i}`],
      atKey: true,
    }));
    const started = performance.now();
    const placed = source.place(issues);
    const ms = performance.now() - started;
    assert.deepEqual([placed[31_999]?.line, placed[31_999]?.column], [32_004, 3]);
    assert.ok(ms < 8_000, `placing 32,000 findings took ${ms.toFixed(0)} ms`);
  });

  it('still finds a duplicate key at the end of a big map, at its line', () => {
    const source = parseSourceDocument('dup.yaml', bigMap(32_000) + '  k5: again\n');
    assert.equal(source.data, undefined);
    assert.deepEqual(
      source.syntaxFindings.map((f) => [f.code, f.line, f.hint.startsWith('Remove or rename')]),
      [['yaml-syntax', 32_005, true]],
    );
  });

  it('refuses 10,000 nested brackets with one located finding instead of overflowing the stack', () => {
    for (const text of [
      `a: 1\nb: ${'['.repeat(10_000)}\n`,
      `a: 1\nb: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      `a: 1\nb:\n${Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}- `).join('\n')}x\n`,
    ]) {
      const source = parseSourceDocument('deep.yaml', text);
      assert.equal(source.data, undefined);
      assert.deepEqual(
        source.syntaxFindings.map((f) => f.code),
        ['yaml-too-deep'],
      );
      assert.ok((source.syntaxFindings[0]?.line ?? 0) >= 2);
      assert.deepEqual(source.locate(['b']), { line: 1, column: 1 });
    }
  });

  it('reports !!merge on a value, which the parser would silently drop with its key', () => {
    const source = parseSourceDocument('m.yaml', 'x: 1\na: !!merge 1\n');
    assert.equal(source.data, undefined);
    assert.deepEqual(
      source.syntaxFindings.map((f) => [f.code, f.line, f.column]),
      [['yaml-merge-tag', 2, 4]],
    );
    const whole = parseSourceDocument('m.yaml', '!!merge 1\n');
    assert.deepEqual(
      whole.syntaxFindings.map((f) => f.code),
      ['yaml-merge-tag'],
    );
  });

  it('lists at most ten syntax errors of a file and says how many more there are', () => {
    const text = Array.from({ length: 30 }, (_, i) => `k${i}: @bad`).join('\n') + '\n';
    const codes = parseSourceDocument('many.yaml', text).syntaxFindings.map((f) => f.code);
    assert.equal(codes.filter((c) => c === 'yaml-syntax').length, 10);
    const more = parseSourceDocument('many.yaml', text).syntaxFindings.at(-1);
    assert.equal(more?.code, 'yaml-more-errors');
    assert.equal(more?.severity, 'info');
    assert.match(more?.message ?? '', /^20 further YAML errors/);
  });
});

describe('YAML syntax hints fit the problem', () => {
  const only = (text: string) => {
    const findings = parseSourceDocument('h.yaml', text).syntaxFindings;
    assert.equal(findings.length, 1, JSON.stringify(findings));
    return findings[0]!;
  };

  it('an unclosed quote is reported where it opens, as a quote and not as indentation', () => {
    const f = only('name: x\ndescription: "unclosed\nother: 1\n  nested: 2\n');
    assert.deepEqual([f.line, f.column], [2, 14]);
    assert.match(f.hint, /Close the quote/);
    assert.doesNotMatch(f.hint, /indent/i);
    assert.match(only("a: 'open\nb: 2\n").hint, /Close the quote/);
  });

  it('an unclosed bracket names the bracket; a misaligned key names the indentation', () => {
    assert.match(only('a: [1, 2\nb: 3\n').hint, /Close the \[ … \] list .* with \]/);
    assert.match(only('a: {x: 1\nb: 2\n').hint, /Close the \{ … \} mapping .* with \}/);
    assert.match(only('a:\n  b: 1\n c: 2\n').hint, /indentation/);
    assert.match(only('a: 1\n\tb: 2\n').hint, /tab/);
    assert.match(only('a: @x\n').hint, /quotes/);
  });
});
