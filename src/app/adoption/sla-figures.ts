import type { Incident } from '../../core/sla/index.ts';
import { slaPromisesOf } from '../../core/sla/index.ts';
import type { SlaFigures } from '../../core/adoption/adoption-model.ts';
import type { Catalog } from '../catalog/catalog-model.ts';
import type { MeshworkStore } from '../store/store.ts';
import { readAll, TooManyError } from './read-all.ts';

/**
 * SLA compliance from the incidents the SLA evaluation opens (`store.incidents`): of the
 * products that promise a monitored SLA, how many have an open incident. No incident is
 * only "compliant" when the SLAs were evaluated at all: without a succeeded `sla-evaluate`
 * job the figure is unavailable, never 100 %.
 */
export async function slaFigures(
  store: MeshworkStore,
  catalog: Catalog,
): Promise<{ readonly figures: SlaFigures } | { readonly unavailable: string }> {
  try {
    const evaluated = await store.jobs.list({
      kinds: ['sla-evaluate'],
      states: ['succeeded'],
      limit: 1,
    });
    if (evaluated.items.length === 0)
      return {
        unavailable: 'the SLAs have not been evaluated yet (no sla-evaluate job succeeded)',
      };
  } catch {
    return { unavailable: 'whether the SLAs were evaluated could not be read (the jobs store)' };
  }
  let open: Incident[];
  try {
    open = await readAll((page) => store.incidents.list({ states: ['open'], ...page }));
  } catch (error) {
    return {
      unavailable:
        error instanceof TooManyError
          ? `the open incidents: ${error.message}`
          : 'the incidents could not be read from the store',
    };
  }
  const withSla = new Set(
    catalog.products
      .filter((p) =>
        p.detail.outputPorts.some(
          (port) =>
            port.contract !== null &&
            slaPromisesOf(port.name, port.contract.id, port.contract.slaProperties).length > 0,
        ),
      )
      .map((p) => p.detail.id),
  );
  const broken = new Set(open.map((i) => i.productId).filter((id) => withSla.has(id)));
  return {
    figures: {
      productsWithSla: withSla.size,
      productsWithOpenIncident: broken.size,
      openIncidents: open.length,
    },
  };
}
