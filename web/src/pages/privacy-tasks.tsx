import { useState } from 'react';
import type { DsrTaskView, Principal } from '../api.ts';
import { ApiError, api } from '../api.ts';
import { formatDateTime } from '../components/access-bits.tsx';
import { PrivacyTabs } from '../components/privacy-tabs.tsx';
import { Await, Empty } from '../components/states.tsx';
import { useI18n } from '../i18n.ts';
import { useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';

type Show = 'open' | 'done' | 'all';

function TaskRow({ task, onDone }: { task: DsrTaskView; onDone: (task: DsrTaskView) => void }) {
  const { t, locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function markDone(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      onDone(await api.completeTask(task.id));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409) setError(t('taskAlreadyDone'));
      else setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr data-task={task.id} data-state={task.state}>
      <td translate="no">
        <strong>{task.system}</strong> / {task.object}
        <div className="muted small">
          {task.contractId}
          {task.domain === null ? '' : ` · ${task.domain}`}
        </div>
      </td>
      <td translate="no">
        <code>{task.column}</code> <span className="muted small">({task.kind})</span>
        <div className="muted small">
          <code className="hash" title={task.subjectHash}>
            {task.subjectHash.slice(0, 12)}…
          </code>
        </div>
      </td>
      <td>{t(task.mode === 'delete' ? 'mode_delete' : 'mode_pseudonymise')}</td>
      <td className="number">{task.rows}</td>
      <td>
        {formatDateTime(task.createdAt, locale)}
        <div className="muted small" translate="no">
          {t('taskRequest')} {task.requestId}
        </div>
      </td>
      <td>
        {task.state === 'done' ? (
          <>
            <span className="badge tone-good">{t('taskState_done')}</span>
            <div className="muted small">
              {t('taskDoneBy', {
                who: task.doneBy ?? '?',
                when: task.doneAt === null ? '?' : formatDateTime(task.doneAt, locale),
              })}
            </div>
          </>
        ) : (
          <>
            <span className="badge tone-warn">{t('taskState_open')}</span>{' '}
            <button
              type="button"
              className="button primary"
              disabled={busy}
              onClick={() => void markDone()}
            >
              {busy ? t('markingDone') : t('markDone')}
            </button>
          </>
        )}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

/** Owners of a source's domain, governance, admin: the sources' erasure tasks, closed here. */
export function PrivacyTasksPage({ user }: { user: Principal }) {
  const { t } = useI18n();
  useTitle(t('tasksTitle'));
  const [show, setShow] = useState<Show>('open');
  const [pages, setPages] = useState<readonly string[]>([]);
  const [changed, setChanged] = useState<ReadonlyMap<string, DsrTaskView>>(new Map());
  const [loaded, retry] = useLoad(`tasks:${show}:${pages.join(',')}`, async () => {
    const state = show === 'all' ? {} : { state: show };
    const items: DsrTaskView[] = [];
    let next: string | null = null;
    for (const cursor of ['', ...pages]) {
      const page = await api.privacyTasks(cursor ? { ...state, cursor } : state);
      items.push(...page.items);
      next = page.next;
    }
    return { items, next };
  });

  return (
    <div className="page privacy-page">
      <PrivacyTabs user={user} current="tasks" />
      <h1>{t('tasksTitle')}</h1>
      <p className="lead">{t('tasksIntro')}</p>
      <label className="inline-form">
        <span>{t('tasksShow')}</span>{' '}
        <select
          value={show}
          data-testid="tasks-show"
          onChange={(e) => {
            setPages([]);
            setChanged(new Map());
            setShow(e.target.value as Show);
          }}
        >
          <option value="open">{t('tasksOpen')}</option>
          <option value="done">{t('tasksDone')}</option>
          <option value="all">{t('tasksAll')}</option>
        </select>
      </label>
      <Await loaded={loaded} retry={retry}>
        {({ items, next }) =>
          items.length === 0 ? (
            <Empty>{t('noTasks')}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table data-testid="tasks">
                  <thead>
                    <tr>
                      <th scope="col">{t('taskSource')}</th>
                      <th scope="col">{t('taskIdentifier')}</th>
                      <th scope="col">{t('taskMode')}</th>
                      <th scope="col">{t('taskRows')}</th>
                      <th scope="col">{t('taskCreated')}</th>
                      <th scope="col">{t('taskState')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((task) => (
                      <TaskRow
                        key={task.id}
                        task={changed.get(task.id) ?? task}
                        onDone={(done) => setChanged((now) => new Map(now).set(done.id, done))}
                      />
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
    </div>
  );
}
