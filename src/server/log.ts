import { MeshworkError } from '../app/errors.ts';

/** How much the server writes: each level includes the ones before it. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Fields of a log line: flat, JSON-safe values only (never bodies, headers or secrets). */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** The server's structured log: one JSON object per line. */
export interface ServerLog {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
}

export interface LogOptions {
  readonly level?: LogLevel;
  /** Where lines go (the CLI passes its stderr); without it nothing is written. */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

/**
 * A log writing `{"time","level","msg",…fields}` lines. Library code does not own the
 * console, so the writer is handed in; without one (in-process tests, embedding) the
 * log is silent.
 */
export function createServerLog(options: LogOptions = {}): ServerLog {
  const write = options.write;
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
  const now = options.now ?? (() => new Date());
  const at =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}): void => {
      if (!write || LOG_LEVELS.indexOf(level) > threshold) return;
      write(`${JSON.stringify({ time: now().toISOString(), level, msg: message, ...fields })}\n`);
    };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/** A log that writes nothing. */
export const SILENT_LOG: ServerLog = createServerLog();

/** `MESHWORK_LOG_LEVEL` (error, warn, info, debug; default info); anything else is a usage error. */
export function logLevelFrom(env: NodeJS.ProcessEnv): LogLevel {
  const value = env.MESHWORK_LOG_LEVEL?.trim().toLowerCase();
  if (value === undefined || value === '') return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new MeshworkError(
    'usage',
    `MESHWORK_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${env.MESHWORK_LOG_LEVEL}".`,
  );
}
