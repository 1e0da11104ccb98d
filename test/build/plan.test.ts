import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { productsTouchedBy, withDownstream } from '../../src/core/build/changed.ts';
import { planBuild } from '../../src/core/build/plan.ts';
import type { BuildPlan } from '../../src/core/build/plan.ts';
import { runScheduled } from '../../src/core/build/schedule.ts';
import { parseTransform } from '../../src/core/build/transform.ts';
import { buildMeshModel } from '../../src/core/mesh/mesh-model.ts';
import type { MeshModel } from '../../src/core/mesh/mesh-model.ts';
import { contract, domain, meshFromFiles, organisation, product } from '../support/mesh-fixture.ts';

/** a → b → d, a → c → d, e alone (each product's out_0 contract is `<name>-out`). */
function diamond(): MeshModel {
  const mesh = meshFromFiles({
    'meshwork.yaml': organisation,
    'domains/x/domain.yaml': domain('x'),
    'sources/src/raw.odcs.yaml': contract('raw'),
    'domains/x/a/product.odps.yaml': product({
      id: 'a',
      domain: 'x',
      inputs: ['raw'],
      outputs: ['a-out'],
    }),
    'domains/x/a/a.odcs.yaml': contract('a-out'),
    'domains/x/b/product.odps.yaml': product({
      id: 'b',
      domain: 'x',
      inputs: ['a-out'],
      outputs: ['b-out'],
    }),
    'domains/x/b/b.odcs.yaml': contract('b-out'),
    'domains/x/c/product.odps.yaml': product({
      id: 'c',
      domain: 'x',
      inputs: ['a-out'],
      outputs: ['c-out'],
    }),
    'domains/x/c/c.odcs.yaml': contract('c-out'),
    'domains/x/d/product.odps.yaml': product({
      id: 'd',
      domain: 'x',
      inputs: ['c-out', 'b-out'],
      outputs: ['d-out'],
    }),
    'domains/x/d/d.odcs.yaml': contract('d-out'),
    'domains/x/e/product.odps.yaml': product({
      id: 'e',
      domain: 'x',
      inputs: ['raw'],
      outputs: ['e-out'],
    }),
    'domains/x/e/e.odcs.yaml': contract('e-out'),
  });
  return buildMeshModel(mesh.documents);
}

function byId(model: MeshModel, ...ids: string[]): Set<MeshModel['products'][number]> {
  return new Set(model.products.filter((p) => ids.includes(p.id ?? '')));
}

const order = (plan: BuildPlan): string[] => plan.products.map((p) => p.product.id ?? '?');

describe('build planning', () => {
  it('orders products topologically, upstream first, ties by key', () => {
    const plan = planBuild(diamond());
    assert.deepEqual(order(plan), ['a', 'b', 'c', 'd', 'e']);
    const d = plan.products.find((p) => p.product.id === 'd')!;
    assert.deepEqual([...d.after].sort(), ['x/b', 'x/c']);
    assert.deepEqual(
      d.inputs.map((i) => [i.port.name, i.kind]),
      [
        ['in_0', 'product'],
        ['in_1', 'product'],
      ],
    );
    assert.equal(plan.products[0]!.inputs[0]!.kind, 'source');
  });

  it('waits only for upstream products that are part of the plan', () => {
    const model = diamond();
    const plan = planBuild(model, byId(model, 'd', 'b'));
    assert.deepEqual(order(plan), ['b', 'd']);
    assert.deepEqual(plan.products[1]!.after, ['x/b']);
    assert.deepEqual(plan.products[0]!.after, []);
  });

  it('a change touches its product and everything downstream; a source change its readers', () => {
    const model = diamond();
    const touched = productsTouchedBy(model, ['domains/x/b/transform.sql', 'README.md']);
    assert.deepEqual(
      [...touched].map((p) => p.id),
      ['b'],
    );
    assert.deepEqual([...withDownstream(model, touched)].map((p) => p.id).sort(), ['b', 'd']);
    const fromSource = withDownstream(
      model,
      productsTouchedBy(model, ['sources/src/raw.odcs.yaml']),
    );
    assert.deepEqual([...fromSource].map((p) => p.id).sort(), ['a', 'b', 'c', 'd', 'e']);
    assert.equal(productsTouchedBy(model, ['domains/x/bb/other.sql']).size, 0);
  });
});

