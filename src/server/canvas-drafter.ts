import { MeshworkError } from '../app/errors.ts';
import type { Drafter } from './deps.ts';

/** Until `draftProduct` (app/canvas/draft-product.ts) lands on this branch. */
export const draftForCanvas: Drafter = () =>
  Promise.reject(new MeshworkError('engine', 'Drafting products is not available in this build.'));
