import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { OutboundPolicy } from './outbound-address.ts';
import { checkOutboundUrl, isSpecialAddress, refusedAddress } from './outbound-address.ts';

/** How long one outbound post may take in all (connect, send, answer), by default. */
export const OUTBOUND_TIMEOUT_MS = 10_000;

/** At most this much of a receiver's answer is kept (the delivery log shows it). */
export const RESPONSE_KEPT_CHARS = 200;

export type OutboundResult =
  | {
      readonly kind: 'answered';
      readonly status: number;
      /** The start of the answer, at most 200 characters. */
      readonly response: string;
      readonly durationMs: number;
    }
  | {
      readonly kind: 'not-sent' | 'no-answer';
      /** `invalid-url`, `https-required`, `address-refused`, `timeout`, `network-error`, `aborted`. */
      readonly code: string;
      readonly message: string;
      readonly durationMs: number;
    };

export interface OutboundPost {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly policy: OutboundPolicy;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

class RefusedAddressError extends Error {
  constructor(readonly address: string) {
    super(`refused address ${address}`);
  }
}

/**
 * POSTs to a notification receiver: the URL checked first (`checkOutboundUrl`), the name
 * resolved through a lookup that refuses special addresses — the very addresses the
 * socket then connects to, so a DNS answer cannot change between check and use — no
 * redirect followed (node's http does not; a 3xx is handed back as an answer), a timeout
 * over the whole exchange, and at most 200 characters of the answer read.
 */
export function postOutbound(post: OutboundPost): Promise<OutboundResult> {
  const started = performance.now();
  const took = (): number => Math.round(performance.now() - started);
  const checked = checkOutboundUrl(post.url, post.policy);
  if (!checked.ok)
    return Promise.resolve({
      kind: 'not-sent',
      code: checked.code,
      message: checked.message,
      durationMs: 0,
    });
  const guarded = !checked.allowed;
  const lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = guarded ? addresses.find((a) => isSpecialAddress(a.address)) : undefined;
      if (refused) return callback(new RefusedAddressError(refused.address), []);
      if (options.all === true) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), []);
      callback(null, first.address, first.family);
    });
  };

  return new Promise<OutboundResult>((resolve) => {
    let settled = false;
    const finish = (result: OutboundResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      post.signal?.removeEventListener('abort', onAbort);
      request.destroy();
      resolve(result);
    };
    const failed = (code: string, message: string): void =>
      finish({ kind: 'no-answer', code, message, durationMs: took() });
    const send = checked.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(checked.url, {
      method: 'POST',
      headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
      lookup,
      // No connection pooling: a kept-alive socket would skip the lookup's check next time.
      agent: false,
    });
    const timeoutMs = post.timeoutMs ?? OUTBOUND_TIMEOUT_MS;
    const timer = setTimeout(
      () => failed('timeout', `the receiver did not answer within ${timeoutMs} ms`),
      timeoutMs,
    );
    const onAbort = (): void =>
      failed('aborted', 'the delivery was stopped (the worker lost its job or is stopping)');
    if (post.signal?.aborted) return onAbort();
    post.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error: Error) => {
      if (error instanceof RefusedAddressError) {
        const refusal = refusedAddress(error.address);
        finish({
          kind: 'not-sent',
          code: refusal.code,
          message: refusal.message,
          durationMs: took(),
        });
        return;
      }
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
      failed('network-error', `the receiver could not be reached (${code})`);
    });
    request.on('response', (response: IncomingMessage) => {
      let text = '';
      response.setEncoding('utf8');
      const done = (): void =>
        finish({
          kind: 'answered',
          status: response.statusCode ?? 0,
          response: text.slice(0, RESPONSE_KEPT_CHARS),
          durationMs: took(),
        });
      response.on('data', (chunk: string) => {
        text += chunk;
        if (text.length >= RESPONSE_KEPT_CHARS) done();
      });
      response.on('end', done);
      response.on('error', done);
    });
    request.end(post.body);
  });
}
