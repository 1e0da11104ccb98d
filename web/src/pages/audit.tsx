import type { FormEvent } from 'react';
import { useState } from 'react';
import type { AuditEntry, AuditVerification } from '../api.ts';
import { api } from '../api.ts';
import { formatDateTime } from '../components/access-bits.tsx';
import { Await, Empty } from '../components/states.tsx';
import { useI18n } from '../i18n.ts';
import { useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';

interface Filter {
  readonly actor: string;
  readonly action: string;
}

function Verify() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function verify(): Promise<void> {
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(await api.verifyAudit());
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('verifyChain')}</h2>
      <button
        type="button"
        className="button primary"
        disabled={busy}
        onClick={() => void verify()}
      >
        {busy ? t('verifying') : t('verifyChain')}
      </button>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {report ? (
        <div
          className={`state verify-${report.intact ? 'intact' : 'broken'}`}
          role="status"
          data-testid="verify-result"
          data-intact={String(report.intact)}
        >
          <p>
            <span className={`badge tone-${report.intact ? 'good' : 'bad'}`}>
              {report.intact ? '✓' : '✕'}
            </span>{' '}
            <strong>{report.intact ? t('chainIntact') : t('chainBroken')}</strong>
          </p>
          <dl className="facts">
            <dt>{t('entriesChecked')}</dt>
            <dd data-testid="entries-checked">{report.count}</dd>
            {report.broken ? (
              <>
                <dt>{t('firstBroken')}</dt>
                <dd data-testid="first-broken" data-kind={report.broken.kind}>
                  {t('sequence')} {report.broken.seq ?? report.broken.position}:{' '}
                  <strong>{t(`break_${report.broken.kind}`)}</strong>{' '}
                  <code>{report.broken.id}</code>
                  <div className="muted small" translate="no">
                    {report.broken.message}
                  </div>
                </dd>
              </>
            ) : null}
            {report.missingAnchors.length > 0 ? (
              <>
                <dt>{t('missingAnchors')}</dt>
                <dd>
                  {report.missingAnchors.map((hash) => (
                    <code key={hash} className="hash">
                      {hash}
                    </code>
                  ))}
                </dd>
              </>
            ) : null}
            {report.headHash ? (
              <>
                <dt>{t('headHash')}</dt>
                <dd>
                  <code className="hash" data-testid="head-hash">
                    {report.headHash}
                  </code>
                </dd>
              </>
            ) : null}
          </dl>
        </div>
      ) : null}
    </section>
  );
}

function details(entry: AuditEntry): string {
  return Object.entries(entry.details)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(', ');
}

/** Admin and governance: the audit trail with filters and paging, and the chain's check. */
export function AuditPage() {
  const { t, locale } = useI18n();
  useTitle(t('auditTitle'));
  const [draft, setDraft] = useState<Filter>({ actor: '', action: '' });
  const [filter, setFilter] = useState<Filter>({ actor: '', action: '' });
  const [pages, setPages] = useState<readonly string[]>([]);
  const [loaded, retry] = useLoad(
    `audit:${filter.actor}:${filter.action}:${pages.join(',')}`,
    async () => {
      // Each "show more" adds a cursor; all pages up to it are loaded again in order so a
      // reload after a filter change never mixes entries of two filters.
      const params = { actor: filter.actor.trim(), action: filter.action.trim() };
      const items: AuditEntry[] = [];
      let next: string | null = null;
      for (const cursor of ['', ...pages]) {
        const page = await api.audit(cursor ? { ...params, cursor } : params);
        items.push(...page.items);
        next = page.next;
      }
      return { items, next };
    },
  );

  function apply(event: FormEvent): void {
    event.preventDefault();
    setPages([]);
    setFilter(draft);
  }

  return (
    <div className="page">
      <h1>{t('auditTitle')}</h1>
      <p className="lead">{t('auditIntro')}</p>
      <Verify />
      <section className="panel" aria-labelledby="audit-entries">
        <h2 id="audit-entries">{t('auditTitle')}</h2>
        <form className="form inline-form" onSubmit={apply} aria-label={t('filter')}>
          <label>
            <span>{t('actor')}</span>
            <input
              name="actor"
              maxLength={200}
              value={draft.actor}
              onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
            />
          </label>
          <label>
            <span>{t('action')}</span>
            <input
              name="action"
              maxLength={200}
              value={draft.action}
              onChange={(e) => setDraft({ ...draft, action: e.target.value })}
            />
          </label>
          <button type="submit" className="button">
            {t('applyFilter')}
          </button>
        </form>
        <Await loaded={loaded} retry={retry}>
          {({ items, next }) =>
            items.length === 0 ? (
              <Empty>{t('noAudit')}</Empty>
            ) : (
              <>
                <div className="table-wrap">
                  <table data-testid="audit">
                    <thead>
                      <tr>
                        <th scope="col">{t('sequence')}</th>
                        <th scope="col">{t('at')}</th>
                        <th scope="col">{t('actor')}</th>
                        <th scope="col">{t('action')}</th>
                        <th scope="col">{t('target')}</th>
                        <th scope="col">{t('details')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((entry) => (
                        <tr key={entry.id} data-action={entry.action}>
                          <td>{entry.seq ?? ''}</td>
                          <td>{formatDateTime(entry.at, locale)}</td>
                          <td translate="no">{entry.actor}</td>
                          <td>
                            <code>{entry.action}</code>
                          </td>
                          <td translate="no">{entry.target ?? ''}</td>
                          <td className="small" translate="no">
                            {details(entry)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {next ? (
                  <button
                    type="button"
                    className="button"
                    onClick={() => setPages((now) => [...now, next])}
                  >
                    {t('loadMore')}
                  </button>
                ) : null}
              </>
            )
          }
        </Await>
      </section>
    </div>
  );
}
