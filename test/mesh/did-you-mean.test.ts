import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli } from '../support/cli.ts';

const demo = join(import.meta.dirname, '..', '..', 'examples', 'alpine-bikes');

interface Report {
  findings: { code: string; file: string; path: string; hint: string; message: string }[];
}

/** The demo mesh's definitions in a temp folder, with `edits` applied (file → [from, to]). */
function copyDemo(edits: Record<string, [string | RegExp, string][]> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'meshwork-did-you-mean-'));
  cpSync(demo, root, { recursive: true, filter: (src) => !/[/\\](data|\.meshwork)$/.test(src) });
  for (const [file, changes] of Object.entries(edits)) {
    let text = readFileSync(join(root, file), 'utf8');
    for (const [from, to] of changes) {
      const next = text.replace(from, to);
      assert.notEqual(next, text, `${file}: ${String(from)} is there to change`);
      text = next;
    }
    writeFileSync(join(root, file), text);
  }
  return root;
}

describe('did you mean … for misspelled keys', () => {
  let root: string;
  let report: Report;
  before(async () => {
    root = copyDemo({
      'meshwork.yaml': [
        [/^legalName:/m, 'legalname:'],
        ['- terms: [kunde', '- term: [kunde'],
      ],
      'domains/sales/domain.yaml': [[/^title:/m, 'titel:']],
      'domains/sales/sales-orders/product.odps.yaml': [[/^description:/m, 'descripton:']],
      'domains/sales/sales-orders/orders.odcs.yaml': [
        [/^tags:/m, 'tgas:'],
        ['        logicalType: integer', '        logicalTyp: integer'],
      ],
    });
    const run = await cli(['validate', root, '--format', 'json'], root);
    assert.equal(run.code, 1, run.stderr);
    report = JSON.parse(run.stdout) as Report;
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const hintFor = (file: string, path: string): string | undefined =>
    report.findings.find(
      (f) => f.code === 'unknown-property' && f.file.endsWith(file) && f.path === path,
    )?.hint;

  test('in meshwork.yaml, also inside the glossary', () => {
    assert.equal(hintFor('meshwork.yaml', '$.legalname'), 'Did you mean "legalName"?');
    assert.equal(hintFor('meshwork.yaml', '$.glossary[0].term'), 'Did you mean "terms"?');
  });

  test('in domain.yaml', () => {
    assert.equal(hintFor('domains/sales/domain.yaml', '$.titel'), 'Did you mean "title"?');
  });

  test('in an ODPS product', () => {
    assert.equal(
      hintFor('sales-orders/product.odps.yaml', '$.descripton'),
      'Did you mean "description"?',
    );
  });

  test('in an ODCS contract, at the top and in a nested property', () => {
    assert.equal(hintFor('sales-orders/orders.odcs.yaml', '$.tgas'), 'Did you mean "tags"?');
    assert.equal(
      hintFor('sales-orders/orders.odcs.yaml', '$.schema[0].properties[0].logicalTyp'),
      'Did you mean "logicalType"?',
    );
  });

  test('a key far from every known one keeps the general hint', async () => {
    const far = copyDemo({ 'domains/sales/domain.yaml': [[/^title:/m, 'title: Sales\nzzzqqq:']] });
    try {
      const run = await cli(['validate', far, '--format', 'json'], far);
      const finding = (JSON.parse(run.stdout) as Report).findings.find((f) =>
        f.path.endsWith('zzzqqq'),
      );
      assert.match(finding?.hint ?? '', /Check the spelling/);
    } finally {
      rmSync(far, { recursive: true, force: true });
    }
  });
});

describe('the glossary in meshwork.yaml', () => {
  test('an entry needs two terms or more', async () => {
    const root = copyDemo({
      'meshwork.yaml': [['- terms: [kunde, customer, client]', '- terms: [kunde]']],
    });
    try {
      const run = await cli(['validate', root, '--format', 'json'], root);
      const findings = (JSON.parse(run.stdout) as Report).findings;
      assert.deepEqual(
        findings.map((f) => [f.code, f.path]),
        [['out-of-range', '$.glossary[0].terms']],
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('did you mean … for paths and products', () => {
  let root: string;
  before(() => {
    root = copyDemo();
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('validate, check and test name the path that exists', async () => {
    const validate = await cli(['validate', 'domains/sals/sales-ordrs'], root);
    assert.equal(validate.code, 2);
    assert.match(validate.stderr, /Did you mean "domains\/sales\/sales-orders"\?/);
    const check = await cli(['check', 'domain'], root);
    assert.match(check.stderr, /Did you mean "domains"\?/);
    const tested = await cli(['test', 'domains/sales/sales-orderz'], root);
    assert.match(tested.stderr, /Did you mean ".*domains\/sales\/sales-orders"\?/);
  });

  test('build names the product that exists', async () => {
    const run = await cli(['build', '--mesh', root, 'sales-ordrs'], root);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no product "sales-ordrs".*did you mean "sales-orders"\?/);
  });

  test('a path with no close match says only that it is missing', async () => {
    const run = await cli(['validate', 'zzzzzzzz'], root);
    assert.match(run.stderr, /zzzzzzzz: no such file or folder\.\n$/);
  });
});
