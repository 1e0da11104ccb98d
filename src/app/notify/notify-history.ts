/**
 * How long notification events and finished deliveries are kept (issue 13): every event
 * leaves one delivery per recipient and subscription, so without an end the delivery log
 * grows with every check run, for ever. `jobs-prune` deletes what is older, daily.
 */
export const NOTIFY_HISTORY_DAYS_DEFAULT = 90;
/** Ten years, as for the job history: beyond it a typo is likelier than a wish. */
export const NOTIFY_HISTORY_DAYS_MAX = 3650;

/** `MESHWORK_NOTIFY_HISTORY_DAYS`: a whole number of days from 1 to 3650, else why not. */
export function notifyHistoryDays(
  env: NodeJS.ProcessEnv,
): { readonly days: number } | { readonly problem: string } {
  const text = env.MESHWORK_NOTIFY_HISTORY_DAYS;
  if (text === undefined || text.trim() === '') return { days: NOTIFY_HISTORY_DAYS_DEFAULT };
  const days = Number(text);
  if (!/^\s*\d{1,4}\s*$/.test(text) || days < 1 || days > NOTIFY_HISTORY_DAYS_MAX)
    return {
      problem: `MESHWORK_NOTIFY_HISTORY_DAYS must be a whole number of days from 1 to ${NOTIFY_HISTORY_DAYS_MAX}; got ${JSON.stringify(text.slice(0, 40))}. Nothing was deleted.`,
    };
  return { days };
}
