import type { GovernanceResponse } from '../api.ts';
import { api } from '../api.ts';
import { SeverityBadge } from '../components/badges.tsx';
import { FindingList } from '../components/finding-list.tsx';
import { Await, Empty } from '../components/states.tsx';
import { useI18n } from '../i18n.ts';
import { fillParams } from '../fill-params.ts';
import { usePolicyTexts } from '../policy-texts.ts';
import { Link, domainPath, useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';

function show(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Detail({ data }: { data: GovernanceResponse }) {
  const { t } = useI18n();
  const texts = usePolicyTexts();
  return (
    <>
      <section className="panel" aria-labelledby="policies-title">
        <h2 id="policies-title">
          {t('policies')} <span className="count">{data.policies.length}</span>
        </h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('policy')}</th>
                <th scope="col">{t('severity')}</th>
                <th scope="col">{t('scope')}</th>
                <th scope="col">{t('description')}</th>
              </tr>
            </thead>
            <tbody>
              {data.policies.map((p) => {
                // A built-in policy speaks the portal's language; a mesh's own speaks its own.
                const text = texts[p.id];
                const own = text ? {} : ({ translate: 'no' } as const);
                return (
                  <tr key={`${p.scope}:${p.id}`} data-policy={p.id}>
                    <th scope="row">
                      <strong {...own}>{text?.title ?? p.title}</strong>
                      <div>
                        <code className="small">{p.id}</code>
                      </div>
                    </th>
                    <td>
                      <SeverityBadge severity={p.severity} />
                    </td>
                    <td>
                      {p.scope === 'global' ? (
                        t('global')
                      ) : (
                        <Link to={domainPath(p.scope)} translate="no">
                          {p.scope}
                        </Link>
                      )}
                      {p.adaptable ? (
                        <span className="badge small tone-info">{t('adaptable')}</span>
                      ) : null}
                    </td>
                    <td className="desc" {...own}>
                      {text ? fillParams(text.description, p.params) : (p.description ?? '')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <section className="panel" aria-labelledby="adaptations-title">
        <h2 id="adaptations-title">
          {t('adaptations')} <span className="count">{data.adaptations.length}</span>
        </h2>
        {data.adaptations.length === 0 ? (
          <Empty>{t('noAdaptations')}</Empty>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('domain')}</th>
                  <th scope="col">{t('policy')}</th>
                  <th scope="col">{t('severity')}</th>
                  <th scope="col">{t('reason')}</th>
                  <th scope="col">{t('status')}</th>
                </tr>
              </thead>
              <tbody>
                {data.adaptations.map((a) => (
                  <tr key={`${a.domain}:${a.policy}`}>
                    <th scope="row">
                      <Link to={domainPath(a.domain)} translate="no">
                        {a.domain}
                      </Link>
                    </th>
                    <td>
                      <code>{a.policy}</code>
                      {a.params ? <code className="muted small">{show(a.params)}</code> : null}
                    </td>
                    <td>{a.severity ? <SeverityBadge severity={a.severity} /> : null}</td>
                    <td className="desc" translate="no">
                      {a.reason ?? ''}
                    </td>
                    <td>
                      <span className={`badge small tone-${a.valid ? 'good' : 'bad'}`}>
                        {a.valid ? t('valid') : t('invalid')}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="violations-title">
        <h2 id="violations-title">
          {t('violations')} <span className="count">{data.findings.length}</span>
        </h2>
        <FindingList findings={data.findings} empty={t('noFindings')} />
      </section>
    </>
  );
}

export function GovernancePage() {
  const { t } = useI18n();
  useTitle(t('governanceTitle'));
  const [loaded, retry] = useLoad('governance', () => api.governance());
  return (
    <div className="page">
      <h1>{t('governanceTitle')}</h1>
      <p className="lead">{t('governanceIntro')}</p>
      <Await loaded={loaded} retry={retry}>
        {(data) => <Detail data={data} />}
      </Await>
    </div>
  );
}
