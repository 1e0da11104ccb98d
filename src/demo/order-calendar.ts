/**
 * When the webshop's orders happen. Fixed dates, never the wall clock, so the demo data is the
 * same on every run: the data ends on {@link DEMO_ANCHOR_DATE} and orders span the two years
 * before it, growing over time, with a bike season in spring and summer, Black Week, a
 * Christmas peak, Sunday evenings busiest.
 */

export const DEMO_ANCHOR_DATE = '2026-10-31';
export const ORDER_WINDOW_DAYS = 730;
/** The day the webshop went live; customer accounts are created from then on. */
export const WEBSHOP_LAUNCH_DATE = '2018-03-01';

export interface OrderDay {
  /** `YYYY-MM-DD`, local (Europe/Berlin) calendar day. */
  readonly day: string;
  readonly firstOrderId: number;
  readonly orders: number;
}

const DAY_MS = 86_400_000;
// January .. December
const MONTH_FACTOR = [0.55, 0.65, 1.05, 1.35, 1.5, 1.4, 1.3, 1.1, 0.9, 0.75, 0.85, 0.95];
// Sunday .. Saturday
const WEEKDAY_FACTOR = [1.25, 1.1, 1.0, 1.0, 0.98, 0.9, 0.82];
// Local hour 0 .. 23
const HOUR_WEIGHT = [
  0.3, 0.15, 0.1, 0.08, 0.08, 0.15, 0.4, 0.8, 1.1, 1.3, 1.4, 1.4, 1.5, 1.4, 1.3, 1.3, 1.4, 1.6, 1.9,
  2.2, 2.4, 2.1, 1.4, 0.7,
];

export function parseDay(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${day}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return formatDay(parseDay(day) + days * DAY_MS);
}

/** First day of the order window. */
export function orderWindowStart(): string {
  return addDays(DEMO_ANCHOR_DATE, -(ORDER_WINDOW_DAYS - 1));
}

function dayWeight(ms: number, index: number): number {
  const date = new Date(ms);
  const month = date.getUTCMonth();
  const dayOfMonth = date.getUTCDate();
  let weight =
    (1 + (0.5 * index) / ORDER_WINDOW_DAYS) *
    (MONTH_FACTOR[month] ?? 1) *
    (WEEKDAY_FACTOR[date.getUTCDay()] ?? 1);
  const blackWeek = (month === 10 && dayOfMonth >= 24) || (month === 11 && dayOfMonth === 1);
  if (blackWeek) weight *= 1.9;
  if (month === 11 && dayOfMonth >= 2 && dayOfMonth <= 18) weight *= 1.25;
  if (month === 11 && dayOfMonth >= 24 && dayOfMonth <= 26) weight *= 0.4;
  return weight;
}

/**
 * Splits `totalOrders` over the window's days by weight (largest remainder, ties by date), and
 * numbers the orders in time order: order ids grow with the order time, as in a real shop.
 */
export function allocateOrdersToDays(totalOrders: number): OrderDay[] {
  if (!Number.isInteger(totalOrders) || totalOrders < 0)
    throw new RangeError(`bad order count: ${totalOrders}`);
  const start = parseDay(orderWindowStart());
  const weights = Array.from({ length: ORDER_WINDOW_DAYS }, (_, i) =>
    dayWeight(start + i * DAY_MS, i),
  );
  const total = weights.reduce((sum, w) => sum + w, 0);
  const exact = weights.map((w) => (totalOrders * w) / total);
  const counts = exact.map(Math.floor);
  let missing = totalOrders - counts.reduce((sum, n) => sum + n, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, remainder: x - Math.floor(x) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (missing-- <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  let next = 1;
  return counts.map((orders, i) => {
    const day: OrderDay = { day: formatDay(start + i * DAY_MS), firstOrderId: next, orders };
    next += orders;
    return day;
  });
}

/**
 * `points + 1` seconds-of-day (0 .. 86 400) at the quantiles 0, 1/points, .., 1 of the
 * hourly order distribution: mapping a uniform fraction through it (with linear
 * interpolation) gives a realistic, monotonic time of day.
 */
export function timeOfDayQuantiles(points = 1000): number[] {
  const total = HOUR_WEIGHT.reduce((sum, w) => sum + w, 0);
  const out: number[] = [];
  for (let j = 0; j <= points; j++) {
    let target = (j / points) * total;
    let hour = 0;
    while (hour < 23 && target > (HOUR_WEIGHT[hour] ?? 0)) {
      target -= HOUR_WEIGHT[hour] ?? 0;
      hour++;
    }
    const within = Math.min(1, target / (HOUR_WEIGHT[hour] ?? 1));
    out.push(Math.round(hour * 3600 + within * 3600));
  }
  return out;
}
