import { useId } from 'react';
import type { ContractSummary, GrantRowFilter } from '../api.ts';
import { useI18n } from '../i18n.ts';

/** The logical types a row filter compares (core/access/row-filter.ts). */
const FILTER_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'date']);
export const MAX_FILTER_VALUES = 100;
export const MAX_FILTER_VALUE_CHARS = 200;

/** "Only rows where region is one of these values: EU, CH" — how grant lists and the inbox show a row filter. */
export function RowFilterNote({ filter }: { filter: GrantRowFilter | null | undefined }) {
  const { t } = useI18n();
  if (!filter) return null;
  const dot = filter.column.indexOf('.');
  return (
    <div className="muted small" data-testid="row-filter" title={filter.column}>
      {t('rowFilterOnly', {
        column: dot < 0 ? filter.column : filter.column.slice(dot + 1),
        values: filter.values.map((v) => String(v)).join(', '),
      })}
    </div>
  );
}

/** A column an owner may filter on: granted by the request and of a comparable type. */
export interface FilterColumn {
  readonly id: string;
  readonly logicalType: string;
}

export function filterColumns(
  contract: ContractSummary | null,
  granted: readonly string[] | null,
): FilterColumn[] {
  const wanted = granted === null ? null : new Set(granted);
  const found = (contract?.schema ?? []).flatMap((object) =>
    object.properties.flatMap((p) => {
      const id = `${object.name}.${p.name}`;
      return p.logicalType !== null &&
        FILTER_TYPES.has(p.logicalType) &&
        (wanted === null || wanted.has(id))
        ? [{ id, logicalType: p.logicalType, object: object.name }]
        : [];
    }),
  );
  // The server refuses a filter on a grant spanning several tables: offer none then.
  const objects = new Set(
    (contract?.schema ?? [])
      .filter((o) => o.properties.some((p) => wanted === null || wanted.has(`${o.name}.${p.name}`)))
      .map((o) => o.name),
  );
  return objects.size > 1 ? [] : found.map(({ id, logicalType }) => ({ id, logicalType }));
}

/**
 * The values typed one per line, as the API takes them for the column's type: numbers as
 * numbers (an integer beyond 2^53 stays text, so no digit is lost), true/false as booleans,
 * the rest as text. The server checks them against the contract again.
 */
export function parseFilterValues(
  text: string,
  logicalType: string,
): (string | number | boolean)[] {
  const lines = [
    ...new Set(
      text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    ),
  ];
  return lines.map((line) => {
    if (logicalType === 'integer') {
      const n = Number(line);
      return /^-?[0-9]+$/.test(line) && Number.isSafeInteger(n) ? n : line;
    }
    if (logicalType === 'number') {
      const n = Number(line);
      return line !== '' && Number.isFinite(n) ? n : line;
    }
    if (logicalType === 'boolean') {
      if (/^(true|ja|yes|wahr)$/i.test(line)) return true;
      if (/^(false|nein|no|falsch)$/i.test(line)) return false;
    }
    return line;
  });
}

/** The decision form's row filter: a column of the request's and its values, one per line. */
export function RowFilterFields({
  columns,
  column,
  values,
  onColumn,
  onValues,
}: {
  columns: readonly FilterColumn[];
  column: string;
  values: string;
  onColumn: (column: string) => void;
  onValues: (values: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  if (columns.length === 0) return null;
  return (
    <fieldset className="row-filter" data-testid="row-filter-fields">
      <legend>{t('rowFilter')}</legend>
      <p className="muted small" id={`${id}-hint`}>
        {t('rowFilterHint')}
      </p>
      <label>
        <span>{t('rowFilterColumn')}</span>
        <select
          name="rowFilterColumn"
          value={column}
          aria-describedby={`${id}-hint`}
          onChange={(e) => onColumn(e.target.value)}
        >
          <option value="">{t('rowFilterEveryRow')}</option>
          {columns.map((c) => (
            <option key={c.id} value={c.id} translate="no">
              {c.id} ({c.logicalType})
            </option>
          ))}
        </select>
      </label>
      {column !== '' ? (
        <label>
          <span>{t('rowFilterValues')}</span>
          <textarea
            name="rowFilterValues"
            rows={3}
            value={values}
            maxLength={MAX_FILTER_VALUES * (MAX_FILTER_VALUE_CHARS + 1)}
            onChange={(e) => onValues(e.target.value)}
          />
          <span className="muted small">
            {t('rowFilterValuesHint', { max: String(MAX_FILTER_VALUES) })}
          </span>
        </label>
      ) : null}
    </fieldset>
  );
}
