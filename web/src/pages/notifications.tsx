import type { FormEvent } from 'react';
import { useState } from 'react';
import type {
  ChannelKind,
  Delivery,
  MeshEventType,
  Principal,
  Subscription,
  SubscriptionInput,
  SubscriptionScope,
} from '../api.ts';
import { CHANNEL_KINDS, EVENT_TYPES, api } from '../api.ts';
import { Await, Empty } from '../components/states.tsx';
import type { Translate } from '../i18n.ts';
import { isMessageKey, useI18n } from '../i18n.ts';
import { useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';
import { useMyTeams } from '../use-teams.ts';

export function eventTypeLabel(t: Translate, type: MeshEventType): string {
  const key = `event_${type.replace(/[.-]/g, '_')}`;
  return isMessageKey(key) ? t(key) : type;
}

function scopeLabel(t: Translate, scope: SubscriptionScope): string {
  if (scope.kind === 'product') return t('scopeProductOf', { name: scope.productId });
  if (scope.kind === 'domain') return t('scopeDomainOf', { name: scope.domain });
  return t('scopeMesh');
}

function channelLabel(t: Translate, kind: ChannelKind): string {
  return t(`channel_${kind}`);
}

/** A list of subscriptions with their test and delete buttons. */
function SubscriptionTable({
  items,
  onChanged,
  testId,
}: {
  items: readonly Subscription[];
  onChanged: () => void;
  testId: string;
}) {
  const { t } = useI18n();
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (items.length === 0) return <Empty>{t('noSubscriptions')}</Empty>;

  async function remove(s: Subscription): Promise<void> {
    if (!window.confirm(t('confirmUnsubscribe'))) return;
    setError(null);
    try {
      await api.deleteSubscription(s.id);
      onChanged();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }
  async function test(s: Subscription): Promise<void> {
    setError(null);
    try {
      const sent = await api.testSubscription(s.id);
      setNote(t('testSent', { id: sent.eventId, count: sent.deliveries.length }));
      onChanged();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  return (
    <>
      <div className="table-wrap">
        <table data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">{t('eventTypes')}</th>
              <th scope="col">{t('subscriptionScope')}</th>
              <th scope="col">{t('channel')}</th>
              {testId === 'team-subscriptions' ? <th scope="col">{t('forTeam')}</th> : null}
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id} data-subscription={s.id}>
                <td>{s.types.map((type) => eventTypeLabel(t, type)).join(', ')}</td>
                <td translate="no">{scopeLabel(t, s.scope)}</td>
                <td>
                  {channelLabel(t, s.channel.kind)}{' '}
                  <span className="muted" translate="no">
                    {s.channel.destination ?? t('ownAddress')}
                  </span>
                </td>
                {testId === 'team-subscriptions' ? (
                  <td translate="no">{s.owner.replace(/^team:/, '')}</td>
                ) : null}
                <td>
                  <button type="button" className="button small" onClick={() => void test(s)}>
                    {t('sendTest')}
                  </button>{' '}
                  <button type="button" className="button small" onClick={() => void remove(s)}>
                    {t('unsubscribe')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {note ? <p role="status">{note}</p> : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

/** The form for a new subscription: the user's own, or (with `teams`) one of a team they own. */
function SubscriptionForm({
  teams,
  onCreated,
  formId,
}: {
  teams: readonly string[] | null;
  onCreated: () => void;
  formId: string;
}) {
  const { t } = useI18n();
  const [types, setTypes] = useState<readonly MeshEventType[]>(['check.failed']);
  const [scopeKind, setScopeKind] = useState<SubscriptionScope['kind']>('mesh');
  const [scopeValue, setScopeValue] = useState('');
  const [channel, setChannel] = useState<ChannelKind>(teams ? 'webhook' : 'email');
  const [target, setTarget] = useState('');
  const [language, setLanguage] = useState<'' | 'de' | 'en'>('');
  const [team, setTeam] = useState(teams?.[0] ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (types.length === 0) {
      setError(t('chooseOneType'));
      return;
    }
    const value = scopeValue.trim();
    const scope: SubscriptionScope =
      scopeKind === 'product'
        ? { kind: 'product', productId: value }
        : scopeKind === 'domain'
          ? { kind: 'domain', domain: value }
          : { kind: 'mesh' };
    const address = target.trim();
    const input: SubscriptionInput = {
      ...(teams ? { team } : {}),
      types,
      scope,
      channel:
        channel === 'email'
          ? { kind: 'email', ...(address === '' ? {} : { address }) }
          : { kind: channel, url: address },
      ...(language === '' ? {} : { language }),
    };
    setBusy(true);
    setError(null);
    setSecret(null);
    try {
      const created = await api.createSubscription(input);
      setSecret(created.secret);
      setTarget('');
      onCreated();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  const toggle = (type: MeshEventType): void =>
    setTypes((now) => (now.includes(type) ? now.filter((x) => x !== type) : [...now, type]));

  return (
    <form
      className="form subscription-form"
      onSubmit={(e) => void submit(e)}
      data-testid={formId}
      aria-label={t('newSubscription')}
    >
      {teams ? (
        <label>
          <span>{t('forTeam')}</span>
          <select name="team" value={team} onChange={(e) => setTeam(e.target.value)}>
            {teams.map((name) => (
              <option key={name} value={name} translate="no">
                {name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <fieldset>
        <legend>{t('eventTypes')}</legend>
        {EVENT_TYPES.map((type) => (
          <label key={type} className="facet-option">
            <input
              type="checkbox"
              name="types"
              value={type}
              checked={types.includes(type)}
              onChange={() => toggle(type)}
            />
            {eventTypeLabel(t, type)}
          </label>
        ))}
      </fieldset>
      <label>
        <span>{t('subscriptionScope')}</span>
        <select
          name="scope"
          value={scopeKind}
          onChange={(e) => setScopeKind(e.target.value as SubscriptionScope['kind'])}
        >
          <option value="mesh">{t('scopeMesh')}</option>
          <option value="product">{t('scopeProduct')}</option>
          <option value="domain">{t('scopeDomain')}</option>
        </select>
      </label>
      {scopeKind === 'mesh' ? null : (
        <label>
          <span>{scopeKind === 'product' ? t('productIdLabel') : t('scopeDomain')}</span>
          <input
            name="scope-value"
            required
            maxLength={200}
            value={scopeValue}
            onChange={(e) => setScopeValue(e.target.value)}
          />
        </label>
      )}
      <label>
        <span>{t('channel')}</span>
        <select
          name="channel"
          value={channel}
          onChange={(e) => setChannel(e.target.value as ChannelKind)}
        >
          {CHANNEL_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {channelLabel(t, kind)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{channel === 'email' ? t('emailAddress') : t('channelUrl')}</span>
        <input
          name="target"
          type={channel === 'email' ? 'email' : 'url'}
          required={channel !== 'email' || teams !== null}
          maxLength={2000}
          value={target}
          onChange={(e) => setTarget(e.target.value)}
        />
      </label>
      <label>
        <span>{t('notificationLanguage')}</span>
        <select
          name="language"
          value={language}
          onChange={(e) => setLanguage(e.target.value as '' | 'de' | 'en')}
        >
          <option value="">{t('languageDefault')}</option>
          <option value="de">Deutsch</option>
          <option value="en">English</option>
        </select>
      </label>
      <button type="submit" className="button primary" disabled={busy}>
        {t('subscribe')}
      </button>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {secret ? (
        <div className="token-once" role="status" data-testid="webhook-secret">
          <p>{t('secretOnce')}</p>
          <p className="token-value">
            <code>{secret}</code>
          </p>
        </div>
      ) : null}
    </form>
  );
}

function DeliveryLog({ version }: { version: number }) {
  const { t, locale } = useI18n();
  const [loaded, retry] = useLoad(`deliveries:${version}`, () => api.deliveries());
  const date = (iso: string) => new Date(iso).toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB');
  const last = (d: Delivery) => d.attempts.at(-1);
  return (
    <Await loaded={loaded} retry={retry}>
      {(answer) =>
        answer.items.length === 0 ? (
          <Empty>{t('noDeliveries')}</Empty>
        ) : (
          <div className="table-wrap">
            <table data-testid="deliveries">
              <thead>
                <tr>
                  <th scope="col">{t('when')}</th>
                  <th scope="col">{t('eventLabel')}</th>
                  <th scope="col">{t('channel')}</th>
                  <th scope="col">{t('destination')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('attempts')}</th>
                  <th scope="col">{t('lastAttempt')}</th>
                </tr>
              </thead>
              <tbody>
                {answer.items.map((d) => {
                  const attempt = last(d);
                  return (
                    <tr key={d.id} data-delivery={d.id} data-state={d.state}>
                      <td>{date(d.createdAt)}</td>
                      <td>
                        {eventTypeLabel(t, d.eventType)} <code className="small">{d.eventId}</code>
                      </td>
                      <td>{channelLabel(t, d.channel)}</td>
                      <td translate="no">{d.destination}</td>
                      <td>
                        <span
                          className={`badge small tone-${
                            d.state === 'delivered'
                              ? 'good'
                              : d.state === 'failed'
                                ? 'bad'
                                : 'muted'
                          }`}
                        >
                          {t(`deliveryState_${d.state}`)}
                        </span>
                      </td>
                      <td>{d.attempts.length}</td>
                      <td>
                        {attempt ? (
                          <>
                            {date(attempt.at)}
                            {attempt.statusCode !== null ? ` · ${attempt.statusCode}` : ''}
                            {attempt.error ? (
                              <span className="muted" translate="no">
                                {' '}
                                · {attempt.error.message}
                              </span>
                            ) : null}
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )
      }
    </Await>
  );
}

/** "Benachrichtigungen / Notifications" (issue 13): own and team subscriptions, the delivery log. */
export function NotificationsPage({ user }: { user: Principal }) {
  const { t } = useI18n();
  useTitle(t('notificationsTitle'));
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((n) => n + 1);
  const [loaded, retry] = useLoad(`subscriptions:${version}`, () => api.subscriptions());
  const teams = useMyTeams(user);
  const owned =
    teams.state === 'ready'
      ? [
          ...new Set(
            teams.data
              .filter((team) =>
                team.members.some((m) => m.username === user.username && m.role === 'owner'),
              )
              .map((team) => team.name),
          ),
        ].sort()
      : [];
  return (
    <div className="page">
      <h1>{t('notificationsTitle')}</h1>
      <p className="lead">{t('notificationsIntro')}</p>
      <section className="panel" aria-labelledby="my-subscriptions">
        <h2 id="my-subscriptions">{t('mySubscriptions')}</h2>
        <Await loaded={loaded} retry={retry}>
          {(answer) => (
            <SubscriptionTable
              testId="my-subscriptions"
              items={answer.items.filter((s) => s.owner === `user:${user.username}`)}
              onChanged={changed}
            />
          )}
        </Await>
        <h3>{t('newSubscription')}</h3>
        <SubscriptionForm teams={null} onCreated={changed} formId="my-subscription-form" />
      </section>
      {owned.length > 0 ? (
        <section className="panel" aria-labelledby="team-subscriptions">
          <h2 id="team-subscriptions">{t('teamSubscriptions')}</h2>
          <p className="muted">{t('teamSubscriptionsIntro')}</p>
          <Await loaded={loaded} retry={retry}>
            {(answer) => (
              <SubscriptionTable
                testId="team-subscriptions"
                items={answer.items.filter((s) =>
                  owned.some((team) => ownsTeamSubscription(s.owner, team)),
                )}
                onChanged={changed}
              />
            )}
          </Await>
          <h3>{t('newSubscription')}</h3>
          <SubscriptionForm teams={owned} onCreated={changed} formId="team-subscription-form" />
        </section>
      ) : null}
      <section className="panel" aria-labelledby="delivery-log">
        <h2 id="delivery-log">{t('deliveryLog')}</h2>
        <p className="muted">{t('deliveryLogIntro')}</p>
        <DeliveryLog version={version} />
      </section>
    </div>
  );
}

/**
 * Whether a subscription belongs to the team: `team:<domain>/<team>` since teams are named
 * by their domain too (two domains may have a team of one name), `team:<team>` when stored before.
 */
function ownsTeamSubscription(owner: string, team: string): boolean {
  return owner === `team:${team}` || (owner.startsWith('team:') && owner.endsWith(`/${team}`));
}
