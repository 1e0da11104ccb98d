import { api } from '../api.ts';
import type { MessageKey } from '../i18n.ts';
import { useI18n } from '../i18n.ts';

/** The formats of `meshwork export`, as GET /api/contracts/{id}/export offers them. */
const FORMATS = [
  ['json-schema', 'exportJsonSchema'],
  ['sql-postgres', 'exportSqlPostgres'],
  ['sql-mysql', 'exportSqlMysql'],
  ['sql-duckdb', 'exportSqlDuckdb'],
  ['markdown', 'exportMarkdown'],
  ['html', 'exportHtml'],
  ['mermaid', 'exportMermaid'],
  ['dbt', 'exportDbt'],
  ['dcs', 'exportDcs'],
] as const satisfies readonly (readonly [string, MessageKey])[];

/** "Download as …": the output port's contract in each export format, as plain links. */
export function ExportLinks({ contractId }: { readonly contractId: string }) {
  const { t } = useI18n();
  return (
    <p className="export-links small" data-testid="export-links">
      <span className="muted">{t('exportAs')}</span>{' '}
      {FORMATS.map(([format, label], i) => (
        <span key={format}>
          {i > 0 ? ' · ' : null}
          <a
            href={api.contractExportUrl(contractId, format)}
            download
            data-format={format}
            // The Data Contract Specification is a standard's proper name, not words to translate.
            {...(format === 'dcs' ? { translate: 'no' as const } : {})}
          >
            {t(label)}
          </a>
        </span>
      ))}
    </p>
  );
}
