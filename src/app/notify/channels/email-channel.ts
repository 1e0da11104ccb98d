import nodemailer from 'nodemailer';
import type { EventText } from '../event-texts.ts';
import type { ChannelResult } from './channel-result.ts';

export interface MailSettings {
  /** `MESHWORK_SMTP_URL`, e.g. `smtps://user:password@mail.example.com:465`. A secret: never logged. */
  readonly smtpUrl: string | null;
  /** `MESHWORK_MAIL_FROM`. */
  readonly from: string;
  readonly timeoutMs: number;
}

export function mailSettingsFromEnv(env: NodeJS.ProcessEnv): MailSettings {
  const url = env.MESHWORK_SMTP_URL?.trim();
  return {
    smtpUrl: url !== undefined && url !== '' ? url : null,
    from: env.MESHWORK_MAIL_FROM?.trim() || 'Meshwork <meshwork@localhost>',
    timeoutMs: 15_000,
  };
}

/**
 * Sends one notification e-mail over SMTP with nodemailer. An SMTP reply 5xx is a
 * permanent refusal (failed for good), 4xx and no answer are worth a retry. The messages
 * are Meshwork's own: nodemailer's may quote the server's reply or the URL.
 */
export async function sendEmail(
  settings: MailSettings,
  to: string,
  text: EventText,
  signal: AbortSignal,
): Promise<ChannelResult> {
  const started = performance.now();
  const took = (): number => Math.round(performance.now() - started);
  if (settings.smtpUrl === null)
    return {
      outcome: 'failed',
      statusCode: null,
      error: {
        code: 'smtp-not-configured',
        message: 'no SMTP server is configured: set MESHWORK_SMTP_URL (and MESHWORK_MAIL_FROM)',
      },
      response: null,
      durationMs: 0,
    };
  const transport = nodemailer.createTransport({
    url: settings.smtpUrl,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  });
  const onAbort = (): void => transport.close();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const info = await transport.sendMail({
      from: settings.from,
      to,
      subject: text.title,
      text: `${text.lines.join('\n')}\n`,
    });
    const code = Number(/^(\d{3})/.exec(info.response)?.[1] ?? 250);
    return {
      outcome: 'delivered',
      statusCode: code,
      error: null,
      response: null,
      durationMs: took(),
    };
  } catch (error) {
    const failure = error as { responseCode?: unknown; code?: unknown };
    const replyCode = typeof failure.responseCode === 'number' ? failure.responseCode : null;
    const permanent = replyCode !== null && replyCode >= 500;
    return {
      outcome: permanent ? 'failed' : 'retry',
      statusCode: replyCode,
      error: {
        code: replyCode !== null ? `smtp-${replyCode}` : 'smtp-unreachable',
        message:
          replyCode !== null
            ? `the SMTP server refused the message with ${replyCode}`
            : `the SMTP server could not be reached or did not answer (${typeof failure.code === 'string' ? failure.code : 'error'})`,
      },
      response: null,
      durationMs: took(),
    };
  } finally {
    signal.removeEventListener('abort', onAbort);
    transport.close();
  }
}
