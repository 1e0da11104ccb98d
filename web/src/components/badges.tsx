import type { FreshnessStatus, ProductSummary, QualityStatus } from '../api.ts';
import { relativeTime, useI18n, valueLabel } from '../i18n.ts';

const QUALITY_TONE: Record<QualityStatus, string> = {
  passed: 'good',
  warning: 'warn',
  failed: 'bad',
  error: 'bad',
  unknown: 'muted',
};

const QUALITY_ICON: Record<QualityStatus, string> = {
  passed: '✓',
  warning: '!',
  failed: '✕',
  error: '✕',
  unknown: '?',
};

export function QualityBadge({ quality }: { quality: ProductSummary['quality'] }) {
  const { t } = useI18n();
  const counts =
    quality.status === 'unknown'
      ? ''
      : ` · ${quality.passed}/${quality.passed + quality.failed + quality.warnings}`;
  return (
    <span className={`badge tone-${QUALITY_TONE[quality.status]}`}>
      <span aria-hidden="true">{QUALITY_ICON[quality.status]}</span>{' '}
      {t(`quality_${quality.status}`)}
      {counts}
    </span>
  );
}

const FRESH_TONE: Record<FreshnessStatus, string> = {
  fresh: 'good',
  stale: 'warn',
  unknown: 'muted',
};

export function FreshnessBadge({ freshness }: { freshness: ProductSummary['freshness'] }) {
  const { t, locale } = useI18n();
  const when = freshness.lastBuiltAt
    ? t('builtAgo', { when: relativeTime(freshness.lastBuiltAt, t, locale) })
    : t('neverBuilt');
  return (
    <span
      className={`badge tone-${FRESH_TONE[freshness.status]}`}
      title={freshness.lastBuiltAt ?? ''}
    >
      <span aria-hidden="true">◷</span> {t(`fresh_${freshness.status}`)} · {when}
    </span>
  );
}

export function StatusBadge({ status }: { status: string | null }) {
  const { t } = useI18n();
  if (!status) return null;
  const tone = status === 'active' || status === 'production' ? 'info' : 'muted';
  return <span className={`badge tone-${tone}`}>{valueLabel(t, 'status', status)}</span>;
}

const CLASSIFICATION_TONE: Record<string, string> = {
  public: 'good',
  internal: 'info',
  confidential: 'warn',
  restricted: 'bad',
  secret: 'bad',
};

export function ClassificationBadge({ value }: { value: string | null }) {
  const { t } = useI18n();
  if (!value) return null;
  return (
    <span className={`badge small tone-${CLASSIFICATION_TONE[value.toLowerCase()] ?? 'muted'}`}>
      {valueLabel(t, 'class', value.toLowerCase())}
    </span>
  );
}

const RUN_TONE: Record<string, string> = {
  passed: 'good',
  warning: 'warn',
  failed: 'bad',
  error: 'bad',
};

/** A run's or a check's status: "error" (could not read) is not "failed" (read, broken). */
export function RunStatusBadge({ status }: { status: 'passed' | 'warning' | 'failed' | 'error' }) {
  const { t } = useI18n();
  return (
    <span className={`badge small tone-${RUN_TONE[status] ?? 'muted'}`} data-status={status}>
      {t(`run_${status}`)}
    </span>
  );
}

const SEVERITY_TONE: Record<string, string> = { error: 'bad', warning: 'warn', info: 'info' };

export function SeverityBadge({ severity }: { severity: string }) {
  const { t } = useI18n();
  const known = severity === 'error' || severity === 'warning' || severity === 'info';
  return (
    <span className={`badge small tone-${SEVERITY_TONE[severity] ?? 'muted'}`}>
      {known ? t(`severity_${severity}`) : severity}
    </span>
  );
}
