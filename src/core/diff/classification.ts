import type { ChangeSeverity } from './change.ts';

/**
 * Classification levels from least to most protected. ODCS leaves `classification` free
 * text; its examples use `public` and `restricted`. Meshwork orders the four common levels
 * (as ISO 27001 schemes and most company policies do):
 *
 *   public < internal < restricted < confidential
 *
 * Loosening (a lower level, or a level removed) exposes data to people the data subjects
 * and the governance group did not agree to: breaking. Tightening may take access away
 * from consumers: warning. Values outside the order cannot be compared: warning.
 */
export const CLASSIFICATION_ORDER = ['public', 'internal', 'restricted', 'confidential'] as const;

export function classificationChange(
  from: string | undefined,
  to: string | undefined,
): { readonly severity: ChangeSeverity; readonly reason: string } {
  if (from === undefined)
    return { severity: 'info', reason: 'A classification is declared where there was none.' };
  const a = rank(from);
  if (to === undefined) {
    return a !== undefined && a > 0
      ? { severity: 'breaking', reason: `Loosened: "${from}" data is no longer marked as such.` }
      : { severity: 'warning', reason: 'The classification is no longer declared.' };
  }
  const b = rank(to);
  if (a === undefined || b === undefined) {
    return {
      severity: 'warning',
      reason: `Cannot order "${from}" and "${to}" (known: ${CLASSIFICATION_ORDER.join(' < ')}).`,
    };
  }
  if (b < a)
    return {
      severity: 'breaking',
      reason: `Loosened: ${from} → ${to} exposes the data more widely.`,
    };
  if (b > a)
    return {
      severity: 'warning',
      reason: `Tightened: ${from} → ${to} may take access away from consumers.`,
    };
  return { severity: 'info', reason: 'The same level, spelt differently.' };
}

function rank(level: string): number | undefined {
  const i = (CLASSIFICATION_ORDER as readonly string[]).indexOf(level.trim().toLowerCase());
  return i < 0 ? undefined : i;
}
