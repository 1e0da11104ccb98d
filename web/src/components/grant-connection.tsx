import type { DataFormat, GrantView } from '../api.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { CopyButton } from './copy-button.tsx';

const FORMATS: readonly DataFormat[] = ['csv', 'parquet', 'json'];

/**
 * How a consumer reads an active grant: on PostgreSQL the views it may select from and the
 * role its login must be a member of; on the embedded engine a download through the API
 * (`GET /api/products/{id}/ports/{port}/data`), which applies the same columns and masking.
 */
export function GrantConnection({ grant }: { grant: GrantView }) {
  const { t } = useI18n();
  const postgres = grant.provisioning.filter((p) => p.engine === 'postgresql');
  // The data API serves every snapshot port; a grant provisioned nowhere else is read there.
  const download = grant.provisioning.some((p) => p.engine === 'embedded') || postgres.length === 0;
  const lines = grant.connection ?? [];
  return (
    <div className="grant-connection" data-testid="connection">
      {postgres.map((p, i) => (
        <div key={`${p.server ?? ''}:${i}`} className="connection-pg" data-testid="connection-pg">
          {p.server ? (
            <div className="muted small" translate="no">
              {t('pgServer', { name: p.server })}
            </div>
          ) : null}
          <div>
            <strong>{t('pgViews')}:</strong>
            <ul className="plain">
              {p.objects.map((object) => (
                <li key={object}>
                  <code data-testid="pg-view">{object}</code>{' '}
                  <CopyButton text={`SELECT * FROM ${object} LIMIT 10;`} label={object} />
                </li>
              ))}
            </ul>
          </div>
          {p.role ? (
            <div>
              <strong>{t('pgRole')}:</strong> <code data-testid="pg-role">{p.role}</code>
            </div>
          ) : null}
        </div>
      ))}
      {download ? (
        <p className="downloads">
          <span>{t('downloadData')}:</span>{' '}
          {FORMATS.map((format) => (
            <a
              key={format}
              className="button small"
              href={api.dataUrl(grant.productId, grant.port, format)}
              download
              data-format={format}
              aria-label={`${t('downloadData')} (${format.toUpperCase()})`}
            >
              {format.toUpperCase()}
            </a>
          ))}
        </p>
      ) : null}
      {lines.length > 0 ? (
        <ul className="plain muted small" data-testid="connection-lines">
          {lines.map((line) => (
            <li key={line}>
              <code>{line}</code>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
