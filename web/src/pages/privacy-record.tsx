import type { ReactNode } from 'react';
import { useState } from 'react';
import type {
  Principal,
  ProcessingActivity,
  ProcessingRecord,
  RecordContact,
  RecordGap,
  RecordLanguage,
} from '../api.ts';
import { api, recordDownloadUrl } from '../api.ts';
import { formatDateTime } from '../components/access-bits.tsx';
import { PrivacyTabs } from '../components/privacy-tabs.tsx';
import { Await, Empty } from '../components/states.tsx';
import { useI18n } from '../i18n.ts';
import { useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';

type Point = RecordGap['point'];

/** A missing value, said and marked, never an empty cell. */
function Missing() {
  const { t } = useI18n();
  return <span className="missing">{t('notDeclared')}</span>;
}

function Value({ value }: { value: string | null }) {
  return value === null ? <Missing /> : <>{value}</>;
}

function Gaps({ gaps, nameOf }: { gaps: readonly RecordGap[]; nameOf: (id: string) => string }) {
  const { t } = useI18n();
  if (gaps.length === 0) return null;
  return (
    <ul className="gaps">
      {gaps.map((gap, i) => (
        <li key={`${gap.code}-${gap.activity ?? ''}-${i}`} className="gap" data-code={gap.code}>
          <strong>{t('recordGap')}:</strong>{' '}
          <span translate="no">
            {gap.activity === null ? t('recordControllerPart') : nameOf(gap.activity)}
          </span>{' '}
          — {gap.text}{' '}
          <span className="muted small">
            ({t('recordPoint', { point: gap.point })}; <code>{gap.code}</code>)
          </span>
        </li>
      ))}
    </ul>
  );
}

function PointHeading({ title, point }: { title: string; point: Point }) {
  const { t } = useI18n();
  return (
    <h4>
      {title} <span className="muted small">{t('recordPoint', { point })}</span>
    </h4>
  );
}

function Contact({ title, contact }: { title: string; contact: RecordContact | null }) {
  const { t } = useI18n();
  return (
    <div className="contact">
      <h3>{title}</h3>
      {contact === null ? (
        <p>
          <Missing />
        </p>
      ) : (
        <dl className="facts">
          <dt>{t('contactName')}</dt>
          <dd translate="no">{contact.name}</dd>
          <dt>{t('contactEmail')}</dt>
          <dd translate="no">
            <Value value={contact.email} />
          </dd>
          <dt>{t('contactPhone')}</dt>
          <dd translate="no">
            <Value value={contact.phone} />
          </dd>
          <dt>{t('contactAddress')}</dt>
          <dd translate="no">
            <Value value={contact.address} />
          </dd>
        </dl>
      )}
    </div>
  );
}

function Table({ head, rows }: { head: readonly string[]; rows: readonly (string | null)[][] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>
                  <Value value={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One Art. 30(1) point of an activity: its content (or that none is declared) and its gaps. */
function Part({
  title,
  point,
  empty,
  gaps,
  children,
}: {
  title: string;
  point: Point;
  empty: string | null;
  gaps: { readonly list: readonly RecordGap[]; readonly activity: string };
  children: ReactNode;
}) {
  return (
    <div className="record-part" data-point={point}>
      <PointHeading title={title} point={point} />
      {empty === null ? children : <p className="muted">{empty}</p>}
      <Gaps gaps={gaps.list} nameOf={() => gaps.activity} />
    </div>
  );
}

function Activity({ activity, index }: { activity: ProcessingActivity; index: number }) {
  const { t } = useI18n();
  // Point c holds two parts: gaps about data subjects go to theirs, the others to the data.
  const gapsOf = (point: Point, subjects?: boolean) => ({
    activity: activity.name,
    list: activity.gaps.filter(
      (g) =>
        g.point === point && (subjects === undefined || g.code.includes('subject') === subjects),
    ),
  });
  const none = t('recordNone');
  const gapCount = activity.gaps.length;
  return (
    <section
      className="panel activity"
      aria-labelledby={`activity-${index}`}
      data-activity={activity.id}
    >
      <h3 id={`activity-${index}`}>
        {index + 1}. <span translate="no">{activity.name}</span>{' '}
        {gapCount > 0 ? (
          <span className="badge tone-warn" data-testid="activity-gaps">
            {t('recordGapsCount', { n: gapCount })}
          </span>
        ) : null}
      </h3>
      <p className="muted small" translate="no">
        {activity.id} · {activity.domain} · {activity.owner}
        {activity.status === null ? '' : ` · ${activity.status}`}
      </p>
      <Part
        title={t('recordPurposes')}
        point="b"
        empty={activity.purposes.length === 0 ? none : null}
        gaps={gapsOf('b')}
      >
        <Table
          head={[t('purpose'), t('recordLegalBasis')]}
          rows={activity.purposes.map((p) => [
            `${p.text} (${p.source === 'product' ? t('recordFromProduct') : `${t('recordFromGrant')}${p.id === null ? '' : ` ${p.id}`}`})`,
            p.legalBasis,
          ])}
        />
      </Part>
      <Part
        title={t('recordDataSubjects')}
        point="c"
        empty={activity.dataSubjects.length === 0 ? none : null}
        gaps={gapsOf('c', true)}
      >
        <p>{activity.dataSubjects.join(', ')}</p>
      </Part>
      <Part
        title={t('recordPersonalData')}
        point="c"
        empty={activity.personalData.length === 0 ? none : null}
        gaps={gapsOf('c', false)}
      >
        <ul>
          {activity.personalData.map((d) => (
            <li key={d.category}>
              {d.category}:{' '}
              <span className="muted small" translate="no">
                {d.columns.join(', ')}
              </span>
            </li>
          ))}
        </ul>
      </Part>
      <Part
        title={t('recordRecipients')}
        point="d"
        empty={activity.recipients.length === 0 ? t('recordNoRecipients') : null}
        gaps={gapsOf('d')}
      >
        <ul>
          {activity.recipients.map((r) => (
            <li key={`${r.kind}:${r.name}`}>
              {t(r.kind === 'team' ? 'recipient_team' : 'recipient_server')}{' '}
              <strong translate="no">{r.name}</strong>
              {r.detail === null ? '' : ` — ${r.detail}`}
            </li>
          ))}
        </ul>
      </Part>
      <Part
        title={t('recordTransfers')}
        point="e"
        empty={activity.transfers.length === 0 ? t('recordNoTransfers') : null}
        gaps={gapsOf('e')}
      >
        <Table
          head={[t('recipient_server'), t('recordCountry'), t('recordSafeguard')]}
          rows={activity.transfers.map((x) => [x.server, x.country, x.safeguard])}
        />
      </Part>
      <Part
        title={t('recordErasure')}
        point="f"
        empty={activity.erasure.length === 0 ? none : null}
        gaps={gapsOf('f')}
      >
        <ul>
          {activity.erasure.map((e) => (
            <li key={e.port}>
              <span translate="no">{e.port}</span>: {e.period}
            </li>
          ))}
        </ul>
      </Part>
      <Part
        title={t('recordActivityMeasures')}
        point="g"
        empty={activity.measures.length === 0 ? none : null}
        gaps={gapsOf('g')}
      >
        <ul>
          {activity.measures.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      </Part>
    </section>
  );
}

function RecordView({ record }: { record: ProcessingRecord }) {
  const { t, locale } = useI18n();
  const names = new Map(record.activities.map((a) => [a.id, a.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const controllerGaps = record.gaps.filter((g) => g.activity === null);
  return (
    <>
      <p className="muted">
        {t('recordGeneratedAt', {
          when: formatDateTime(record.generatedAt, locale),
          mesh: record.mesh,
        })}
      </p>
      <section
        className={record.gaps.length > 0 ? 'panel record-gaps has-gaps' : 'panel record-gaps'}
        aria-labelledby="record-gaps"
        data-testid="record-gaps"
      >
        <h2 id="record-gaps">
          {t('recordGaps')}{' '}
          <span className="badge tone-warn" data-testid="gap-count">
            {record.gaps.length}
          </span>
        </h2>
        {record.gaps.length === 0 ? (
          <p>{t('recordNoGaps')}</p>
        ) : (
          <Gaps gaps={record.gaps} nameOf={nameOf} />
        )}
      </section>
      <section className="panel" aria-labelledby="record-controller">
        <h2 id="record-controller">
          {t('recordController')}{' '}
          <span className="muted small">{t('recordPoint', { point: 'a' })}</span>
        </h2>
        <div className="grid-3">
          <Contact title={t('recordControllerName')} contact={record.controller} />
          <Contact title={t('recordRepresentative')} contact={record.representative} />
          <Contact title={t('recordDpo')} contact={record.dataProtectionOfficer} />
        </div>
        <Gaps gaps={controllerGaps.filter((g) => g.point !== 'g')} nameOf={nameOf} />
      </section>
      <section className="panel" aria-labelledby="record-measures">
        <h2 id="record-measures">
          {t('recordMeasures')}{' '}
          <span className="muted small">{t('recordPoint', { point: 'g' })}</span>
        </h2>
        <ul>
          {record.measures.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
        <Gaps gaps={controllerGaps.filter((g) => g.point === 'g')} nameOf={nameOf} />
      </section>
      <h2>
        {t('recordActivities')} ({record.activities.length})
      </h2>
      {record.activities.length === 0 ? <Empty>{t('recordNoActivities')}</Empty> : null}
      {record.activities.map((activity, i) => (
        <Activity key={activity.id} activity={activity} index={i} />
      ))}
    </>
  );
}

/** The DPO's page (governance, admin): the record with its gaps, and downloads. */
export function PrivacyRecordPage({ user }: { user: Principal }) {
  const { t, locale } = useI18n();
  useTitle(t('recordTitle'));
  const [lang, setLang] = useState<RecordLanguage>(locale);
  const [loaded, retry] = useLoad(`record:${lang}`, () => api.privacyRecord(lang));
  return (
    <div className="page privacy-page">
      <PrivacyTabs user={user} current="record" />
      <h1>{t('recordTitle')}</h1>
      <p className="lead">{t('recordIntro')}</p>
      <div className="record-tools">
        <label>
          <span>{t('recordLanguage')}</span>{' '}
          <select
            value={lang}
            onChange={(e) => setLang(e.target.value as RecordLanguage)}
            data-testid="record-language"
          >
            <option value="de">Deutsch</option>
            <option value="en">English</option>
          </select>
        </label>
        <span className="downloads" data-testid="record-downloads">
          {t('recordDownloads')}:{' '}
          {(['pdf', 'html', 'json'] as const).map((format) => (
            <a
              key={format}
              className="button"
              href={recordDownloadUrl(lang, format)}
              download
              data-format={format}
            >
              {format.toUpperCase()}
            </a>
          ))}
        </span>
      </div>
      <Await loaded={loaded} retry={retry}>
        {(record) => <RecordView record={record} />}
      </Await>
    </div>
  );
}
