import { issue } from '../findings/codes.ts';
import type { DocPath, DocumentIssue, Finding } from '../findings/finding.ts';
import { asObject } from '../json/loose.ts';
import type { MeshModel } from '../mesh/mesh-model.ts';
import { KEBAB_CASE } from '../mesh/organisation.ts';
import { closest } from '../text/suggest.ts';
import type { SourceDocument } from '../yaml/source-document.ts';
import { purposeCodes } from './catalogue.ts';
import type { LegalBasis, LocalizedText, Purpose } from './model.ts';

/**
 * The purpose catalogue of meshwork.yaml:
 *
 * ```yaml
 * purposes:
 *   - id: reporting
 *     title: { de: Controlling, en: Reporting }
 *     description: { de: …, en: … }   # or one text for both languages
 *     legalBasis: f                    # GDPR Art. 6(1) a–f
 *     personalDataInClear: false       # optional, default false
 * ```
 *
 * Read here with findings (the mesh's validation reports them, `purposesOfMesh` gives the
 * purposes to the access service). A purpose with an error is left out of the result: a
 * request cannot name it until it is fixed, rather than be granted under a purpose that
 * does not say what was meant (e.g. a misspelt legal basis read as none).
 */

/** Bounds: the catalogue is input like any other. */
export const MAX_PURPOSES = 200;
export const MAX_PURPOSE_ID = 64;
export const MAX_PURPOSE_TITLE = 200;
export const MAX_PURPOSE_DESCRIPTION = 2000;

const KEYS = ['id', 'title', 'description', 'legalBasis', 'personalDataInClear'] as const;

export interface PurposeCatalogue {
  /** The purposes without errors, in the order of the file. */
  readonly purposes: readonly Purpose[];
  /** Problems by document path (`$.purposes[2].legalBasis`), for `SourceDocument.place`. */
  readonly issues: readonly DocumentIssue[];
}

/**
 * The legal basis a value names, or null when it names none. Accepted, in any case and
 * with any spaces, dots, hyphens and brackets: the letter alone (`f`), the article
 * (`art-6-1-f`, `Art. 6(1)(f)`, `Art. 6 (1) f`) and the German citation
 * (`Art. 6 Abs. 1 lit. f`), optionally followed by GDPR/DSGVO. Nothing else: not other
 * articles (Art. 9 is a condition for special categories, not a basis of Art. 6).
 */
export function parseLegalBasis(value: unknown): LegalBasis | null {
  if (typeof value !== 'string' || value.length > 60) return null;
  const compact = value
    .toLowerCase()
    .replace(/[\s.()[\]\-_]/g, '')
    .replace(/(gdpr|dsgvo)$/, '');
  const match = /^(?:art6(?:abs)?1(?:lit)?)?([a-f])$/.exec(compact);
  return match ? (match[1] as LegalBasis) : null;
}

/** Reads `purposes` of meshwork.yaml's data as parsed (anything; never throws). */
export function parsePurposes(organisation: unknown): PurposeCatalogue {
  const raw = asObject(organisation)?.purposes;
  if (raw === undefined || raw === null) return { purposes: [], issues: [] };
  if (!Array.isArray(raw))
    return { purposes: [], issues: [issue(purposeCodes, 'purposes-not-a-list', {}, ['purposes'])] };
  const issues: DocumentIssue[] = [];
  if (raw.length > MAX_PURPOSES)
    issues.push(
      issue(purposeCodes, 'too-many-purposes', { count: raw.length, max: MAX_PURPOSES }, [
        'purposes',
      ]),
    );
  const purposes: Purpose[] = [];
  const firstIndexOf = new Map<string, number>();
  raw.slice(0, MAX_PURPOSES).forEach((entry: unknown, index) => {
    const own: DocumentIssue[] = [];
    const purpose = readPurpose(entry, index, own, firstIndexOf);
    issues.push(...own);
    if (purpose !== null && !own.some((i) => i.severity === 'error')) purposes.push(purpose);
  });
  return { purposes, issues };
}

