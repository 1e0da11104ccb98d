/**
 * The erasure period of Art. 30(1)(f) from a contract's `retention` SLA (ODCS
 * `slaProperties`: value, unit, element). Units as ODCS writes them (`d`, `day`, `days`,
 * `y`, `yr`, `years`, …); anything else is unreadable and a gap, never read as days.
 */
import { asList, asObject } from '../../json/loose.ts';
import type { RecordTexts } from './texts.ts';
import { own } from './own.ts';

type Unit = 'd' | 'w' | 'm' | 'y';

const UNITS: Readonly<Record<string, Unit>> = {
  d: 'd',
  day: 'd',
  days: 'd',
  w: 'w',
  week: 'w',
  weeks: 'w',
  mo: 'm',
  month: 'm',
  months: 'm',
  y: 'y',
  yr: 'y',
  year: 'y',
  years: 'y',
};

export type RetentionReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'unreadable' }
  | { readonly kind: 'period'; readonly text: string };

/** The contract's retention as a sentence in the record's language. */
export function retentionOf(contract: unknown, texts: RecordTexts): RetentionReading {
  const sla = asList(asObject(contract)?.slaProperties)
    .map(asObject)
    .find((s) => typeof s?.property === 'string' && s.property.toLowerCase() === 'retention');
  if (!sla) return { kind: 'none' };
  const raw = sla.value;
  const value =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && /^\d{1,6}$/.test(raw.trim())
        ? Number(raw)
        : NaN;
  const unit = typeof sla.unit === 'string' ? own(UNITS, sla.unit.trim().toLowerCase()) : undefined;
  if (!Number.isFinite(value) || value < 0 || unit === undefined) return { kind: 'unreadable' };
  const element =
    typeof sla.element === 'string' && sla.element.trim() !== ''
      ? sla.element.trim().slice(0, 200)
      : null;
  return {
    kind: 'period',
    text: texts.retention(String(value), texts.units[unit](value), element),
  };
}
