import { useState } from 'react';
import { ApiError, api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { Link } from '../router.tsx';
import { useLoad } from '../use-load.ts';
import { formatDateTime } from './access-bits.tsx';
import { JobErrorText, JobState, jobDuration } from './job-bits.tsx';
import { Await, Empty } from './states.tsx';

/**
 * A product's schedule and next run, its latest jobs and — for the owners of its domain
 * and admins — "Run now" (issue 13). The server decides who may; the button only hides
 * what would be refused.
 */
export function ProductJobsPanel({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const [loaded, reload] = useLoad(`product-jobs:${id}`, () => api.productJobs(id));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'good' | 'bad'; text: string } | null>(null);

  async function runNow(): Promise<void> {
    setBusy(true);
    setMessage(null);
    try {
      const job = await api.runProduct(id);
      setMessage({ tone: 'good', text: t('runNowQueued', { id: job.id }) });
    } catch (failure) {
      setMessage({
        tone: 'bad',
        text:
          failure instanceof ApiError && failure.status === 409
            ? t('runNowBusy')
            : failure instanceof Error
              ? failure.message
              : String(failure),
      });
    } finally {
      setBusy(false);
      reload();
    }
  }

  return (
    <section id="jobs" className="panel" aria-labelledby="jobs-title">
      <h2 id="jobs-title">{t('productJobsTitle')}</h2>
      {/* The top bar has no room left for an admin in German (test/browser/privacy.test.ts): the Jobs page is reached from here. */}
      <p className="small">
        <Link to="/jobs" data-testid="all-jobs">
          {t('allJobs')}
        </Link>
      </p>
      <Await loaded={loaded} retry={reload}>
        {(data) => (
          <>
            <dl className="facts">
              <dt>{t('schedule')}</dt>
              <dd data-testid="schedule">
                {data.schedule ? (
                  <>
                    <code translate="no">{data.schedule.cron}</code>{' '}
                    <span className="muted small" translate="no">
                      ({data.schedule.timezone})
                    </span>
                  </>
                ) : (
                  t('noSchedule')
                )}
              </dd>
              {data.schedule ? (
                <>
                  <dt>{t('nextRun')}</dt>
                  <dd data-testid="next-run">
                    {data.schedule.nextRun
                      ? formatDateTime(data.schedule.nextRun, locale)
                      : t('neverAgain')}
                  </dd>
                </>
              ) : null}
            </dl>
            {data.mayRun ? (
              <button
                type="button"
                className="button primary"
                disabled={busy}
                onClick={() => void runNow()}
                data-testid="run-now"
              >
                {t('runNow')}
              </button>
            ) : null}
            {message ? (
              <p
                className={`state tone-${message.tone}`}
                role={message.tone === 'bad' ? 'alert' : 'status'}
                data-testid="run-now-message"
              >
                {message.text}
              </p>
            ) : null}
            {data.jobs === null ? (
              <p className="muted">{t('jobsOfDomainOnly')}</p>
            ) : data.jobs.length === 0 ? (
              <Empty>{t('noJobs')}</Empty>
            ) : (
              <div className="table-wrap">
                <table data-testid="product-jobs">
                  <thead>
                    <tr>
                      <th scope="col">{t('jobScheduledFor')}</th>
                      <th scope="col">{t('jobTrigger')}</th>
                      <th scope="col">{t('jobStateLabel')}</th>
                      <th scope="col">{t('jobDuration')}</th>
                      <th scope="col">{t('jobError')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.jobs.map((job) => (
                      <tr key={job.id} data-job={job.id} data-state={job.state}>
                        <td>{formatDateTime(job.scheduledFor, locale)}</td>
                        <td>
                          {t(`jobTrigger_${job.trigger}`)}{' '}
                          <span className="muted small" translate="no">
                            {job.requestedBy}
                          </span>
                        </td>
                        <td>
                          <JobState job={job} t={t} />
                        </td>
                        <td>{jobDuration(job)}</td>
                        <td>
                          <JobErrorText job={job} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </Await>
    </section>
  );
}
