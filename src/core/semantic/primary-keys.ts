import { issue } from '../findings/codes.ts';
import type { DocumentIssue } from '../findings/finding.ts';
import { formatPath } from '../findings/finding.ts';
import { semanticCodes } from './catalogue.ts';
import type { OdcsContractLike } from './contract-like.ts';
import type { PropertySite } from './contract-walk.ts';
import { directProperties, schemaObjects } from './contract-walk.ts';

/**
 * The position of a column in its object's primary key. ODCS v3.0 documents -1 as the
 * default meaning "not part of the key", so -1 counts as no position.
 */
function positionOf(property: PropertySite): number | undefined {
  const position = property.record.primaryKeyPosition;
  return typeof position === 'number' && position !== -1 ? position : undefined;
}

/**
 * Primary key positions within each schema object: unique, numbered 1..n without gaps,
 * only on columns marked `primaryKey: true`, and present on every column of a composite
 * key (a single-column key needs none). A composite key without positions is still a
 * well-defined set of columns, only its order is unknown, hence a warning; the official
 * AdventureWorks example has many such keys.
 */
export function checkPrimaryKeys(contract: OdcsContractLike): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  for (const object of schemaObjects(contract)) {
    const objectName = object.name ?? '?';
    const properties = directProperties(object.record, object.path, object);
    const positioned = properties.filter((p) => positionOf(p) !== undefined);
    const keyColumns = properties.filter((p) => p.record.primaryKey === true);
    const firstAt = new Map<number, PropertySite>();

    for (const property of positioned) {
      const position = positionOf(property)!;
      const path = [...property.path, 'primaryKeyPosition'];
      const at = formatPath(path);
      const name = property.name ?? '?';
      const first = firstAt.get(position);
      if (first) {
        issues.push(
          issue(
            semanticCodes,
            'primary-key-position-duplicate',
            { at, position, other: first.name ?? '?', object: objectName },
            path,
          ),
        );
      } else {
        firstAt.set(position, property);
      }
      if (!Number.isInteger(position) || position < 1 || position > positioned.length) {
        issues.push(
          issue(
            semanticCodes,
            'primary-key-position-gap',
            { at, position, count: positioned.length, object: objectName },
            path,
          ),
        );
      }
      if (property.record.primaryKey !== true) {
        issues.push(
          issue(
            semanticCodes,
            'primary-key-position-without-primary-key',
            { at, property: name },
            path,
          ),
        );
      }
    }

    if (keyColumns.length > 1) {
      for (const property of keyColumns) {
        if (positionOf(property) !== undefined) continue;
        issues.push(
          issue(
            semanticCodes,
            'primary-key-without-position',
            {
              at: formatPath(property.path),
              property: property.name ?? '?',
              count: keyColumns.length,
            },
            property.path,
          ),
        );
      }
    }
  }
  return issues;
}
