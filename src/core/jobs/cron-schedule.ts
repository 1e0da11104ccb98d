import { Cron } from 'croner';

/**
 * Cron expressions of `meshworkSchedule` (issue 13), read by `croner`: five fields
 * (minute hour day-of-month month day-of-week), evaluated in an IANA time zone — the
 * mesh's `defaults.timezone`, UTC when it names none. Five fields only, so a schedule
 * fires at most once a minute: the seconds field of six- and seven-field crons is refused.
 */
export const SCHEDULE_PROPERTY = 'meshworkSchedule';
export const DEFAULT_TIMEZONE = 'UTC';
/** Longer text is no cron expression; bounds what is parsed and echoed in findings. */
export const MAX_CRON_LENGTH = 200;

export type CronCheck =
  | { readonly ok: true; readonly cron: CronSchedule }
  | {
      readonly ok: false;
      readonly problem: 'invalid' | 'too-frequent' | 'never-fires';
      readonly reason: string;
    };

export interface CronSchedule {
  readonly expression: string;
  readonly timezone: string;
  /** The latest occurrence at or before `at`; null when there is none. */
  latestAtOrBefore(at: Date): Date | null;
  /** The first occurrence after `at`; null when there is none. */
  nextAfter(at: Date): Date | null;
}

/** Whether `name` is an IANA time zone this runtime knows (`Intl` throws a RangeError otherwise). */
export function isTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 100) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Parses `expression` for `timezone` (which the caller checked with `isTimeZone`). */
export function parseCron(expression: string, timezone: string): CronCheck {
  const text = expression.trim();
  if (text.length === 0) return { ok: false, problem: 'invalid', reason: 'it is empty' };
  if (text.length > MAX_CRON_LENGTH)
    return {
      ok: false,
      problem: 'invalid',
      reason: `it is longer than ${MAX_CRON_LENGTH} characters`,
    };
  const fields = text.split(/\s+/);
  if (!text.startsWith('@') && fields.length !== 5) {
    if (fields.length === 6 || fields.length === 7)
      return {
        ok: false,
        problem: 'too-frequent',
        reason: `it has ${fields.length} fields: the first would be seconds`,
      };
    return {
      ok: false,
      problem: 'invalid',
      reason: `it has ${fields.length} field${fields.length === 1 ? '' : 's'}, not 5`,
    };
  }
  let cron: Cron;
  try {
    cron = new Cron(text, { timezone, paused: true, mode: '5-part' });
  } catch (error) {
    return { ok: false, problem: 'invalid', reason: reasonOf(error) };
  }
  if (cron.nextRun(new Date(0)) === null)
    return { ok: false, problem: 'never-fires', reason: 'no date matches it' };
  return {
    ok: true,
    cron: {
      expression: text,
      timezone,
      latestAtOrBefore: (at) => {
        // A run at `at` itself counts as due; croner's previousRuns looks strictly before.
        const [latest] = cron.previousRuns(1, new Date(at.getTime() + 1000));
        return latest !== undefined && latest.getTime() <= at.getTime() ? latest : null;
      },
      nextAfter: (at) => cron.nextRun(at),
    },
  };
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // croner prefixes its class name: "CronPattern: Invalid value for minute: 61".
  return message.replace(/^Cron\w*:\s*/, '').slice(0, 200);
}
