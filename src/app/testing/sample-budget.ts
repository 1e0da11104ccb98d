import type { SampleRow, SampleValue } from '../../core/quality/index.ts';

/**
 * What samples may cost a run (docs/testing.md "Samples"): they are fetched only for checks
 * that did not pass, at most `SAMPLE_ROWS` rows each, every text value cut to
 * `SAMPLE_VALUE_CHARS` characters, and no more than `SAMPLE_BYTES` of them per run — a run
 * is stored, reported to a server and shown in the portal, so a wide table with many
 * failing checks must not turn it into megabytes.
 */
export const SAMPLE_ROWS = 5;
export const SAMPLE_BYTES = 64 * 1024;
export const SAMPLE_VALUE_CHARS = 200;

export interface SampleBudget {
  /** False with `--no-samples`: no sample query runs at all. */
  readonly enabled: boolean;
  /** Whether anything is left: once spent, no sample query runs. */
  hasRoom(): boolean;
  /** The rows that still fit the run's budget; `cut` when some did not. */
  take(rows: readonly SampleRow[]): { readonly rows: readonly SampleRow[]; readonly cut: boolean };
}

export function createSampleBudget(options: {
  readonly enabled: boolean;
  readonly bytes?: number;
}): SampleBudget {
  let left = options.bytes ?? SAMPLE_BYTES;
  return {
    enabled: options.enabled,
    hasRoom: () => left > 0,
    take(rows) {
      const taken: SampleRow[] = [];
      for (const row of rows.slice(0, SAMPLE_ROWS)) {
        const short = shorten(row);
        const size = Buffer.byteLength(JSON.stringify(short));
        if (size > left) {
          left = 0;
          return { rows: taken, cut: true };
        }
        left -= size;
        taken.push(short);
      }
      return { rows: taken, cut: false };
    },
  };
}

function shorten(row: SampleRow): SampleRow {
  const out: Record<string, SampleValue> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] =
      typeof value === 'string' && value.length > SAMPLE_VALUE_CHARS
        ? `${value.slice(0, SAMPLE_VALUE_CHARS)}…`
        : value;
  }
  return out;
}
