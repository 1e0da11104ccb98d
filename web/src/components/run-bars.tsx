import type { TrendPoint } from '../api.ts';
import { useI18n } from '../i18n.ts';

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { top: 10, right: 8, bottom: 26, left: 36 };
const MAX_RUNS = 30;

/**
 * The checks of the latest runs as stacked bars (passed, warnings, failed), oldest left:
 * readable from the first run on, where a line chart would be a single dot.
 */
export function RunBars({ runs }: { runs: readonly TrendPoint[] }) {
  const { t, locale } = useI18n();
  const shown = [...runs].sort((a, b) => a.at.localeCompare(b.at)).slice(-MAX_RUNS);
  const top = Math.max(1, ...shown.map((r) => r.passed + r.warnings + r.failed + r.errors));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(shown.length, 8);
  const bar = Math.min(36, slot * 0.7);
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH;
  const date = (iso: string) =>
    new Date(iso).toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB', {
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
  const last = shown.at(-1);
  const summary = last
    ? `${t('passed')} ${last.passed}, ${t('warnings')} ${last.warnings}, ${t('failed')} ${last.failed}, ${t('run_error')} ${last.errors}`
    : '';
  const every = Math.max(1, Math.ceil(shown.length / 5));
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${t('qualityTrend')}: ${shown.length}. ${summary}`}
      >
        {[0, top / 2, top].map((tick) => (
          <g key={tick}>
            <line
              className="chart-grid"
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(tick)}
              y2={y(tick)}
            />
            <text className="chart-axis" x={PAD.left - 6} y={y(tick) + 4} textAnchor="end">
              {Math.round(tick)}
            </text>
          </g>
        ))}
        {shown.map((run, i) => {
          const x = PAD.left + slot * i + (slot - bar) / 2;
          const parts = [
            { tone: 'good', value: run.passed },
            { tone: 'warn', value: run.warnings },
            { tone: 'bad', value: run.failed },
            { tone: 'error', value: run.errors },
          ];
          let base = 0;
          return (
            <g key={run.runId} className="run-bar">
              <title>{`${date(run.at)} · ${run.contractId}: ${t('passed')} ${run.passed}, ${t('warnings')} ${run.warnings}, ${t('failed')} ${run.failed}, ${t('run_error')} ${run.errors}`}</title>
              {parts.map((part) => {
                const from = base;
                base += part.value;
                return part.value > 0 ? (
                  <rect
                    key={part.tone}
                    className={`bar tone-${part.tone}`}
                    x={x}
                    width={bar}
                    y={y(base)}
                    height={y(from) - y(base)}
                    rx={2}
                  />
                ) : null;
              })}
              {i % every === 0 || i === shown.length - 1 ? (
                <text className="chart-axis" x={x + bar / 2} y={HEIGHT - 8} textAnchor="middle">
                  {new Date(run.at).toLocaleDateString(locale === 'de' ? 'de-DE' : 'en-GB', {
                    day: 'numeric',
                    month: 'short',
                  })}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        <span className="legend tone-good">
          <span className="legend-swatch" aria-hidden="true" />
          {t('passed')}
        </span>
        <span className="legend tone-warn">
          <span className="legend-swatch" aria-hidden="true" />
          {t('warnings')}
        </span>
        <span className="legend tone-bad">
          <span className="legend-swatch" aria-hidden="true" />
          {t('failed')}
        </span>
        <span className="legend tone-error">
          <span className="legend-swatch" aria-hidden="true" />
          {t('run_error')}
        </span>
      </figcaption>
    </figure>
  );
}
