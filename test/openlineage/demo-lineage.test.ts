import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { builtDemo } from '../support/built-demo.ts';
import { openLineageProblems } from '../support/openlineage-schema.ts';

interface Event {
  eventType: string;
  run: { runId: string };
  job: { namespace: string; name: string };
  inputs: { namespace: string; name: string }[];
  outputs: { namespace: string; name: string }[];
}

/**
 * The whole Alpine Bikes demo built with lineage to a file: every event valid against the
 * official schema, one START and one COMPLETE per product, and the lineage graph joined —
 * every product input that another product writes is named exactly as that product's output.
 */
describe('OpenLineage events of the demo mesh', () => {
  it('are valid, one run per product, and join up across products', async (t) => {
    const file = join(tmpdir(), `meshwork-lineage-${process.pid}.ndjson`);
    const root = await builtDemo('lineage', { MESHWORK_OPENLINEAGE_FILE: file });
    t.after(() => {
      rmSync(root, { recursive: true, force: true });
      rmSync(file, { force: true });
    });
    const events = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Event);
    for (const event of events) assert.deepEqual(openLineageProblems(event), [], event.job.name);

    const jobs = [...new Set(events.map((e) => e.job.name))];
    assert.ok(jobs.length >= 5, `products: ${jobs.join(', ')}`);
    for (const job of jobs) {
      const own = events.filter((e) => e.job.name === job);
      assert.deepEqual(
        own.map((e) => e.eventType),
        ['START', 'COMPLETE'],
        job,
      );
      assert.equal(own[0]!.run.runId, own[1]!.run.runId);
      assert.equal(own[0]!.job.namespace, 'Alpine Bikes');
    }
    const key = (d: { namespace: string; name: string }): string => `${d.namespace} ${d.name}`;
    const completes = events.filter((e) => e.eventType === 'COMPLETE');
    const written = new Set(completes.flatMap((e) => e.outputs.map(key)));
    const warehouse = join(root, '.meshwork', 'warehouse');
    const fromProducts = completes.flatMap((e) =>
      e.inputs.filter((d) => d.name.startsWith(warehouse)).map(key),
    );
    assert.ok(fromProducts.length > 0, 'some product reads another');
    for (const input of fromProducts) assert.ok(written.has(input), `${input} is some output`);
    // Every input is named somewhere: no product read nothing.
    for (const e of completes) assert.ok(e.inputs.length > 0, `${e.job.name} names its inputs`);
  });
});
