import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Grant } from '../core/access/model.ts';
import type { ActiveGrants } from '../app/diff/report.ts';
import { EMBEDDED_STORE_DIR, withStore } from '../app/store/open-store.ts';

/**
 * The active grants of a workspace, for `meshwork diff` to name the teams a change reaches.
 * A workspace without a store has granted nothing (nothing is created to find that out); a
 * store that cannot be read is reported as such, never taken for "no grants".
 */
export async function activeGrantsOf(
  meshRoot: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ActiveGrants> {
  const url = env.MESHWORK_DATABASE_URL;
  if ((url === undefined || url === '') && !existsSync(join(meshRoot, EMBEDDED_STORE_DIR))) {
    return { grants: [] };
  }
  try {
    return await withStore({ meshRoot, env }, async (store) => {
      const grants: Grant[] = [];
      let cursor: string | null = null;
      do {
        const page = await store.grants.list({ states: ['active'], limit: 500, cursor });
        grants.push(...page.items);
        cursor = page.next;
      } while (cursor !== null);
      return { grants };
    });
  } catch (error) {
    return {
      unavailable: `the teams with access are not named: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
