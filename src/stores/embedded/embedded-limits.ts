import { join } from 'node:path';
import type { AttemptRepository, SignInFlow, SignInFlowRepository } from '../../app/store/store.ts';
import {
  assertAttemptKey,
  newestAttempt,
  releaseAttempt,
  reserveAttempt,
} from '../../core/limits/attempt-window.ts';
import { assertSignInFlowId, flowsToDrop } from '../../core/limits/sign-in-flows.ts';
import type { CollectionLog } from './collection-log.ts';
import { guardedDocuments } from './guarded-documents.ts';

interface AttemptDocument {
  readonly id: string;
  readonly attempts: readonly number[];
}

/**
 * Attempt windows and pending sign-in flows (issue 14) as guarded documents: each reserve,
 * release and take is one read-check-write under its collection's lock file
 * (`attempts-change.lock`, `sign-in-flows-change.lock`), so a CLI and a server — or two
 * servers on one workspace — count one limit and finish a flow once. The logs must look
 * at their file on every read (guarded-documents.ts).
 */
export function embeddedLimits(
  dir: string,
  log: (name: string) => CollectionLog,
): { readonly attempts: AttemptRepository; readonly signInFlows: SignInFlowRepository } {
  const attempts = guardedDocuments<AttemptDocument>(
    log('attempts'),
    join(dir, 'attempts-change.lock'),
    'attempt window',
  );
  const flows = guardedDocuments<SignInFlow>(
    log('sign-in-flows'),
    join(dir, 'sign-in-flows-change.lock'),
    'sign-in flow',
  );
  return {
    attempts: {
      async reserve(key, window, now) {
        assertAttemptKey(key);
        return attempts.modify(key, (current) => {
          const step = reserveAttempt(current?.attempts ?? [], window, now);
          return {
            write: step.waitMs === 0 ? { id: key, attempts: step.attempts } : null,
            result: step.waitMs,
          };
        });
      },
      async release(key, window, now) {
        assertAttemptKey(key);
        return attempts.modify(key, (current) => {
          if (current === null) return { write: null, result: undefined };
          const left = releaseAttempt(current.attempts, window, now);
          return {
            write: left.length === 0 ? 'delete' : { id: key, attempts: left },
            result: undefined,
          };
        });
      },
      async reset(key) {
        assertAttemptKey(key);
        await attempts.remove(key);
      },
      async prune(before) {
        return (await attempts.removeWhere((d) => newestAttempt(d.attempts) <= before)).length;
      },
    },
    signInFlows: {
      async put(flow, bounds) {
        assertSignInFlowId(flow.id);
        await flows.modify(flow.id, () => ({ write: flow, result: undefined }));
        // A flow is deleted when taken; what stays are abandoned sign-ins. removeWhere
        // compacts the log, so it runs only beyond `keep`, and then makes room for a tenth
        // more: a flood costs one compaction per keep/10 flows, not one per flow.
        const all = await flows.all();
        if (all.length <= bounds.keep) return;
        const room = Math.floor(bounds.keep * 0.9);
        const doomed = new Set(flowsToDrop(all, bounds.now, room).map((f) => f.id));
        if (doomed.size > 0) await flows.removeWhere((f) => doomed.has(f.id));
      },
      async take(id, now) {
        assertSignInFlowId(id);
        return flows.modify(id, (current) => ({
          write: current === null ? null : 'delete',
          result: current !== null && current.expiresAt > now ? current : null,
        }));
      },
    },
  };
}
