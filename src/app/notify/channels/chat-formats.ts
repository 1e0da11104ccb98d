import type { EventText } from '../event-texts.ts';

/**
 * Slack incoming webhooks take `{ text }` (mrkdwn:
 * https://api.slack.com/messaging/webhooks); the fallback text is what notifications show.
 */
export function slackMessage(text: EventText): object {
  return {
    text: `*${escapeSlack(text.title)}*\n${text.lines.map(escapeSlack).join('\n')}`,
  };
}

/**
 * Microsoft Teams: an Adaptive Card in a `message` — the format both the Workflows
 * ("Post to a channel when a webhook request is received") and the older incoming-webhook
 * connectors accept.
 */
export function teamsMessage(text: EventText): object {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: text.title, weight: 'Bolder', size: 'Medium', wrap: true },
            ...text.lines.map((line) => ({
              type: 'TextBlock',
              text: line,
              wrap: true,
              spacing: 'None',
            })),
          ],
        },
      },
    ],
  };
}

/** Slack treats &, < and > as control characters in text. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
