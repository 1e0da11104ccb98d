import assert from 'node:assert/strict';
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli } from '../support/cli.ts';
import { repoRoot } from '../support/standards.ts';

interface JsonFinding {
  severity: string;
  code: string;
  file: string;
  line: number;
  column: number;
  hint: string;
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshwork-broken-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A copy of the example mesh, changed by `edit`, validated with --format json. */
async function validateCopy(
  name: string,
  edit: (root: string) => Promise<void>,
): Promise<{ code: number; findings: JsonFinding[] }> {
  const root = join(dir, name);
  await cp(join(repoRoot, 'examples/alpine-bikes'), root, { recursive: true });
  await edit(root);
  const run = await cli(['validate', name, '--format', 'json'], dir);
  assert.notEqual(run.code, 2, `validate aborted: ${run.stderr}`);
  return {
    code: run.code,
    findings: (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings,
  };
}

const ORDERS = 'domains/sales/sales-orders/orders.odcs.yaml';

describe('meshwork validate with broken files', () => {
  it('reports one unclosed quote in the file that has it, as a quote, and nowhere else as an error', async () => {
    const { code, findings } = await validateCopy('quote', async (root) => {
      const file = join(root, ORDERS);
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace(/^name: Orders$/m, 'name: "Orders'));
    });
    assert.equal(code, 1);
    const errors = findings.filter((f) => f.severity === 'error');
    assert.deepEqual(
      errors.map((f) => [f.code, f.file, f.line]),
      [['yaml-syntax', join('quote', ORDERS), 4]],
    );
    assert.match(errors[0]!.hint, /Close the quote/);
    assert.doesNotMatch(errors[0]!.hint, /indent/i);
    const elsewhere = findings.filter((f) => f.file !== join('quote', ORDERS));
    assert.ok(elsewhere.length > 0, 'the products reading the contract are told');
    assert.ok(
      elsewhere.every((f) => f.severity === 'info' && f.code === 'reference-unchecked'),
      JSON.stringify(elsewhere),
    );
  });

  it('reports !!merge on a scalar and 10,000 nested brackets as located findings, and checks the rest', async () => {
    const { code, findings } = await validateCopy('hostile', async (root) => {
      await appendFile(join(root, ORDERS), 'extra: !!merge 1\n');
      await appendFile(join(root, 'domains/finance/domain.yaml'), `deep: ${'['.repeat(10_000)}\n`);
      // A plain mistake elsewhere must still be found.
      const product = join(root, 'domains/sales/sales-customers/product.odps.yaml');
      await appendFile(product, 'colour: blue\n');
    });
    assert.equal(code, 1);
    const byCode = (c: string) => findings.filter((f) => f.code === c);
    const merge = byCode('yaml-merge-tag');
    assert.equal(merge.length, 1);
    assert.equal(merge[0]!.file, join('hostile', ORDERS));
    assert.ok(merge[0]!.line > 1 && merge[0]!.column === 8, JSON.stringify(merge[0]));
    const deep = byCode('yaml-too-deep');
    assert.equal(deep.length, 1);
    assert.equal(deep[0]!.file, join('hostile', 'domains/finance/domain.yaml'));
    assert.ok(deep[0]!.line > 1);
    assert.ok(
      byCode('unknown-property').some((f) => f.file.endsWith('sales-customers/product.odps.yaml')),
      'the rest of the mesh is still validated',
    );
  });
});
