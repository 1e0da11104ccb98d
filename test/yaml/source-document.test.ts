import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { parseSourceDocument } from '../../src/core/yaml/source-document.ts';
import { repoRoot, standardsDir, standardsMissing } from '../support/standards.ts';

/** What the full parser (the `yaml` library, YAML 1.2 core schema) makes of a text. */
function fullData(text: string): unknown {
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: true });
  return doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 });
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (name === 'node_modules' || name === 'data' || name.startsWith('.')) continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

describe('parseSourceDocument: the fast path and the full parser agree', () => {
  const roots = [
    join(repoRoot, 'examples'),
    join(repoRoot, 'test/fixtures'),
    join(repoRoot, 'src/app/governance/builtin'),
  ];

  it('gives the same data and syntax verdict for every YAML file of the repository', () => {
    const files = roots.flatMap(yamlFiles);
    assert.ok(files.length > 50, `found ${files.length} YAML files`);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const source = parseSourceDocument(file, text);
      assert.deepEqual(source.data, fullData(text), file);
      assert.equal(source.syntaxFindings.length > 0, source.data === undefined, file);
    }
  });

  it(
    'gives the same data for every official example and negative test',
    { skip: standardsMissing },
    () => {
      const files = yamlFiles(standardsDir);
      assert.ok(files.length > 70, `found ${files.length} YAML files`);
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        assert.deepEqual(parseSourceDocument(file, text).data, fullData(text), file);
      }
    },
  );

  it('keeps YAML 1.2 core scalars: dates and yes/no stay strings, octal and hex are numbers', () => {
    const text =
      'date: 2022-08-02\nflag: yes\nbool: true\noctal: 0o14\nhex: 0x1F\nnull1: ~\ninf: .inf\nquoted: "a\\tb"\n';
    const source = parseSourceDocument('x.yaml', text);
    assert.deepEqual(source.data, fullData(text));
    assert.deepEqual(source.data, {
      date: '2022-08-02',
      flag: 'yes',
      bool: true,
      octal: 12,
      hex: 31,
      null1: null,
      inf: Infinity,
      quoted: 'a\tb',
    });
  });

  it('reads an empty file as null, not as unparseable', () => {
    assert.equal(parseSourceDocument('empty.yaml', '').data, null);
    assert.equal(parseSourceDocument('comment.yaml', '# nothing\n').data, null);
  });

  it('reports duplicate keys and other syntax errors at their line through the full parser', () => {
    const duplicate = parseSourceDocument('d.yaml', 'a: 1\nb: 2\na: 3\n');
    assert.equal(duplicate.data, undefined);
    assert.deepEqual(
      duplicate.syntaxFindings.map((f) => [f.code, f.line]),
      [['yaml-syntax', 3]],
    );
    const indent = parseSourceDocument('i.yaml', 'a: 1\nteam:\n  name: x\n members: []\n');
    assert.deepEqual(
      indent.syntaxFindings.map((f) => [f.code, f.line]),
      [['yaml-syntax', 4]],
    );
  });

  it('leaves anchors, aliases, tags and merge keys to the full parser', () => {
    const text = 'base: &b { x: 1 }\ncopy: *b\nmerged:\n  <<: *b\n  y: 2\n';
    assert.deepEqual(parseSourceDocument('a.yaml', text).data, fullData(text));
    const billion = `a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    const bomb = parseSourceDocument('bomb.yaml', billion);
    assert.equal(bomb.data, undefined, 'excessive alias expansion is refused, not expanded');
    assert.deepEqual(
      bomb.syntaxFindings.map((f) => f.code),
      ['yaml-alias-limit'],
    );
  });

  it('places findings of a fast-parsed file at the right line and column', () => {
    const source = parseSourceDocument('p.yaml', 'a: 1\nlist:\n  - name: x\n    bad: 3\n');
    assert.deepEqual(source.locate(['list', 0, 'bad'], true), { line: 4, column: 5 });
    assert.deepEqual(source.locate(['list', 0, 'bad']), { line: 4, column: 10 });
    const [finding] = source.place([
      { severity: 'error', code: 'x', message: 'm', hint: 'h', path: ['a'] },
    ]);
    assert.deepEqual([finding?.line, finding?.column, finding?.path], [1, 4, '$.a']);
  });
});
