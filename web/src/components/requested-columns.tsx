import { api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { useLoad } from '../use-load.ts';
import { portColumns } from './request-access-form.tsx';

/**
 * The columns a request or grant names, each personal one with the personal-data badge
 * (from the port's current contract), so an approver — the DPO above all — sees at a
 * glance what personal data is asked for. "All columns" lists them all. Until the
 * contract has arrived, or when it cannot be read, the names are shown as they are.
 */
export function RequestedColumns({
  productId,
  port,
  columns,
}: {
  productId: string;
  port: string;
  columns: readonly string[] | null;
}) {
  const { t } = useI18n();
  const [loaded] = useLoad(`product:${productId}`, () => api.product(productId));
  const contract =
    loaded.state === 'ready'
      ? (loaded.data.product.outputPorts.find((o) => o.name === port)?.contract ?? null)
      : null;
  const known = portColumns(contract);
  const personal = new Set(known.filter((c) => c.pii).map((c) => c.id));
  const shown = columns ?? (known.length > 0 ? known.map((c) => c.id) : null);
  if (shown === null) return <>{t('columnsAll')}</>;
  return (
    <>
      {columns === null ? <div className="muted small">{t('columnsAll')}</div> : null}
      <ul className="requested-columns" data-testid="requested-columns">
        {shown.map((column) => (
          <li key={column} data-personal={personal.has(column) ? 'true' : 'false'}>
            <code className="small">{column}</code>
            {personal.has(column) ? <span className="badge small tone-bad">{t('pii')}</span> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
