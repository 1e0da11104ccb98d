import { resolve } from 'node:path';
import { MeshworkError } from '../app/errors.ts';
import type { LineageEmitter } from '../app/openlineage/lineage-emitter.ts';
import {
  createLineageEmitter,
  DEFAULT_LINEAGE_TIMEOUT_MS,
} from '../app/openlineage/lineage-emitter.ts';

/** The build request's lineage options, spread into it (docs/openlineage.md). */
export interface LineageOptions {
  readonly lineage?: LineageEmitter;
  readonly lineageNamespace?: string;
}

const MAX_TIMEOUT_MS = 60_000;

/**
 * The OpenLineage emitter a process's builds use, from its environment:
 * `MESHWORK_OPENLINEAGE_URL` (+ `_API_KEY`, `_TIMEOUT_MS`), `MESHWORK_OPENLINEAGE_FILE`
 * (relative to `cwd`) and `MESHWORK_OPENLINEAGE_NAMESPACE`. Neither URL nor file: none.
 * A malformed setting is a usage error before anything is built, not a silent no-lineage.
 */
export function lineageFromEnv(env: NodeJS.ProcessEnv, cwd: string): LineageOptions {
  const timeout = env.MESHWORK_OPENLINEAGE_TIMEOUT_MS;
  let timeoutMs = DEFAULT_LINEAGE_TIMEOUT_MS;
  if (timeout !== undefined && timeout !== '') {
    timeoutMs = Number(timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS)
      throw new MeshworkError(
        'usage',
        `MESHWORK_OPENLINEAGE_TIMEOUT_MS must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}, not "${timeout}".`,
      );
  }
  const file = env.MESHWORK_OPENLINEAGE_FILE;
  const emitter = createLineageEmitter({
    ...(env.MESHWORK_OPENLINEAGE_URL ? { url: env.MESHWORK_OPENLINEAGE_URL } : {}),
    ...(env.MESHWORK_OPENLINEAGE_API_KEY ? { apiKey: env.MESHWORK_OPENLINEAGE_API_KEY } : {}),
    ...(file ? { file: resolve(cwd, file) } : {}),
    timeoutMs,
  });
  const namespace = env.MESHWORK_OPENLINEAGE_NAMESPACE?.trim();
  return {
    ...(emitter ? { lineage: emitter } : {}),
    ...(namespace ? { lineageNamespace: namespace } : {}),
  };
}
