import { defineCatalogue } from '../findings/codes.ts';

/** Codes of the schedules (`meshworkSchedule`) and the mesh's time zone they run in. */
export const scheduleCodes = defineCatalogue({
  'invalid-schedule': {
    severity: 'error',
    message: (p: { value: string; reason: string }) =>
      `meshworkSchedule "${p.value}" is not a cron expression Meshwork can run: ${p.reason}.`,
    hint: () =>
      'Write five fields: minute hour day-of-month month day-of-week, e.g. "0 6 * * 1-5" (06:00 on weekdays) or "*/15 * * * *".',
  },
  'schedule-too-frequent': {
    severity: 'error',
    message: (p: { value: string; reason: string }) =>
      `meshworkSchedule "${p.value}" would run more often than once a minute (${p.reason}).`,
    hint: () =>
      'Meshwork runs a schedule at most once a minute: drop the seconds field and write five fields, e.g. "* * * * *".',
  },
  'schedule-never-fires': {
    severity: 'error',
    message: (p: { value: string }) =>
      `meshworkSchedule "${p.value}" matches no date, so it never runs.`,
    hint: () => 'Check the day of month against the month (there is no 30 February).',
  },
  'schedule-not-a-string': {
    severity: 'error',
    message: () => 'meshworkSchedule must be a cron expression written as a string.',
    hint: () => 'Quote the expression: value: "0 6 * * *".',
  },
  'invalid-timezone': {
    severity: 'error',
    message: (p: { value: string }) => `"${p.value}" is not an IANA time zone.`,
    hint: () =>
      'Name a zone of the IANA database, e.g. Europe/Berlin or UTC; schedules run in it (UTC when none is set).',
  },
});
