/**
 * The erasure period of Art. 30(1)(f) from a contract's `retention` SLA, read by the same
 * parser `meshwork retention` enforces (../retention-rule.ts): a DPO must never read a
 * period in the record that the platform refuses to enforce. A value or unit the rule
 * cannot read (a value outside 1–1000, a unit such as `m`) is a gap, never a period; a
 * period whose element is no date column of the contract is stated, with a gap that says
 * `meshwork retention` does not enforce it.
 */
import { retentionRuleOf } from '../retention-rule.ts';
import type { RecordTexts } from './texts.ts';

export type RetentionReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'unreadable' }
  | { readonly kind: 'period'; readonly text: string; readonly enforced: boolean };

/** The contract's retention as a sentence in the record's language. */
export function retentionOf(contract: unknown, texts: RecordTexts): RetentionReading {
  const reading = retentionRuleOf(contract);
  if (reading.kind === 'none') return { kind: 'none' };
  if (reading.kind === 'rule') {
    const { value, unit, element } = reading.rule;
    return {
      kind: 'period',
      text: texts.retention(String(value), texts.units[unit](value), element.slice(0, 200)),
      enforced: true,
    };
  }
  if (reading.period === undefined) return { kind: 'unreadable' };
  const { value, unit } = reading.period;
  return {
    kind: 'period',
    text: texts.retention(String(value), texts.units[unit](value), null),
    enforced: false,
  };
}
