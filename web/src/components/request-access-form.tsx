import type { FormEvent } from 'react';
import { useId, useMemo, useState } from 'react';
import type {
  AccessFinding,
  AccessRequest,
  ContractSummary,
  Principal,
  PurposeCatalogue,
} from '../api.ts';
import { ApiError, api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { useMyTeams } from '../use-teams.ts';
import { AccessFindings, AccessStateBadge, legalBasisLabel, localized } from './access-bits.tsx';
import { Empty, Loading } from './states.tsx';

const DAY = 24 * 60 * 60 * 1000;
const DEFAULT_DAYS = 90;
const MAX_JUSTIFICATION = 2000;

/** `YYYY-MM-DD` of a moment, in UTC: the end date is a UTC day (model.ts `endsAt`). */
function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The last moment of a UTC day: access lasts through the chosen end date. */
export function endOfDay(day: string): string {
  return `${day}T23:59:59.999Z`;
}

/** The port's columns as the API names them (`object.property`), with their personal flag. */
export function portColumns(
  contract: ContractSummary | null,
): { id: string; object: string; name: string; pii: boolean }[] {
  return (contract?.schema ?? []).flatMap((object) =>
    object.properties.map((p) => ({
      id: `${object.name}.${p.name}`,
      object: object.name,
      name: p.name,
      pii: p.pii,
    })),
  );
}

export interface RequestPrefill {
  readonly consumerTeam: string;
  readonly purpose: string;
  readonly columns: readonly string[] | null;
  readonly justification: string;
  readonly renewalOf: string;
}

/**
 * "Request access" for one output port: the consumer team (one of the user's), a purpose
 * of the catalogue with its legal basis, an end date bounded by the policy, the columns
 * (personal ones marked) and a justification. A policy error (422) is shown with its
 * findings and nothing is requested; warnings travel with the request to the approvers.
 */
export function RequestAccessForm({
  user,
  productId,
  port,
  contract,
  catalogue,
  prefill,
  onRequested,
}: {
  user: Principal;
  productId: string;
  port: string;
  contract: ContractSummary | null;
  catalogue: PurposeCatalogue;
  prefill?: RequestPrefill;
  onRequested?: (request: AccessRequest) => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const teams = useMyTeams(user);
  const columns = useMemo(() => portColumns(contract), [contract]);
  const maxDays =
    typeof catalogue.maxDurationDays === 'number' && catalogue.maxDurationDays > 0
      ? catalogue.maxDurationDays
      : null;
  const today = Date.now();
  const minDay = isoDay(today + DAY);
  const maxDay = maxDays === null ? undefined : isoDay(today + maxDays * DAY);
  const [team, setTeam] = useState(prefill?.consumerTeam ?? '');
  const [purposeId, setPurposeId] = useState(prefill?.purpose ?? catalogue.items[0]?.id ?? '');
  const [endDay, setEndDay] = useState(
    isoDay(today + Math.min(DEFAULT_DAYS, maxDays ?? DEFAULT_DAYS) * DAY),
  );
  const [chosen, setChosen] = useState<ReadonlySet<string>>(
    () => new Set(prefill?.columns ?? columns.map((c) => c.id)),
  );
  const [justification, setJustification] = useState(prefill?.justification ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{
    message: string;
    findings: readonly AccessFinding[];
  } | null>(null);
  const [made, setMade] = useState<AccessRequest | null>(null);

  if (catalogue.items.length === 0) return <Empty>{t('noPurposes')}</Empty>;
  if (teams.state === 'loading') return <Loading />;
  const myTeams = teams.state === 'ready' ? teams.data : [];
  if (myTeams.length === 0) return <Empty>{t('noTeams')}</Empty>;
  const selectedTeam = myTeams.some((m) => m.name === team) ? team : (myTeams[0]?.name ?? '');
  const purpose = catalogue.items.find((p) => p.id === purposeId) ?? catalogue.items[0];

  function toggle(column: string): void {
    setChosen((now) => {
      const next = new Set(now);
      if (next.has(column)) next.delete(column);
      else next.add(column);
      return next;
    });
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!purpose) return;
    if (columns.length > 0 && chosen.size === 0) {
      setError({ message: t('noColumnsChosen'), findings: [] });
      return;
    }
    setBusy(true);
    setError(null);
    setMade(null);
    try {
      // Every column chosen is "all columns" (none named); a subset goes in the contract's order.
      const subset =
        columns.length === 0 || chosen.size === columns.length
          ? {}
          : { columns: columns.filter((c) => chosen.has(c.id)).map((c) => c.id) };
      const request = await api.requestAccess({
        productId,
        port,
        consumerTeam: selectedTeam,
        purpose: purpose.id,
        endsAt: endOfDay(endDay),
        ...subset,
        justification: justification.trim(),
        ...(prefill ? { renewalOf: prefill.renewalOf } : {}),
      });
      setMade(request);
      onRequested?.(request);
    } catch (failure) {
      if (failure instanceof ApiError)
        setError({
          message: failure.findings.length > 0 ? t('requestBlocked') : failure.message,
          findings: failure.findings,
        });
      else setError({ message: String(failure), findings: [] });
    } finally {
      setBusy(false);
    }
  }

  const warnings = made?.findings.filter((f) => f.severity !== 'error') ?? [];
  return (
    <form
      className="form access-form"
      onSubmit={(e) => void submit(e)}
      data-testid="request-access-form"
      aria-describedby={`${id}-intro`}
    >
      <p id={`${id}-intro`} className="muted small">
        {t('requestAccessIntro')}
      </p>
      <label>
        <span>{t('consumerTeam')}</span>
        <select
          name="consumer-team"
          value={selectedTeam}
          onChange={(e) => setTeam(e.target.value)}
          required
        >
          {myTeams.map((m) => (
            <option key={`${m.domain}/${m.name}`} value={m.name}>
              {m.name} ({m.domain})
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('accessPurpose')}</span>
        <select
          name="purpose"
          value={purpose?.id ?? ''}
          onChange={(e) => setPurposeId(e.target.value)}
          required
          aria-describedby={`${id}-purpose`}
        >
          {catalogue.items.map((p) => (
            <option key={p.id} value={p.id}>
              {localized(p.title, locale, p.id)}
            </option>
          ))}
        </select>
      </label>
      {purpose ? (
        <div id={`${id}-purpose`} className="purpose-note" data-testid="purpose-note">
          <div>
            <strong>{t('legalBasis')}:</strong>{' '}
            <span data-testid="legal-basis">{legalBasisLabel(t, purpose.legalBasis)}</span>
            {purpose.personalDataInClear ? (
              <span className="badge small tone-warn">{t('personalInClear')}</span>
            ) : null}
          </div>
          <div className="muted small" translate="no">
            {localized(purpose.description, locale, '')}
          </div>
        </div>
      ) : null}
      <label>
        <span>{t('endDate')}</span>
        <input
          name="ends-at"
          type="date"
          required
          min={minDay}
          {...(maxDay ? { max: maxDay } : {})}
          value={endDay}
          onChange={(e) => setEndDay(e.target.value)}
          aria-describedby={maxDays === null ? undefined : `${id}-max`}
        />
      </label>
      {maxDays === null ? null : (
        <p id={`${id}-max`} className="muted small">
          {t('endDateHint', { n: maxDays })}
        </p>
      )}
      {columns.length > 0 ? (
        <fieldset className="columns-choice" aria-describedby={`${id}-columns`}>
          <legend>{t('columnsToRequest')}</legend>
          <p id={`${id}-columns`} className="muted small">
            {t('columnsHint')}
          </p>
          <p className="columns-tools">
            <button
              type="button"
              className="button small"
              onClick={() => setChosen(new Set(columns.map((c) => c.id)))}
            >
              {t('selectAll')}
            </button>
            <button type="button" className="button small" onClick={() => setChosen(new Set())}>
              {t('selectNone')}
            </button>
          </p>
          <ul className="columns-list">
            {columns.map((c) => (
              <li key={c.id}>
                <label className="check">
                  <input
                    type="checkbox"
                    name="column"
                    value={c.id}
                    checked={chosen.has(c.id)}
                    onChange={() => toggle(c.id)}
                  />
                  <code>{c.name}</code>
                  {c.pii ? <span className="badge small tone-bad">{t('pii')}</span> : null}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
      <label>
        <span>{t('justification')}</span>
        <textarea
          name="justification"
          required
          rows={3}
          maxLength={MAX_JUSTIFICATION}
          value={justification}
          onChange={(e) => setJustification(e.target.value)}
          aria-describedby={`${id}-why`}
        />
      </label>
      <p id={`${id}-why`} className="muted small">
        {t('justificationHint')}
      </p>
      <div>
        <button
          type="submit"
          className="button primary"
          disabled={busy || justification.trim() === ''}
        >
          {busy ? t('sending') : t('submitRequest')}
        </button>
      </div>
      {error ? (
        <div className="form-error" role="alert" data-testid="request-error">
          <p>{error.message}</p>
          <AccessFindings findings={error.findings} testId="request-findings" />
        </div>
      ) : null}
      {made ? (
        <div className="state" role="status" data-testid="request-made">
          <p>
            {t('requestSent', { state: t(`state_${made.state}`) })}{' '}
            <AccessStateBadge state={made.state} />
          </p>
          {warnings.length > 0 ? (
            <>
              <p>{t('requestWarnings')}</p>
              <AccessFindings findings={warnings} testId="request-warnings" />
            </>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
