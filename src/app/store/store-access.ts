import type { MeshworkStore } from './store.ts';

/**
 * How a service reaches the store without opening it: it hands over a piece of work and
 * gets its result. The caller decides what that means — the CLI opens the workspace's store
 * for each piece and closes it again (so a long build never holds it while a server reads
 * along, `runtime/open-store.ts`), a server runs it on the store it holds (`heldStore`).
 */
export type StoreAccess = <T>(work: (store: MeshworkStore) => Promise<T>) => Promise<T>;

/** Access to a store that is open already and stays open (its owner closes it). */
export function heldStore(store: MeshworkStore): StoreAccess {
  return (work) => work(store);
}
