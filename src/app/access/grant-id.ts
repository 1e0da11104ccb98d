import { createHash } from 'node:crypto';

/**
 * The id of the grant an access request becomes: derived from the request, so an
 * activation run again (the sweep's recovery after a server died between the writes)
 * names the same grant — the store refuses a second one, and the engines provision the
 * same views and roles instead of a second set. UUID-shaped (version 8, RFC 9562) like
 * the ids it replaces, so nothing that shows or bounds grant ids sees a change.
 */
export function grantIdOf(requestId: string): string {
  const hex = createHash('sha256').update(`meshwork grant\0${requestId}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
