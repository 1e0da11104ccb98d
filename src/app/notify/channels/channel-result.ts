/** How one try of a delivery went, as the channel reports it. */
export interface ChannelResult {
  /** `retry`: worth trying again later (5xx, 429, timeouts, network); `failed`: never (4xx, refused). */
  readonly outcome: 'delivered' | 'retry' | 'failed';
  readonly statusCode: number | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly response: string | null;
  readonly durationMs: number;
}

/** Classifies an HTTP status: 2xx delivered, 429 and 5xx retry, every other failed for good. */
export function httpOutcome(status: number): ChannelResult['outcome'] {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 429 || status >= 500) return 'retry';
  return 'failed';
}
