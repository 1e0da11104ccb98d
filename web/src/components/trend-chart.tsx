import { useI18n } from '../i18n.ts';

export interface TrendSeries {
  readonly label: string;
  readonly tone: 'good' | 'warn' | 'bad' | 'info';
  readonly values: readonly number[];
}

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { top: 12, right: 12, bottom: 28, left: 36 };

/**
 * A small line chart as inline SVG: no chart library, scales with its container, and a
 * table-like text alternative (the last values) for screen readers.
 */
export function TrendChart({
  title,
  labels,
  series,
  max,
}: {
  title: string;
  labels: readonly string[];
  series: readonly TrendSeries[];
  max?: number;
}) {
  const { t } = useI18n();
  const top = Math.max(max ?? 0, 1, ...series.flatMap((s) => s.values));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const n = labels.length;
  const x = (i: number) => PAD.left + (n <= 1 ? innerW / 2 : (i / (n - 1)) * innerW);
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH;
  const ticks = [0, top / 2, top];
  const summary = series.map((s) => `${s.label}: ${s.values.at(-1) ?? 0}`).join(', ');
  const every = Math.max(1, Math.ceil(n / 6));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}. ${summary}`}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              className="chart-grid"
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(tick)}
              y2={y(tick)}
            />
            <text className="chart-axis" x={PAD.left - 6} y={y(tick) + 4} textAnchor="end">
              {Number.isInteger(tick) ? tick : tick.toFixed(1)}
            </text>
          </g>
        ))}
        {labels.map((label, i) =>
          i % every === 0 || i === n - 1 ? (
            <text
              key={i}
              className="chart-axis"
              x={x(i)}
              y={HEIGHT - 8}
              textAnchor={n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle'}
            >
              {label}
            </text>
          ) : null,
        )}
        {series.map((s) => (
          <g key={s.label} className={`chart-series tone-${s.tone}`}>
            <polyline points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} />
            {s.values.map((v, i) => (
              <circle key={i} cx={x(i)} cy={y(v)} r={3.5}>
                <title>{`${labels[i] ?? ''} · ${s.label}: ${v}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <figcaption className="chart-legend">
        {series.map((s) => (
          <span key={s.label} className={`legend tone-${s.tone}`}>
            <span className="legend-swatch" aria-hidden="true" />
            {s.label}
          </span>
        ))}
        <span className="visually-hidden">{t('qualityTrend')}</span>
      </figcaption>
    </figure>
  );
}
