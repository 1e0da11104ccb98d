import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { slackMessage, teamsMessage } from '../../src/app/notify/channels/chat-formats.ts';
import { sendDelivery } from '../../src/app/notify/channels/send-delivery.ts';
import { eventText } from '../../src/app/notify/event-texts.ts';
import { deliveryBackoffSeconds } from '../../src/app/notify/notify-deliver-executor.ts';
import type { MeshEvent } from '../../src/core/notify/mesh-event.ts';
import type { Delivery, Subscription } from '../../src/core/notify/notification-model.ts';
import { startReceiver } from './support.ts';

const AT = '2026-12-05T10:00:00.000Z';
const EVENT: MeshEvent = {
  id: 'sla.breached:inc-7',
  type: 'sla.breached',
  at: AT,
  subject: 'sales-revenue',
  productId: 'sales-revenue-product',
  domain: 'sales',
  recipients: { users: [], teams: [] },
  data: { sla: 'freshness', note: '<b>&' },
};
const context = (env: NodeJS.ProcessEnv = {}) => ({
  env: { MESHWORK_WEBHOOK_ALLOW_HOSTS: '127.0.0.1', ...env },
  now: () => new Date(),
  signal: new AbortController().signal,
});

function delivery(channel: Delivery['channel'], fields: Partial<Delivery> = {}): Delivery {
  return {
    id: `dlv_${channel}`,
    eventId: EVENT.id,
    eventType: EVENT.type,
    subscriptionId: `sub-${channel}`,
    owner: 'team:sales-team',
    channel,
    destination: 'x',
    address: null,
    language: 'de',
    state: 'pending',
    attempts: [],
    createdAt: AT,
    finishedAt: null,
    ...fields,
  };
}

function subscription(channel: Subscription['channel']): Subscription {
  return {
    id: `sub-${channel.kind}`,
    owner: 'team:sales-team',
    createdBy: 'ana',
    types: ['sla.breached'],
    scope: { kind: 'mesh' },
    channel,
    language: 'de',
    enabled: true,
    createdAt: AT,
  };
}

describe('notification channels', () => {
  it('posts Slack text and a Teams Adaptive Card, in the delivery language', async (t) => {
    const receiver = await startReceiver();
    t.after(() => receiver.close());
    const slack = await sendDelivery(
      delivery('slack'),
      EVENT,
      subscription({ kind: 'slack', url: `${receiver.url}/slack` }),
      context(),
    );
    assert.equal(slack.outcome, 'delivered');
    const teams = await sendDelivery(
      delivery('teams', { language: 'en' }),
      EVENT,
      subscription({ kind: 'teams', url: `${receiver.url}/teams` }),
      context(),
    );
    assert.equal(teams.outcome, 'delivered');
    const [slackPost, teamsPost] = receiver.requests;
    assert.match(String(slackPost!.headers['content-type']), /^application\/json/);
    const slackBody = JSON.parse(slackPost!.body) as { text: string };
    assert.match(slackBody.text, /^\*\[Meshwork\] SLA verletzt\*\n/);
    assert.match(slackBody.text, /Betrifft: sales-revenue/);
    assert.match(slackBody.text, /note: &lt;b&gt;&amp;/, 'Slack control characters escaped');
    const card = JSON.parse(teamsPost!.body) as {
      type: string;
      attachments: { contentType: string; content: { type: string; body: { text: string }[] } }[];
    };
    assert.equal(card.type, 'message');
    assert.equal(card.attachments[0]?.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(card.attachments[0]?.content.type, 'AdaptiveCard');
    assert.equal(card.attachments[0]?.content.body[0]?.text, '\\[Meshwork\\] SLA breached');
    assert.ok(card.attachments[0]?.content.body.some((b) => b.text === 'Subject: sales-revenue'));
    assert.equal(slackPost!.headers['meshwork-signature'], undefined, 'only webhooks are signed');
  });

  it('the attack: contract text cannot form a link, mention or emphasis in Teams or Slack', () => {
    const text = eventText(
      {
        ...EVENT,
        subject: 'orders [Re-authenticate here](https://evil.example/login)',
        data: { failed: '<https://evil.example/login|Re-authenticate> <!channel> **urgent** _x_' },
      },
      'en',
    );
    const teams = teamsMessage(text) as {
      attachments: { content: { body: { text: string }[] } }[];
    };
    const lines = teams.attachments[0]!.content.body.map((b) => b.text);
    assert.ok(
      lines.includes('Subject: orders \\[Re-authenticate here\\]\\(https://evil.example/login\\)'),
      JSON.stringify(lines),
    );
    for (const line of lines) {
      // No Markdown link, autolink or emphasis marker is left unescaped.
      assert.doesNotMatch(line, /(^|[^\\])\[[^\]]*[^\\]\]\(/, line);
      assert.doesNotMatch(line, /(^|[^\\])[<*_]/, line);
    }
    const slack = (slackMessage(text) as { text: string }).text;
    assert.ok(
      slack.includes('failed: &lt;https://evil.example/login|Re-authenticate&gt; &lt;!channel&gt;'),
      slack,
    );
    assert.doesNotMatch(slack, /<|>/, 'no Slack link or mention can form');
  });

  it('a deleted subscription or a changed channel fails the delivery for good', async () => {
    const gone = await sendDelivery(delivery('webhook'), EVENT, null, context());
    assert.equal(gone.outcome, 'failed');
    assert.equal(gone.error?.code, 'subscription-changed');
  });

  it('an SMTP refusal (5xx) fails for good, an unreachable server is retried, none configured is said', async (t) => {
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('nobody@'))
          return callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
        callback();
      },
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
    const port = (smtp.server.address() as AddressInfo).port;
    t.after(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
    const email = delivery('email', { subscriptionId: null, address: 'nobody@example.com' });
    const refused = await sendDelivery(
      email,
      EVENT,
      null,
      context({ MESHWORK_SMTP_URL: `smtp://127.0.0.1:${port}` }),
    );
    assert.deepEqual(
      [refused.outcome, refused.statusCode, refused.error?.code],
      ['failed', 550, 'smtp-550'],
    );
    const closedPort = await sendDelivery(
      email,
      EVENT,
      null,
      context({ MESHWORK_SMTP_URL: 'smtp://user:hunter2@127.0.0.1:1' }),
    );
    assert.equal(closedPort.outcome, 'retry');
    assert.equal(closedPort.error?.code, 'smtp-unreachable');
    assert.equal(
      JSON.stringify(closedPort).includes('hunter2'),
      false,
      'the SMTP password is never said',
    );
    const none = await sendDelivery(email, EVENT, null, context());
    assert.deepEqual([none.outcome, none.error?.code], ['failed', 'smtp-not-configured']);
  });

  it('backs off 30 s, 2 min, 8 min, 32 min, then hourly', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => deliveryBackoffSeconds(n, 30)),
      [30, 120, 480, 1920, 3600, 3600, 3600],
    );
    assert.equal(deliveryBackoffSeconds(3, 0), 0);
  });
});
