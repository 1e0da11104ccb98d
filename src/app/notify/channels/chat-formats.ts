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
            {
              type: 'TextBlock',
              text: escapeTeams(text.title),
              weight: 'Bolder',
              size: 'Medium',
              wrap: true,
            },
            ...text.lines.map((line) => ({
              type: 'TextBlock',
              text: escapeTeams(line),
              wrap: true,
              spacing: 'None',
            })),
          ],
        },
      },
    ],
  };
}

/**
 * Slack treats &, < and > as control characters in text: escaping them keeps a name in a
 * contract from forming a link (`<https://evil.example|Re-authenticate>`) or a mention
 * (`<!channel>`). Emphasis (`*`, `_`) has no escape in mrkdwn and cannot make a link.
 */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A TextBlock's text is Markdown in Teams: names from contracts (products, checks, SLA
 * notes) would otherwise become links (`[Re-authenticate here](https://evil.example)`),
 * emphasis or headings. Backslash escapes (CommonMark) keep them literal; a bare URL is
 * still linked by Teams but shows what it points to.
 */
export function escapeTeams(text: string): string {
  return text.replace(/[\\`*_~[\]()<>#|!{}]/g, (c) => `\\${c}`);
}
