import type { AccessRequest, GrantRowFilter } from '../../core/access/model.ts';
import { checkRowFilter } from '../../core/access/row-filter.ts';
import { MeshworkError } from '../errors.ts';
import type { PortView } from './access-context.ts';
import { selectColumns } from './access-context.ts';

/**
 * The row filter of an approval, checked against the port's contract as the mesh is now:
 * its column one the request grants, its values of the column's logical type. A filter
 * narrows one table; a request granting columns of several schema objects cannot be
 * filtered without leaving the other tables whole, so it is refused rather than applied
 * to part of the grant (the owner narrows the columns or approves without a filter).
 */
export function decisionRowFilter(
  view: PortView,
  request: AccessRequest,
  input: unknown,
): GrantRowFilter | null {
  if (input === undefined || input === null) return null;
  const granted = selectColumns(view.columns, request.columns);
  const checked = checkRowFilter(
    input,
    granted.map((c) => ({
      name: c.name,
      ...(c.logicalType === undefined ? {} : { logicalType: c.logicalType }),
    })),
  );
  if (!checked.ok) throw new MeshworkError('invalid-input', checked.problems.join('; '));
  const objects = [...new Set(granted.map((c) => c.object))];
  if (objects.length > 1)
    throw new MeshworkError(
      'invalid-input',
      `A row filter narrows one table, but this request grants columns of ${objects.join(', ')}; approve without a filter, or ask for a request of one table's columns.`,
    );
  return checked.filter;
}
