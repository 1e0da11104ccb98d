import { issue } from '../findings/codes.ts';
import type { DocPath, DocumentIssue } from '../findings/finding.ts';
import { formatPath } from '../findings/finding.ts';
import {
  DATA_SUBJECTS_PROPERTY,
  isSubjectKind,
  SUBJECT_KEY_PROPERTY,
} from '../privacy/subject-keys.ts';
import { semanticCodes } from './catalogue.ts';
import type { OdcsContractLike } from './contract-like.ts';
import type { Rec } from './contract-walk.ts';
import {
  allProperties,
  directProperties,
  isRecord,
  recordsOf,
  schemaObjects,
} from './contract-walk.ts';

/**
 * The data-subject declarations of a contract (core/privacy/subject-keys.ts): what
 * `subjectKeysOf` and `dataSubjectCategoriesOf` read loosely — and so would pass over in
 * silence — is a finding here: a subject key that is no kind, twice on one column, or on a
 * level where it is not read; data subjects that are no names, or on a property. A column
 * `meshwork dsr` does not search must never look as if it were searched.
 */
export function checkSubjectDeclarations(contract: OdcsContractLike): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  const root: unknown = contract;
  if (!isRecord(root)) return issues;
  checkHolder(root, [], 'the contract', issues);
  for (const object of schemaObjects(contract)) {
    checkHolder(object.record, object.path, `schema object "${object.name ?? '?'}"`, issues);
    const direct = new Set(
      directProperties(object.record, object.path, object).map((p) => formatPath(p.path)),
    );
    for (const property of allProperties(object)) {
      const keys = entries(property.record, SUBJECT_KEY_PROPERTY, property.path);
      const isDirect = direct.has(formatPath(property.path));
      keys.forEach((entry, index) => {
        const at = formatPath(entry.valuePath);
        if (!isDirect)
          issues.push(
            issue(
              semanticCodes,
              'subject-key-misplaced',
              { at, level: 'a nested property' },
              entry.valuePath,
            ),
          );
        else if (typeof entry.value !== 'string' || !isSubjectKind(entry.value.trim()))
          issues.push(issue(semanticCodes, 'subject-key-invalid', { at }, entry.valuePath));
        else if (index > 0)
          issues.push(
            issue(
              semanticCodes,
              'subject-key-duplicate',
              { at, property: property.name ?? '?' },
              entry.valuePath,
            ),
          );
      });
      for (const entry of entries(property.record, DATA_SUBJECTS_PROPERTY, property.path))
        issues.push(
          issue(
            semanticCodes,
            'data-subjects-misplaced',
            { at: formatPath(entry.path) },
            entry.path,
          ),
        );
    }
  }
  return issues;
}

/** The contract or a schema object: data subjects belong here, subject keys do not. */
function checkHolder(record: Rec, path: DocPath, level: string, issues: DocumentIssue[]): void {
  for (const entry of entries(record, SUBJECT_KEY_PROPERTY, path))
    issues.push(
      issue(
        semanticCodes,
        'subject-key-misplaced',
        { at: formatPath(entry.valuePath), level },
        entry.valuePath,
      ),
    );
  for (const entry of entries(record, DATA_SUBJECTS_PROPERTY, path)) {
    const value = entry.value;
    const names = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
    const valid =
      names !== undefined &&
      names.length > 0 &&
      names.every((n: unknown) => typeof n === 'string' && n.trim() !== '' && n.length <= 200);
    if (!valid)
      issues.push(
        issue(
          semanticCodes,
          'data-subjects-invalid',
          { at: formatPath(entry.valuePath) },
          entry.valuePath,
        ),
      );
  }
}

interface CustomEntry {
  readonly value: unknown;
  readonly path: DocPath;
  /** The value's path, or the entry's when it has no value. */
  readonly valuePath: DocPath;
}

function entries(record: Rec, name: string, path: DocPath): CustomEntry[] {
  return recordsOf(record.customProperties)
    .filter(({ record: entry }) => entry.property === name)
    .map(({ record: entry, index }) => {
      const at = [...path, 'customProperties', index];
      return {
        value: entry.value,
        path: at,
        valuePath: 'value' in entry ? [...at, 'value'] : at,
      };
    });
}
