/**
 * Art. 30(1)(b) for one product: its own purpose (`description.purpose`) with the legal
 * basis it names (custom property `legalBasis`), then the purposes of its active grants in
 * the catalogue's order with the catalogue's legal basis. A missing or unreadable basis and
 * a grant for a purpose the catalogue lacks are gaps.
 */
import type { Grant, LegalBasis, LocalizedText, Purpose } from '../../access/model.ts';
import { parseLegalBasis } from '../../access/purposes.ts';
import { asObject, customProperty } from '../../json/loose.ts';
import type { RecordGap, RecordLanguage, RecordPurpose } from './model.ts';
import { own } from './own.ts';
import type { RecordTexts } from './texts.ts';

/** The product's own legal basis (the marketing policy `legal-basis-named` asks for it too). */
export const LEGAL_BASIS_PROPERTY = 'legalBasis';

const BASIS_WORDS: Readonly<Record<string, LegalBasis>> = {
  consent: 'a',
  contract: 'b',
  'legal-obligation': 'c',
  'vital-interest': 'd',
  'vital-interests': 'd',
  'public-task': 'e',
  'legitimate-interest': 'f',
  'legitimate-interests': 'f',
};

const MAX_PURPOSE = 2000;

export interface PurposeContext {
  readonly purposes: readonly Purpose[];
  readonly language: RecordLanguage;
  readonly texts: RecordTexts;
}

export function localized(value: LocalizedText, language: RecordLanguage): string | null {
  return (language === 'de' ? (value.de ?? value.en) : (value.en ?? value.de)) ?? null;
}

/** A purpose's title in the record's language, or its id when the catalogue lacks it. */
export function purposeTitle(purposeId: string, context: PurposeContext): string {
  const found = context.purposes.find((p) => p.id === purposeId);
  return (found && localized(found.title, context.language)) ?? purposeId;
}

function productLegalBasis(value: unknown): LegalBasis | null | 'unreadable' {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') return 'unreadable';
  return own(BASIS_WORDS, value.trim().toLowerCase()) ?? parseLegalBasis(value) ?? 'unreadable';
}

/** The purposes of the product (document `product`, activity `id`) and its active `grants`. */
export function purposesOf(
  product: unknown,
  id: string,
  grants: readonly Grant[],
  context: PurposeContext,
): { readonly purposes: RecordPurpose[]; readonly gaps: RecordGap[] } {
  const { texts } = context;
  const purposes: RecordPurpose[] = [];
  const gaps: RecordGap[] = [];
  const add = (code: string, text: string): void => {
    gaps.push({ point: 'b', code, activity: id, text });
  };
  const raw = asObject(asObject(product)?.description)?.purpose;
  const ownPurpose =
    typeof raw === 'string' && raw.trim() !== '' ? raw.trim().slice(0, MAX_PURPOSE) : null;
  const declared = customProperty(product, LEGAL_BASIS_PROPERTY);
  const basis = productLegalBasis(declared);
  if (ownPurpose === null) add('no-purpose', texts.gaps.noPurpose(id));
  if (basis === null) add('no-legal-basis', texts.gaps.noLegalBasis(id));
  if (basis === 'unreadable')
    add(
      'unreadable-legal-basis',
      texts.gaps.unreadableLegalBasis(id, JSON.stringify(declared)?.slice(0, 60) ?? '?'),
    );
  if (ownPurpose !== null)
    purposes.push({
      source: 'product',
      id: null,
      text: ownPurpose,
      legalBasis: basis === null || basis === 'unreadable' ? null : texts.legalBasis(basis),
    });

  // In the catalogue's order, so the record reads the same however the grants were made.
  const rank = (purposeId: string): number => {
    const index = context.purposes.findIndex((p) => p.id === purposeId);
    return index === -1 ? context.purposes.length : index;
  };
  const granted = [...new Set(grants.map((g) => g.purpose))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
  for (const purposeId of granted) {
    const found = context.purposes.find((p) => p.id === purposeId);
    if (!found || found.legalBasis === null)
      add('unknown-purpose', texts.gaps.unknownPurpose(id, purposeId.slice(0, 64)));
    purposes.push({
      source: 'grant',
      id: purposeId,
      text: purposeTitle(purposeId, context),
      legalBasis: found?.legalBasis ? texts.legalBasis(found.legalBasis) : null,
    });
  }
  return { purposes, gaps };
}
