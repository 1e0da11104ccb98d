import type {
  Art30Point,
  ProcessingActivity,
  ProcessingRecord,
  RecordContact,
  RecordGap,
} from '../../core/privacy/record/model.ts';
import type { RecordLabels } from './record-labels.ts';
import { recordLabels } from './record-labels.ts';

/**
 * A record of processing laid out once for every renderer: headings in the template's
 * order, each Art. 30(1) point with its content and the gaps that belong to it. A value
 * the metadata does not give is `null` (rendered as "not declared" and highlighted),
 * never an empty string that would read as "none".
 */

/** A table cell or field value; null: not declared. */
export type RecordCell = string | null;

export interface RecordGapLine {
  readonly code: string;
  readonly point: string;
  /** The activity's name, or the controller part. */
  readonly where: string;
  readonly text: string;
}

export type RecordBlock =
  | { readonly kind: 'fields'; readonly rows: readonly (readonly [string, RecordCell])[] }
  | {
      readonly kind: 'table';
      readonly head: readonly string[];
      readonly rows: readonly (readonly RecordCell[])[];
    }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'gaps'; readonly gaps: readonly RecordGapLine[] };

export interface RecordSection {
  readonly level: 1 | 2 | 3;
  readonly title: string;
  /** The Art. 30(1) point the section answers, as the record's language cites it. */
  readonly point: string | null;
  /** A stable id for links (`#activity-1-b`). */
  readonly anchor: string;
  readonly blocks: readonly RecordBlock[];
}

export interface RecordDocument {
  readonly language: ProcessingRecord['language'];
  readonly labels: RecordLabels;
  readonly title: string;
  readonly subtitle: string;
  readonly meta: readonly (readonly [string, string])[];
  readonly gapCount: number;
  readonly sections: readonly RecordSection[];
}

function sameGap(a: RecordGap, b: RecordGap): boolean {
  return a.code === b.code && a.activity === b.activity && a.point === b.point && a.text === b.text;
}

/** Every gap once: the record's list, plus an activity's gap the list may not repeat. */
export function allGaps(record: ProcessingRecord): readonly RecordGap[] {
  const gaps = [...record.gaps];
  for (const activity of record.activities)
    for (const gap of activity.gaps) if (!gaps.some((g) => sameGap(g, gap))) gaps.push(gap);
  return gaps;
}

function gapLines(
  gaps: readonly RecordGap[],
  labels: RecordLabels,
  nameOf: (id: string) => string,
): RecordGapLine[] {
  return gaps.map((g) => ({
    code: g.code,
    point: labels.point(g.point),
    where: g.activity === null ? labels.controllerPart : nameOf(g.activity),
    text: g.text,
  }));
}

function contactBlock(contact: RecordContact | null, labels: RecordLabels): RecordBlock {
  if (contact === null) return { kind: 'note', text: labels.notDeclared };
  return {
    kind: 'fields',
    rows: [
      [labels.contactName, contact.name],
      [labels.contactEmail, contact.email],
      [labels.contactPhone, contact.phone],
      [labels.contactAddress, contact.address],
    ],
  };
}

/** Blocks of one subsection: its content, or the empty note; then its gaps, if any. */
function withGaps(
  content: RecordBlock | readonly RecordBlock[] | null,
  empty: string,
  gaps: readonly RecordGapLine[],
): RecordBlock[] {
  const blocks: RecordBlock[] =
    content === null
      ? [{ kind: 'note', text: empty }]
      : Array.isArray(content)
        ? [...(content as readonly RecordBlock[])]
        : [content as RecordBlock];
  if (gaps.length > 0) blocks.push({ kind: 'gaps', gaps });
  return blocks;
}

const isSubjectGap = (gap: RecordGap): boolean => gap.code.includes('subject');

