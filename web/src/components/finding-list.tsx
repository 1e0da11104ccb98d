import type { Finding } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { SeverityBadge } from './badges.tsx';
import { Empty } from './states.tsx';

/** The findings, or `empty` when there are none. */
export function FindingList({ findings, empty }: { findings: readonly Finding[]; empty: string }) {
  const { t } = useI18n();
  if (findings.length === 0) return <Empty>{empty}</Empty>;
  return (
    <ul className="finding-list" data-testid="findings">
      {findings.map((f, i) => (
        <li key={`${f.file}:${f.line}:${f.code}:${i}`} className={`finding severity-${f.severity}`}>
          <div className="finding-head">
            <SeverityBadge severity={f.severity} />
            <code>{f.policy ?? f.code}</code>
            {f.adaptedBy ? (
              <span className="muted small">{t('adaptedBy', { domain: f.adaptedBy })}</span>
            ) : null}
          </div>
          <p>{f.message}</p>
          {f.hint ? (
            <p className="muted small">
              <strong>{t('hint')}:</strong> {f.hint}
            </p>
          ) : null}
          <p className="muted small">
            <code>
              {f.file}:{f.line}:{f.column}
            </code>
          </p>
        </li>
      ))}
    </ul>
  );
}
