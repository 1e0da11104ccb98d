import type { PolicyFinding } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { Link, productPath } from '../router.tsx';
import { SeverityBadge } from './badges.tsx';

export function FindingList({
  findings,
  showWhere = false,
}: {
  findings: readonly PolicyFinding[];
  showWhere?: boolean;
}) {
  const { t } = useI18n();
  return (
    <ul className="finding-list">
      {findings.map((f, i) => (
        <li key={i} className={`finding severity-${f.severity}`}>
          <div className="finding-head">
            <SeverityBadge severity={f.severity} />
            {(f.policy ?? f.code) ? <code>{f.policy ?? f.code}</code> : null}
            {showWhere && f.product ? <Link to={productPath(f.product)}>{f.product}</Link> : null}
            {showWhere && !f.product && f.domain ? <span>{f.domain}</span> : null}
          </div>
          <p>{f.message}</p>
          {f.hint ? (
            <p className="muted small">
              <strong>{t('hint')}:</strong> {f.hint}
            </p>
          ) : null}
          {f.file ? (
            <p className="muted small">
              <code>
                {f.file}
                {f.line ? `:${f.line}` : ''}
              </code>
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
