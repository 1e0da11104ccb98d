import type { FormEvent } from 'react';
import { useState } from 'react';
import type { JobKind, JobState as State } from '../api.ts';
import { api } from '../api.ts';
import { formatDateTime } from '../components/access-bits.tsx';
import { JobErrorText, JobState, JobTarget, jobDuration } from '../components/job-bits.tsx';
import { Await, Empty } from '../components/states.tsx';
import type { MessageKey } from '../i18n.ts';
import { useI18n } from '../i18n.ts';
import { useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';

/** Every job kind with its label; a kind missing here does not compile (the page once went blank on one). */
const KIND_LABELS: Readonly<Record<JobKind, MessageKey>> = {
  'build-product': 'jobKind_build_product',
  'test-contract': 'jobKind_test_contract',
  'sla-evaluate': 'jobKind_sla_evaluate',
  'notify-deliver': 'jobKind_notify_deliver',
  'adoption-snapshot': 'jobKind_adoption_snapshot',
  'jobs-prune': 'jobKind_jobs_prune',
  'trino-rules-publish': 'jobKind_trino_rules_publish',
};
const KINDS = Object.keys(KIND_LABELS) as JobKind[];

/** A kind this portal does not know yet (a newer server) is shown as it is, not as another kind. */
function kindLabel(t: (key: MessageKey) => string, kind: string): string {
  const key = (KIND_LABELS as Readonly<Record<string, MessageKey | undefined>>)[kind];
  return key === undefined ? kind : t(key);
}
const STATES: readonly State[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

interface Filter {
  readonly kind: JobKind | '';
  readonly state: State | '';
  readonly target: string;
}

/** The job history (issue 13): what ran, when, how long, and why it failed; filterable. */
export function JobsPage() {
  const { t, locale } = useI18n();
  useTitle(t('jobsTitle'));
  const empty: Filter = { kind: '', state: '', target: '' };
  const [draft, setDraft] = useState<Filter>(empty);
  const [filter, setFilter] = useState<Filter>(empty);
  const [pages, setPages] = useState<readonly string[]>([]);
  const [loaded, retry] = useLoad(
    `jobs:${filter.kind}:${filter.state}:${filter.target}:${pages.join(',')}`,
    async () => {
      const params = {
        ...(filter.kind === '' ? {} : { kind: filter.kind }),
        ...(filter.state === '' ? {} : { state: filter.state }),
        ...(filter.target.trim() === '' ? {} : { target: filter.target.trim() }),
      };
      const items = [];
      let next: string | null = null;
      for (const cursor of ['', ...pages]) {
        const page = await api.jobs(cursor ? { ...params, cursor } : params);
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
      <h1>{t('jobsTitle')}</h1>
      <p className="lead">{t('jobsIntro')}</p>
      <section className="panel" aria-labelledby="jobs-list">
        <h2 id="jobs-list">{t('jobsHistory')}</h2>
        <form className="form inline-form" onSubmit={apply} aria-label={t('filter')}>
          <label>
            <span>{t('jobKind')}</span>
            <select
              name="kind"
              value={draft.kind}
              onChange={(e) => setDraft({ ...draft, kind: e.target.value as Filter['kind'] })}
            >
              <option value="">{t('jobAny')}</option>
              {KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(KIND_LABELS[kind])}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('jobStateLabel')}</span>
            <select
              name="state"
              value={draft.state}
              onChange={(e) => setDraft({ ...draft, state: e.target.value as Filter['state'] })}
            >
              <option value="">{t('jobAny')}</option>
              {STATES.map((state) => (
                <option key={state} value={state}>
                  {t(`jobState_${state}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('jobTarget')}</span>
            <input
              name="target"
              maxLength={300}
              value={draft.target}
              onChange={(e) => setDraft({ ...draft, target: e.target.value })}
            />
          </label>
          <button type="submit" className="button">
            {t('applyFilter')}
          </button>
        </form>
        <Await loaded={loaded} retry={retry}>
          {({ items, next }) =>
            items.length === 0 ? (
              <Empty>{t('noJobs')}</Empty>
            ) : (
              <>
                <div className="table-wrap">
                  <table data-testid="jobs">
                    <thead>
                      <tr>
                        <th scope="col">{t('jobScheduledFor')}</th>
                        <th scope="col">{t('jobKind')}</th>
                        <th scope="col">{t('jobTarget')}</th>
                        <th scope="col">{t('jobTrigger')}</th>
                        <th scope="col">{t('jobStateLabel')}</th>
                        <th scope="col">{t('jobDuration')}</th>
                        <th scope="col">{t('jobAttempts')}</th>
                        <th scope="col">{t('jobError')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((job) => (
                        <tr key={job.id} data-job={job.id} data-state={job.state}>
                          <td>{formatDateTime(job.scheduledFor, locale)}</td>
                          <td>{kindLabel(t, job.kind)}</td>
                          <td>
                            <JobTarget job={job} />
                          </td>
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
                            {job.attempts}/{job.maxAttempts}
                          </td>
                          <td>
                            <JobErrorText job={job} />
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