describe('build scheduling', () => {
  it('runs independent products in parallel up to the limit, never before their upstream', async () => {
    const plan = planBuild(diamond());
    for (const limit of [1, 2, 3]) {
      let running = 0;
      let peak = 0;
      const finished: string[] = [];
      const started: string[] = [];
      const outcomes = await runScheduled(plan, limit, async (p) => {
        for (const upstream of p.after)
          assert.ok(finished.includes(upstream), `${p.key} before ${upstream}`);
        started.push(p.key);
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
        finished.push(p.key);
        return { ok: true, result: p.key };
      });
      assert.equal(outcomes.size, 5);
      assert.equal(started.length, 5);
      // a and e are ready at once; b and c after a: three can run together at most.
      assert.equal(peak, Math.min(limit, 3), `limit ${limit}`);
    }
  });

  it('skips what is downstream of a failure and builds the rest', async () => {
    const plan = planBuild(diamond());
    const ran: string[] = [];
    const outcomes = await runScheduled(plan, 2, (p) => {
      ran.push(p.key);
      return Promise.resolve({ ok: p.key !== 'x/c', result: null });
    });
    assert.deepEqual(ran.sort(), ['x/a', 'x/b', 'x/c', 'x/e']);
    assert.deepEqual(outcomes.get('x/d'), { kind: 'skipped', blockedBy: 'x/c' });
    assert.equal(outcomes.get('x/b')?.kind, 'ran');
  });
});

/**
 * b reads raw and keys into z's contract (`relationships: to: z-out.t.id`); by key alone b
 * would be built before z, and its relationship check would find no z to read.
 */
function keyedInto(mutual = false): MeshModel {
  const keyed = (id: string, to: string): unknown => ({
    ...(contract(id) as object),
    schema: [
      { name: 't', properties: [{ name: 'id', logicalType: 'string', relationships: [{ to }] }] },
    ],
  });
  const mesh = meshFromFiles({
    'meshwork.yaml': organisation,
    'domains/x/domain.yaml': domain('x'),
    'sources/src/raw.odcs.yaml': contract('raw'),
    'domains/x/b/product.odps.yaml': product({
      id: 'b',
      domain: 'x',
      inputs: ['raw'],
      outputs: ['b-out'],
    }),
    'domains/x/b/b.odcs.yaml': keyed('b-out', 'z-out.t.id'),
    'domains/x/z/product.odps.yaml': product({
      id: 'z',
      domain: 'x',
      inputs: ['raw'],
      outputs: ['z-out'],
    }),
    'domains/x/z/z.odcs.yaml': mutual ? keyed('z-out', 'b-out.t.id') : contract('z-out'),
  });
  return buildMeshModel(mesh.documents);
}

describe('relationships order the build', () => {
  it('a product whose contract keys into another product is built after it', () => {
    const plan = planBuild(keyedInto());
    assert.deepEqual(order(plan), ['z', 'b']);
    const b = plan.products.find((p) => p.product.id === 'b')!;
    assert.deepEqual(b.after, [], 'b does not read z');
    assert.deepEqual(b.waitsFor, ['x/z']);
  });

  it('a failure of the referenced product does not stop the referring one', async () => {
    const ran: string[] = [];
    const outcomes = await runScheduled(planBuild(keyedInto()), 2, (p) => {
      ran.push(p.key);
      return Promise.resolve({ ok: p.key !== 'x/z', result: null });
    });
    assert.deepEqual(ran, ['x/z', 'x/b'], 'b starts only once z finished');
    assert.equal(outcomes.get('x/b')?.kind, 'ran');
  });

  it('contracts keyed into each other keep one of the orders and build both', async () => {
    const plan = planBuild(keyedInto(true));
    assert.deepEqual(order(plan), ['z', 'b']);
    assert.deepEqual(
      plan.products.map((p) => p.waitsFor),
      [[], ['x/z']],
    );
    const outcomes = await runScheduled(plan, 2, () => Promise.resolve({ ok: true, result: null }));
    assert.equal(outcomes.size, 2);
  });
});

describe('transform sections', () => {
  it('splits a transform into a preamble and one query per port', () => {
    const parsed = parseTransform(
      [
        '-- shared',
        'create temp view paid as select 1;',
        '-- port: first',
        'select * from paid;',
        '-- trailing comment',
        '  --   PORT:   second  ',
        'select 2 -- note',
        '',
      ].join('\n'),
    );
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.preamble, '-- shared\ncreate temp view paid as select 1;');
    assert.deepEqual(
      parsed.sections.map((s) => [s.port, s.sql, s.line]),
      [
        ['first', 'select * from paid', 3],
        ['second', 'select 2 -- note', 6],
      ],
    );
  });

  it('reports a port named twice and an empty section', () => {
    const parsed = parseTransform(
      '-- port: a\nselect 1\n-- port: a\nselect 2\n-- port: b\n-- nothing\n',
    );
    assert.deepEqual(parsed.problems, [
      'line 3: port "a" has a second section',
      'line 5: the section of port "b" has no query',
    ]);
    assert.deepEqual(
      parsed.sections.map((s) => s.port),
      ['a'],
    );
  });
});
