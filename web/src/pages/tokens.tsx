import type { FormEvent } from 'react';
import { useState } from 'react';
import type { ApiToken } from '../api.ts';
import { api } from '../api.ts';
import { CopyButton } from '../components/copy-button.tsx';
import { Await, Empty } from '../components/states.tsx';
import { useI18n } from '../i18n.ts';
import { useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';

function TokenState({ token }: { token: ApiToken }) {
  const { t } = useI18n();
  if (token.revoked) return <span className="badge small tone-muted">{t('revoked')}</span>;
  if (token.expiresAt && Date.parse(token.expiresAt) <= Date.now())
    return <span className="badge small tone-warn">{t('expired')}</span>;
  return <span className="badge small tone-good">{t('valid_token')}</span>;
}

/** "My API tokens": create one (shown once), list them, revoke one (issue 9, docs/auth.md). */
export function TokensPage() {
  const { t, locale } = useI18n();
  useTitle(t('tokensTitle'));
  const [version, setVersion] = useState(0);
  const [loaded, retry] = useLoad(`tokens:${version}`, () => api.tokens());
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const date = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB') : t('never');

  async function create(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const expires = days.trim() === '' ? undefined : Number(days);
      const answer = await api.createToken(name.trim(), expires);
      setCreated({ name: answer.name, token: answer.token });
      setName('');
      setVersion((n) => n + 1);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  async function revoke(token: ApiToken): Promise<void> {
    if (!window.confirm(t('confirmRevoke', { name: token.name }))) return;
    try {
      await api.revokeToken(token.id);
      setVersion((n) => n + 1);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  return (
    <div className="page">
      <h1>{t('tokensTitle')}</h1>
      <p className="lead">{t('tokensIntro')}</p>
      <section className="panel" aria-labelledby="new-token">
        <h2 id="new-token">{t('createToken')}</h2>
        <form className="form inline-form" onSubmit={(e) => void create(e)}>
          <label>
            <span>{t('name')}</span>
            <input
              name="token-name"
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label>
            <span>{t('tokenExpiry')}</span>
            <input
              name="token-days"
              type="number"
              min={1}
              max={3650}
              value={days}
              onChange={(e) => setDays(e.target.value)}
            />
          </label>
          <button type="submit" className="button primary" disabled={busy || name.trim() === ''}>
            {t('createToken')}
          </button>
        </form>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        {created ? (
          <div className="token-once" role="status" data-testid="new-token">
            <p>
              <strong>{t('tokenCreated')}</strong>
            </p>
            <p className="token-value">
              <code data-testid="token-value">{created.token}</code>
              <CopyButton text={created.token} label={created.name} />
            </p>
          </div>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="token-list">
        <h2 id="token-list">{t('tokensTitle')}</h2>
        <Await loaded={loaded} retry={retry}>
          {(answer) =>
            answer.items.length === 0 ? (
              <Empty>{t('noTokens')}</Empty>
            ) : (
              <div className="table-wrap">
                <table data-testid="tokens">
                  <thead>
                    <tr>
                      <th scope="col">{t('name')}</th>
                      <th scope="col">{t('created')}</th>
                      <th scope="col">{t('expires')}</th>
                      <th scope="col">{t('lastUsed')}</th>
                      <th scope="col">{t('status')}</th>
                      <th scope="col">{t('actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {answer.items.map((token) => (
                      <tr key={token.id} data-token={token.name}>
                        <th scope="row" translate="no">
                          {token.name}
                        </th>
                        <td>{date(token.createdAt)}</td>
                        <td>{date(token.expiresAt)}</td>
                        <td>{date(token.lastUsedAt)}</td>
                        <td>
                          <TokenState token={token} />
                        </td>
                        <td>
                          {token.revoked ? null : (
                            <button
                              type="button"
                              className="button small"
                              onClick={() => void revoke(token)}
                            >
                              {t('revoke')}
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Await>
      </section>
    </div>
  );
}
