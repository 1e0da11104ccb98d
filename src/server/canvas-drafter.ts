import { draftProduct } from '../app/canvas/draft-product.ts';
import type { Drafter } from './deps.ts';

/**
 * The server's drafter: `draftProduct` with the server's environment, where a source
 * input's credentials come from (`MESHWORK_<SERVER>_URL`, …) when the draft describes the
 * starter transform on the real inputs.
 */
export function canvasDrafter(env: NodeJS.ProcessEnv): Drafter {
  return (meshRoot, canvas) => draftProduct(meshRoot, canvas, { env });
}