function activitySections(
  activity: ProcessingActivity,
  index: number,
  labels: RecordLabels,
): RecordSection[] {
  const anchor = `activity-${index + 1}`;
  const gapsOf = (point: Art30Point, keep: (g: RecordGap) => boolean = () => true) =>
    gapLines(
      activity.gaps.filter((g) => g.point === point && keep(g)),
      labels,
      () => activity.name,
    );
  const table = (head: string[], rows: RecordCell[][]): RecordBlock | null =>
    rows.length === 0 ? null : { kind: 'table', head, rows };
  const list = (items: readonly string[]): RecordBlock | null =>
    items.length === 0 ? null : { kind: 'list', items };
  const sub = (
    key: string,
    title: string,
    point: Art30Point,
    blocks: RecordBlock[],
  ): RecordSection => ({
    level: 3,
    title,
    point: labels.point(point),
    anchor: `${anchor}-${key}`,
    blocks,
  });
  return [
    {
      level: 2,
      title: `${index + 1}. ${activity.name}`,
      point: null,
      anchor,
      blocks: [
        {
          kind: 'fields',
          rows: [
            [labels.activityId, activity.id],
            [labels.domain, activity.domain],
            [labels.owner, activity.owner],
            [labels.status, activity.status],
          ],
        },
      ],
    },
    sub(
      'b',
      labels.purposes,
      'b',
      withGaps(
        table(
          [labels.purpose, labels.purposeSource, labels.legalBasis],
          activity.purposes.map((p) => [
            p.text,
            p.source === 'product'
              ? labels.purposeFromProduct
              : `${labels.purposeFromGrant}${p.id === null ? '' : ` (${p.id})`}`,
            p.legalBasis,
          ]),
        ),
        labels.noPurposes,
        gapsOf('b'),
      ),
    ),
    sub(
      'c-subjects',
      labels.dataSubjects,
      'c',
      withGaps(list(activity.dataSubjects), labels.noDataSubjects, gapsOf('c', isSubjectGap)),
    ),
    sub(
      'c-data',
      labels.personalData,
      'c',
      withGaps(
        table(
          [labels.category, labels.columns],
          activity.personalData.map((d) => [d.category, d.columns.join(', ')]),
        ),
        labels.noPersonalData,
        gapsOf('c', (g) => !isSubjectGap(g)),
      ),
    ),
    sub(
      'd',
      labels.recipients,
      'd',
      withGaps(
        table(
          [labels.recipientKind, labels.recipientName, labels.recipientDetail],
          activity.recipients.map((r) => [
            r.kind === 'team' ? labels.recipientTeam : labels.recipientServer,
            r.name,
            r.detail,
          ]),
        ),
        labels.noRecipients,
        gapsOf('d'),
      ),
    ),
    sub(
      'e',
      labels.transfers,
      'e',
      withGaps(
        table(
          [labels.server, labels.country, labels.safeguard],
          activity.transfers.map((t) => [t.server, t.country, t.safeguard]),
        ),
        labels.noTransfers,
        gapsOf('e'),
      ),
    ),
    sub(
      'f',
      labels.erasure,
      'f',
      withGaps(
        table(
          [labels.port, labels.period],
          activity.erasure.map((e) => [e.port, e.period]),
        ),
        labels.noErasure,
        gapsOf('f'),
      ),
    ),
    sub(
      'g',
      labels.measures,
      'g',
      withGaps(
        activity.measures.length === 0
          ? null
          : [
              { kind: 'note', text: labels.activityMeasuresIntro },
              { kind: 'list', items: activity.measures },
            ],
        labels.noActivityMeasures,
        gapsOf('g'),
      ),
    ),
  ];
}

/** Lays out a record for the renderers, in the record's own language. */
export function layoutRecord(record: ProcessingRecord): RecordDocument {
  const labels = recordLabels(record.language);
  const names = new Map(record.activities.map((a) => [a.id, a.name]));
  const nameOf = (id: string): string => names.get(id) ?? id;
  const gaps = allGaps(record);
  const controllerGaps = record.gaps.filter((g) => g.activity === null);
  const sections: RecordSection[] = [
    {
      level: 1,
      title: labels.gapsSection,
      point: null,
      anchor: 'gaps',
      blocks:
        gaps.length === 0
          ? [{ kind: 'note', text: labels.noGaps }]
          : [
              { kind: 'note', text: labels.gapsIntro(gaps.length) },
              { kind: 'gaps', gaps: gapLines(gaps, labels, nameOf) },
            ],
    },
    {
      level: 1,
      title: labels.controllerSection,
      point: labels.point('a'),
      anchor: 'controller',
      blocks: [],
    },
    ...(
      [
        [labels.controller, record.controller, 'controller-main'],
        [labels.representative, record.representative, 'controller-representative'],
        [labels.dataProtectionOfficer, record.dataProtectionOfficer, 'controller-dpo'],
      ] as const
    ).map(([title, contact, anchor]): RecordSection => ({
      level: 3,
      title,
      point: null,
      anchor,
      blocks: [contactBlock(contact, labels)],
    })),
  ];
  const controllerOther = controllerGaps.filter((g) => g.point !== 'g');
  if (controllerOther.length > 0) {
    const last = sections.pop()!;
    sections.push({
      ...last,
      blocks: [...last.blocks, { kind: 'gaps', gaps: gapLines(controllerOther, labels, nameOf) }],
    });
  }
  sections.push({
    level: 1,
    title: labels.platformMeasuresSection,
    point: labels.point('g'),
    anchor: 'measures',
    blocks: withGaps(
      record.measures.length === 0 ? null : { kind: 'list', items: record.measures },
      labels.noPlatformMeasures,
      gapLines(
        controllerGaps.filter((g) => g.point === 'g'),
        labels,
        nameOf,
      ),
    ),
  });
  sections.push({
    level: 1,
    title: labels.activitiesSection,
    point: null,
    anchor: 'activities',
    blocks: record.activities.length === 0 ? [{ kind: 'note', text: labels.noActivities }] : [],
  });
  record.activities.forEach((activity, i) =>
    sections.push(...activitySections(activity, i, labels)),
  );
  return {
    language: record.language,
    labels,
    title: labels.title,
    subtitle: labels.subtitle,
    meta: [
      [labels.mesh, record.mesh],
      [labels.generatedAt, record.generatedAt],
      ['', labels.activityBasis],
    ],
    gapCount: gaps.length,
    sections,
  };
}