function readPurpose(
  entry: unknown,
  index: number,
  issues: DocumentIssue[],
  firstIndexOf: Map<string, number>,
): Purpose | null {
  const at = (...rest: (string | number)[]): DocPath => ['purposes', index, ...rest];
  const data = asObject(entry);
  if (!data) {
    issues.push(issue(purposeCodes, 'purpose-not-an-object', { index }, at()));
    return null;
  }
  let id: string;
  if (data.id === undefined || data.id === null || data.id === '') {
    issues.push(issue(purposeCodes, 'missing-purpose-id', { index }, at()));
    id = `#${index + 1}`;
  } else if (
    typeof data.id !== 'string' ||
    data.id.length > MAX_PURPOSE_ID ||
    !KEBAB_CASE.test(data.id)
  ) {
    id = shown(data.id, MAX_PURPOSE_ID + 1);
    issues.push(issue(purposeCodes, 'invalid-purpose-id', { id, max: MAX_PURPOSE_ID }, at('id')));
  } else {
    id = data.id;
    const first = firstIndexOf.get(id);
    if (first === undefined) firstIndexOf.set(id, index);
    else issues.push(issue(purposeCodes, 'duplicate-purpose-id', { id, first }, at('id')));
  }

  for (const key of Object.keys(data)) {
    if ((KEYS as readonly string[]).includes(key)) continue;
    issues.push(
      issue(
        purposeCodes,
        'unknown-purpose-field',
        { key: key.slice(0, 80), id, near: closest(key, KEYS) },
        at(key),
        { atKey: true },
      ),
    );
  }

  const title = readText(data.title, MAX_PURPOSE_TITLE);
  if (title === 'invalid')
    issues.push(
      issue(
        purposeCodes,
        'invalid-purpose-text',
        { id, field: 'title', max: MAX_PURPOSE_TITLE },
        at('title'),
      ),
    );
  else if (title === null) issues.push(issue(purposeCodes, 'missing-purpose-title', { id }, at()));

  const description = readText(data.description, MAX_PURPOSE_DESCRIPTION);
  if (description === 'invalid')
    issues.push(
      issue(
        purposeCodes,
        'invalid-purpose-text',
        { id, field: 'description', max: MAX_PURPOSE_DESCRIPTION },
        at('description'),
      ),
    );

  let legalBasis: LegalBasis | null = null;
  if (data.legalBasis === undefined || data.legalBasis === null || data.legalBasis === '') {
    issues.push(issue(purposeCodes, 'missing-legal-basis', { id }, at()));
  } else {
    legalBasis = parseLegalBasis(data.legalBasis);
    if (legalBasis === null)
      issues.push(
        issue(
          purposeCodes,
          'unknown-legal-basis',
          { id, value: JSON.stringify(shown(data.legalBasis, 60)) },
          at('legalBasis'),
        ),
      );
  }

  const inClear = data.personalDataInClear;
  if (inClear !== undefined && inClear !== null && typeof inClear !== 'boolean')
    issues.push(
      issue(purposeCodes, 'invalid-personal-data-in-clear', { id }, at('personalDataInClear')),
    );

  if (title === null || title === 'invalid') return null;
  return {
    id,
    title,
    description: description === null || description === 'invalid' ? {} : description,
    legalBasis,
    personalDataInClear: inClear === true,
  };
}

/**
 * A text in both languages: one string serves both, `{ de, en }` each its own (either may
 * be left out, not both). null: absent or empty; 'invalid': of another shape or too long.
 */
function readText(value: unknown, max: number): LocalizedText | null | 'invalid' {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return null;
    return text.length > max ? 'invalid' : { de: text, en: text };
  }
  const object = asObject(value);
  if (!object) return 'invalid';
  const result: { de?: string; en?: string } = {};
  for (const [key, raw] of Object.entries(object)) {
    if (key !== 'de' && key !== 'en') return 'invalid';
    if (raw === undefined || raw === null) continue;
    if (typeof raw !== 'string' || raw.trim().length > max) return 'invalid';
    if (raw.trim() !== '') result[key] = raw.trim();
  }
  return result.de === undefined && result.en === undefined ? null : result;
}

/** The catalogue of a parsed meshwork.yaml, with its problems placed (file:line:column). */
export function purposesOf(source: SourceDocument): {
  readonly purposes: readonly Purpose[];
  readonly findings: readonly Finding[];
} {
  const { purposes, issues } = parsePurposes(source.data);
  return { purposes, findings: source.place(issues) };
}

/** The mesh's purposes; none when it has no meshwork.yaml. */
export function purposesOfMesh(model: Pick<MeshModel, 'organisation'>): readonly Purpose[] {
  return model.organisation ? parsePurposes(model.organisation.source.data).purposes : [];
}

/** A value of the file as text for a message, cut to `max` characters. */
function shown(value: unknown, max: number): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? typeof value);
  return text.slice(0, max);
}

/** The purpose with this id, or null. */
export function findPurpose(purposes: readonly Purpose[], id: string): Purpose | null {
  return purposes.find((p) => p.id === id) ?? null;
}
