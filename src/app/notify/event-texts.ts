import type { MeshEvent, MeshEventType } from '../../core/notify/mesh-event.ts';
import type { NotificationLanguage } from '../../core/notify/notification-model.ts';

/** A notification's words, German and English: a title and the facts, one per line. */
export interface EventText {
  readonly title: string;
  readonly lines: readonly string[];
}

const TITLES: Record<MeshEventType, Record<NotificationLanguage, string>> = {
  'check.failed': { de: 'Prüfungen fehlgeschlagen', en: 'Checks failed' },
  'sla.breached': { de: 'SLA verletzt', en: 'SLA breached' },
  'sla.recovered': { de: 'SLA wieder eingehalten', en: 'SLA met again' },
  'access.request-waiting': {
    de: 'Zugriffsantrag wartet auf Ihre Entscheidung',
    en: 'Access request waiting for your decision',
  },
  'access.request-decided': { de: 'Zugriffsantrag entschieden', en: 'Access request decided' },
  'grant.expiring': { de: 'Zugriff läuft bald ab', en: 'Access grant expiring' },
  'contract.breaking-change': {
    de: 'Inkompatible Vertragsänderung',
    en: 'Breaking contract change',
  },
  'product.created': { de: 'Neues Datenprodukt', en: 'New data product' },
  'job.failed': { de: 'Job fehlgeschlagen', en: 'Job failed' },
};

const LABELS: Record<string, Record<NotificationLanguage, string>> = {
  subject: { de: 'Betrifft', en: 'Subject' },
  productId: { de: 'Datenprodukt', en: 'Data product' },
  domain: { de: 'Domäne', en: 'Domain' },
  at: { de: 'Zeitpunkt (UTC)', en: 'Time (UTC)' },
};

export function eventText(event: MeshEvent, language: NotificationLanguage): EventText {
  const label = (key: string): string => LABELS[key]?.[language] ?? key;
  const lines = [`${label('subject')}: ${event.subject}`];
  if (event.productId !== null) lines.push(`${label('productId')}: ${event.productId}`);
  if (event.domain !== null) lines.push(`${label('domain')}: ${event.domain}`);
  lines.push(`${label('at')}: ${event.at}`);
  for (const [key, value] of Object.entries(event.data))
    lines.push(`${key}: ${value === null ? '—' : String(value)}`);
  return { title: `[Meshwork] ${TITLES[event.type][language]}`, lines };
}
