import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MeshEvent } from '../../../core/notify/mesh-event.ts';

/**
 * A mesh event as a CloudEvents 1.0 event in structured JSON mode
 * (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md):
 * sent with `content-type: application/cloudevents+json`.
 */
export interface CloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: Readonly<Record<string, string | number | boolean | null>>;
}

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

/** `source`: the server's public URL when set (`MESHWORK_PUBLIC_URL`), else `/meshwork`. */
export function toCloudEvent(event: MeshEvent, source: string): CloudEvent {
  return {
    specversion: '1.0',
    id: event.id,
    source,
    type: `io.meshwork.${event.type}`,
    subject: event.subject,
    time: event.at,
    datacontenttype: 'application/json',
    data: { productId: event.productId, domain: event.domain, ...event.data },
  };
}

export function eventSource(env: NodeJS.ProcessEnv): string {
  const url = env.MESHWORK_PUBLIC_URL?.trim();
  return url !== undefined && url !== '' ? url : '/meshwork';
}

/** The header carrying the signature. */
export const SIGNATURE_HEADER = 'meshwork-signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>`. The
 * time is inside the signed text, so a captured request cannot be replayed later with a
 * new time: receivers check the signature and that `t` is recent (5 minutes).
 */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, `${t}.${body}`)}`;
}

/** Checks a `Meshwork-Signature` as a receiver would (docs/notifications.md). */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  now: Date,
  toleranceSeconds = 300,
): boolean {
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, `${t}.${body}`), 'hex');
  const actual = Buffer.from(given, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}
