/* eslint-disable @typescript-eslint/require-await -- in memory, every answer is immediate; the interface is async for the real stores */
import type {
  AttemptRepository,
  SignInFlow,
  SignInFlowRepository,
} from '../../src/app/store/store.ts';
import type { Attempts } from '../../src/core/limits/attempt-window.ts';
import {
  assertAttemptKey,
  newestAttempt,
  releaseAttempt,
  reserveAttempt,
} from '../../src/core/limits/attempt-window.ts';
import { assertSignInFlowId, flowsToDrop } from '../../src/core/limits/sign-in-flows.ts';

/** Attempts and sign-in flows in memory; each method runs without an await, so atomically. */
export function memoryLimits(): {
  readonly attempts: AttemptRepository;
  readonly signInFlows: SignInFlowRepository;
} {
  const attempts = new Map<string, Attempts>();
  const flows = new Map<string, SignInFlow>();
  return {
    attempts: {
      async reserve(key, window, now) {
        assertAttemptKey(key);
        const step = reserveAttempt(attempts.get(key) ?? [], window, now);
        attempts.set(key, step.attempts);
        return step.waitMs;
      },
      async release(key, window, now) {
        assertAttemptKey(key);
        const held = attempts.get(key);
        if (held !== undefined) attempts.set(key, releaseAttempt(held, window, now));
      },
      async reset(key) {
        assertAttemptKey(key);
        attempts.delete(key);
      },
      async prune(before) {
        let pruned = 0;
        for (const [key, held] of attempts)
          if (newestAttempt(held) <= before) {
            attempts.delete(key);
            pruned++;
          }
        return pruned;
      },
    },
    signInFlows: {
      async put(flow, bounds) {
        assertSignInFlowId(flow.id);
        flows.set(flow.id, flow);
        for (const dropped of flowsToDrop([...flows.values()], bounds.now, bounds.keep))
          flows.delete(dropped.id);
      },
      async take(id, now) {
        assertSignInFlowId(id);
        const flow = flows.get(id);
        flows.delete(id);
        return flow !== undefined && flow.expiresAt > now ? flow : null;
      },
    },
  };
}
