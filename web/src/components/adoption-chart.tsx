import type { Principal } from '../api.ts';

/** Who sees the adoption dashboard: admins, governance and domain owners (as the API). */
export function maySeeDashboard(user: Principal): boolean {
  return (
    user.roles.includes('admin') ||
    user.roles.includes('governance') ||
    Object.values(user.domains).includes('owner')
  );
}

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  /** One value per day of `days`; null: not measured that day (a gap in the line). */
  readonly values: readonly (number | null)[];
}

/** Colours told apart also by people with a red-green deficiency (Okabe–Ito). */
export const PALETTE = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  '#f0e442',
  '#000000',
];

const WIDTH = 640;
const HEIGHT = 244;
/** The bottom holds the day labels and, below them, the legend. */
const PAD = { top: 14, right: 16, bottom: 54, left: 44 };
/**
 * Presentation as attributes, not stylesheet classes: the PNG export draws these very SVG
 * elements as an image, where the page's CSS does not reach.
 */
const AXIS = { fill: '#5b6675', fontSize: 11, fontFamily: 'system-ui, sans-serif' } as const;

const toTime = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/**
 * A line chart over days as inline SVG: x is the calendar (days without a snapshot are
 * skipped, not squeezed), null values break the line. Its title and the last values are
 * its accessible name.
 */
export function LineChart({
  id,
  title,
  from,
  to,
  days,
  series,
  max,
  formatDay,
}: {
  id: string;
  title: string;
  from: string;
  to: string;
  days: readonly string[];
  series: readonly ChartSeries[];
  max?: number;
  formatDay: (day: string) => string;
}) {
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const top = niceTop(Math.max(max ?? 0, 1, ...values));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const start = toTime(from);
  const span = Math.max(toTime(to) - start, 86_400_000);
  const x = (day: string) => PAD.left + ((toTime(day) - start) / span) * innerW;
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH;
  const ticks = [0, top / 2, top];
  const summary = series.map((s) => `${s.label}: ${s.values.at(-1) ?? '–'}`).join(', ');
  const middle = new Date(start + span / 2).toISOString().slice(0, 10);
  const labelDays = [from, middle, to];
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width={WIDTH}
      height={HEIGHT}
      role="img"
      aria-label={`${title}. ${summary}`}
      data-chart-svg={id}
      data-title={title}
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect x={0} y={0} width={WIDTH} height={HEIGHT} fill="#ffffff" />
      {ticks.map((tick) => (
        <g key={tick}>
          <line
            x1={PAD.left}
            x2={WIDTH - PAD.right}
            y1={y(tick)}
            y2={y(tick)}
            stroke="#dfe4ea"
            strokeWidth={1}
          />
          <text {...AXIS} x={PAD.left - 6} y={y(tick) + 4} textAnchor="end">
            {Number.isInteger(tick) ? tick : tick.toFixed(1)}
          </text>
        </g>
      ))}
      {[...new Set(labelDays)].map((day, i, all) => (
        <text
          key={day}
          {...AXIS}
          x={x(day)}
          y={HEIGHT - PAD.bottom + 18}
          textAnchor={i === 0 ? 'start' : i === all.length - 1 ? 'end' : 'middle'}
        >
          {formatDay(day)}
        </text>
      ))}
      {legend(series).map(({ s, at }) => (
        <g key={s.label}>
          <rect x={at} y={HEIGHT - 19} width={10} height={10} rx={2} fill={s.color} />
          <text {...AXIS} fontSize={12} x={at + 14} y={HEIGHT - 10}>
            {s.label}
          </text>
        </g>
      ))}
      {series.map((s) => (
        <g key={s.label} data-series={s.label}>
          {segments(days, s.values).map((segment, i) => (
            <polyline
              key={i}
              points={segment
                .map(([day, v]) => `${x(day).toFixed(1)},${y(v).toFixed(1)}`)
                .join(' ')}
              fill="none"
              stroke={s.color}
              strokeWidth={2.5}
              strokeLinejoin="round"
            />
          ))}
          {days.map((day, i) => {
            const v = s.values[i];
            return v === null || v === undefined ? null : (
              <circle
                key={day}
                cx={x(day)}
                cy={y(v)}
                r={3}
                fill="#ffffff"
                stroke={s.color}
                strokeWidth={2}
              >
                <title>{`${formatDay(day)} · ${s.label}: ${v}`}</title>
              </circle>
            );
          })}
        </g>
      ))}
    </svg>
  );
}

/** Horizontal bars of the largest values, for a figure of today only. */
export function BarChart({
  id,
  title,
  bars,
}: {
  id: string;
  title: string;
  bars: readonly { readonly label: string; readonly value: number }[];
}) {
  const row = 24;
  const height = Math.max(1, bars.length) * row + 8;
  const labelW = 220;
  const top = Math.max(1, ...bars.map((b) => b.value));
  const barW = WIDTH - labelW - 48;
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-label={`${title}. ${bars.map((b) => `${b.label}: ${b.value}`).join(', ')}`}
      data-chart-svg={id}
      data-title={title}
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect x={0} y={0} width={WIDTH} height={height} fill="#ffffff" />
      {bars.map((b, i) => (
        <g key={b.label}>
          <text {...AXIS} fontSize={12} x={labelW - 8} y={i * row + 20} textAnchor="end">
            {b.label.length > 32 ? `${b.label.slice(0, 31)}…` : b.label}
          </text>
          <rect
            x={labelW}
            y={i * row + 8}
            width={Math.max(2, (b.value / top) * barW)}
            height={row - 8}
            rx={3}
            fill={PALETTE[0]}
          />
          <text
            {...AXIS}
            fontSize={12}
            x={labelW + Math.max(2, (b.value / top) * barW) + 6}
            y={i * row + 20}
          >
            {b.value}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Where each series' legend entry starts, one row under the chart (about 6.5 px a letter). */
function legend(series: readonly ChartSeries[]): { s: ChartSeries; at: number }[] {
  let at = PAD.left;
  return series.map((s) => {
    const entry = { s, at };
    at += 14 + s.label.length * 6.5 + 18;
    return entry;
  });
}

/** The runs of consecutive measured values: a null ends a segment. */
function segments(
  days: readonly string[],
  values: readonly (number | null)[],
): [string, number][][] {
  const out: [string, number][][] = [];
  let current: [string, number][] = [];
  days.forEach((day, i) => {
    const v = values[i];
    if (v === null || v === undefined) {
      if (current.length > 0) out.push(current);
      current = [];
    } else current.push([day, v]);
  });
  if (current.length > 0) out.push(current);
  return out;
}

/** 1, 2, 5 × 10ⁿ at or above the value, so the axis reads in round numbers. */
function niceTop(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
