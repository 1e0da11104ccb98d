import type { FormEvent } from 'react';
import { useMemo, useState } from 'react';
import type {
  CanvasAnswers,
  CanvasOptions,
  CommittedProposal,
  Principal,
  ProductDraft,
} from '../api.ts';
import { ApiError, api } from '../api.ts';
import { FindingList } from '../components/finding-list.tsx';
import { Await } from '../components/states.tsx';
import { useI18n } from '../i18n.ts';
import { Link, useLocation, useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';

/** How many contracts the input list shows at once; a filter narrows a long catalogue. */
const SHOWN_CONTRACTS = 40;

/** A folder name from the product's name: lower-case kebab, umlauts spelled out. */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFKD')
    .replaceAll(/[^a-z0-9]+/g, '-')
    .replaceAll(/^-+|-+$/g, '')
    .slice(0, 64);
}

type Outcome =
  | { readonly kind: 'draft'; readonly draft: ProductDraft }
  | { readonly kind: 'committed'; readonly committed: CommittedProposal }
  | { readonly kind: 'downloaded' };

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function CanvasForm({ options, user }: { options: CanvasOptions; user: Principal }) {
  const { t, locale } = useI18n();
  const preset = useLocation().search.get('domain') ?? '';
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [domain, setDomain] = useState(
    options.domains.some((d) => d.name === preset) ? preset : (options.domains[0]?.name ?? ''),
  );
  const [purpose, setPurpose] = useState('');
  const [consumers, setConsumers] = useState('');
  const teamsOfDomain = options.teams.filter((team) => team.domain === domain);
  const myTeam = teamsOfDomain.find((team) =>
    team.members.some((m) => m.username === user.username),
  );
  const [team, setTeam] = useState('');
  const [filter, setFilter] = useState('');
  const [inputs, setInputs] = useState<string[]>([]);
  const [columns, setColumns] = useState<string[]>([]);
  const [latency, setLatency] = useState('1');
  const [latencyUnit, setLatencyUnit] = useState<'d' | 'h' | 'm'>('d');
  const [schedule, setSchedule] = useState('0 3 * * *');
  const [language, setLanguage] = useState<'de' | 'en'>(locale);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const chosenTeam = team || myTeam?.name || teamsOfDomain[0]?.name || '';
  // The server commits only for people of the domain, for a team of theirs (canvas-rights.ts).
  const rights = options.domains.find((d) => d.name === domain);
  const mayCommit =
    options.commit.allowed &&
    rights?.mayCommit === true &&
    (rights.commitTeams === null || rights.commitTeams.includes(chosenTeam));
  const productId = idTouched ? id : slugOf(name);
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return options.contracts
      .filter((c) => inputs.includes(c.id) || needle === '' || c.id.toLowerCase().includes(needle))
      .slice(0, SHOWN_CONTRACTS + inputs.length);
  }, [options.contracts, filter, inputs]);
  const chosen = options.contracts.filter((c) => inputs.includes(c.id));

  function answers(): CanvasAnswers {
    const value = Number(latency);
    return {
      id: productId,
      name: name.trim(),
      domain,
      purpose: purpose.trim(),
      consumers: consumers.trim(),
      team: chosenTeam,
      inputs,
      columns,
      sla: {
        ...(Number.isInteger(value) && value > 0 ? { latency: { value, unit: latencyUnit } } : {}),
        ...(schedule.trim() === '' ? {} : { schedule: schedule.trim() }),
      },
      language,
    };
  }

  async function act(what: 'preview' | 'download' | 'commit'): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      if (what === 'preview')
        setOutcome({ kind: 'draft', draft: await api.canvasDraft(answers()) });
      else if (what === 'download') {
        download(await api.canvasZip(answers()), `${productId}.zip`);
        setOutcome({ kind: 'downloaded' });
      } else setOutcome({ kind: 'committed', committed: await api.canvasCommit(answers()) });
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 422) {
        // The findings of the answers: shown as a preview would show them.
        setOutcome({ kind: 'draft', draft: await api.canvasDraft(answers()) });
      } else setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent): void {
    event.preventDefault();
    void act('preview');
  }

  const toggle = (list: string[], value: string) =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  const complete =
    productId !== '' &&
    name.trim() !== '' &&
    domain !== '' &&
    purpose.trim() !== '' &&
    consumers.trim() !== '' &&
    chosenTeam !== '' &&
    inputs.length > 0;

  return (
    <>
      <form className="form canvas-form" onSubmit={submit} data-testid="canvas-form">
        <fieldset>
          <legend>{t('canvasWhat')}</legend>
          <label>
            <span>{t('canvasName')}</span>
            <input
              name="name"
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label>
            <span>{t('canvasId')}</span>
            <input
              name="id"
              required
              maxLength={64}
              pattern="[a-z0-9][a-z0-9_\-]*"
              value={productId}
              translate="no"
              onChange={(e) => {
                setIdTouched(true);
                setId(e.target.value);
              }}
            />
            <small className="muted">{t('canvasIdHint')}</small>
          </label>
          <label>
            <span>{t('canvasPurpose')}</span>
            <textarea
              name="purpose"
              required
              rows={3}
              maxLength={4000}
              value={purpose}
              onChange={(e) => setPurpose(e.target.value)}
            />
          </label>
          <label>
            <span>{t('canvasConsumers')}</span>
            <textarea
              name="consumers"
              required
              rows={2}
              maxLength={4000}
              value={consumers}
              onChange={(e) => setConsumers(e.target.value)}
            />
          </label>
        </fieldset>
        <fieldset>
          <legend>{t('canvasWho')}</legend>
          <label>
            <span>{t('canvasDomain')}</span>
            <select
              name="domain"
              value={domain}
              onChange={(e) => {
                setDomain(e.target.value);
                setTeam('');
              }}
            >
              {options.domains.map((d) => (
                <option key={d.name} value={d.name} translate="no">
                  {d.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('canvasTeam')}</span>
            <input
              name="team"
              list="canvas-teams"
              required
              maxLength={100}
              value={chosenTeam}
              translate="no"
              onChange={(e) => setTeam(e.target.value)}
            />
            <datalist id="canvas-teams">
              {teamsOfDomain.map((x) => (
                <option key={x.name} value={x.name} />
              ))}
            </datalist>
          </label>
          <p className="muted">{t('canvasOwnerIsYou', { name: user.name })}</p>
        </fieldset>
        <fieldset>
          <legend>{t('canvasInputs')}</legend>
          <label>
            <span>{t('canvasFilterContracts')}</span>
            <input
              name="contract-filter"
              type="search"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
          </label>
          <div className="canvas-choices" data-testid="canvas-inputs">
            {shown.map((c) => (
              <label key={c.id} className="check">
                <input
                  type="checkbox"
                  name="input"
                  value={c.id}
                  checked={inputs.includes(c.id)}
                  onChange={() => {
                    setInputs(toggle(inputs, c.id));
                    setColumns(columns.filter((col) => !col.startsWith(`${c.id}.`)));
                  }}
                />
                <span translate="no">{c.id}</span>
              </label>
            ))}
          </div>
          {options.truncated ? <p className="muted">{t('canvasContractsTruncated')}</p> : null}
        </fieldset>
        {chosen.length > 0 ? (
          <fieldset>
            <legend>{t('canvasColumns')}</legend>
            <p className="muted">{t('canvasColumnsHint')}</p>
            {chosen.map((c) =>
              c.objects.map((o) => (
                <div key={`${c.id}.${o.name}`} className="canvas-choices">
                  <strong translate="no">
                    {c.id} · {o.name}
                  </strong>
                  {o.properties.map((p) => {
                    const key = `${c.id}.${o.name}.${p.name}`;
                    return (
                      <label key={key} className="check">
                        <input
                          type="checkbox"
                          name="column"
                          value={key}
                          checked={columns.includes(key)}
                          onChange={() => setColumns(toggle(columns, key))}
                        />
                        <span translate="no">{p.name}</span>
                        {p.pii ? (
                          <span className="badge small tone-warn">{t('canvasPersonal')}</span>
                        ) : null}
                      </label>
                    );
                  })}
                </div>
              )),
            )}
          </fieldset>
        ) : null}
        <fieldset>
          <legend>{t('canvasService')}</legend>
          <div className="actions-row">
            <label>
              <span>{t('canvasLatency')}</span>
              <input
                name="latency"
                type="number"
                min={1}
                max={10000}
                value={latency}
                onChange={(e) => setLatency(e.target.value)}
              />
            </label>
            <label>
              <span>{t('canvasLatencyUnit')}</span>
              <select
                name="latency-unit"
                value={latencyUnit}
                onChange={(e) => setLatencyUnit(e.target.value as 'd' | 'h' | 'm')}
              >
                <option value="d">{t('unitDays')}</option>
                <option value="h">{t('unitHours')}</option>
                <option value="m">{t('unitMinutes')}</option>
              </select>
            </label>
            <label>
              <span>{t('canvasSchedule')}</span>
              <input
                name="schedule"
                maxLength={100}
                value={schedule}
                translate="no"
                onChange={(e) => setSchedule(e.target.value)}
              />
            </label>
            <label>
              <span>{t('canvasLanguage')}</span>
              <select
                name="language"
                value={language}
                onChange={(e) => setLanguage(e.target.value as 'de' | 'en')}
              >
                <option value="de">Deutsch</option>
                <option value="en">English</option>
              </select>
            </label>
          </div>
        </fieldset>
        <div className="actions-row">
          <button type="submit" className="button" disabled={busy || !complete}>
            {t('canvasPreview')}
          </button>
          <button
            type="button"
            className="button"
            data-testid="canvas-download"
            disabled={busy || !complete}
            onClick={() => void act('download')}
          >
            {t('canvasDownload')}
          </button>
          {mayCommit ? (
            <button
              type="button"
              className="button primary"
              data-testid="canvas-commit"
              disabled={busy || !complete}
              onClick={() => void act('commit')}
            >
              {t('canvasCommit')}
            </button>
          ) : null}
        </div>
        {mayCommit ? null : (
          <p className="muted" data-testid="canvas-commit-off">
            {!options.commit.allowed
              ? t('canvasCommitOff')
              : rights?.mayCommit === true
                ? t('canvasCommitNotYourTeam')
                : t('canvasCommitNotMember')}
          </p>
        )}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
      {outcome ? <Outcome outcome={outcome} domain={domain} /> : null}
    </>
  );
}

function Outcome({ outcome, domain }: { outcome: Outcome; domain: string }) {
  const { t } = useI18n();
  if (outcome.kind === 'downloaded')
    return (
      <section className="panel" role="status" data-testid="canvas-downloaded">
        <p>{t('canvasDownloaded')}</p>
      </section>
    );
  if (outcome.kind === 'committed')
    return (
      <section className="panel" role="status" data-testid="canvas-committed">
        <h2>{t('canvasCommitted')}</h2>
        <p>
          {t('canvasCommittedText')} <code className="hash">{outcome.committed.commit}</code>
        </p>
        {outcome.committed.indexed ? null : <p className="muted">{t('canvasNotIndexedYet')}</p>}
        <p>
          <Link to={`/domains/${encodeURIComponent(domain)}`}>{t('canvasToProposals')}</Link>
        </p>
      </section>
    );
  const { draft } = outcome;
  return (
    <section className="panel" aria-labelledby="canvas-preview" data-testid="canvas-preview">
      <h2 id="canvas-preview">{t('canvasPreviewTitle')}</h2>
      <FindingList findings={draft.findings} empty={t('canvasNoFindings')} />
      {draft.files.map((file) => (
        <details key={file.path} className="canvas-file">
          <summary>
            <code translate="no">{file.path}</code>
          </summary>
          <pre translate="no">{file.content}</pre>
        </details>
      ))}
    </section>
  );
}

/** "New data product": the product canvas as a form (issue 12, docs/canvas.md). */
export function NewProductPage({ user }: { user: Principal }) {
  const { t } = useI18n();
  useTitle(t('canvasTitle'));
  const [loaded, retry] = useLoad('canvas-options', () => api.canvasOptions());
  return (
    <div className="page">
      <h1>{t('canvasTitle')}</h1>
      <p className="lead">{t('canvasIntro')}</p>
      <Await loaded={loaded} retry={retry}>
        {(options) => <CanvasForm options={options} user={user} />}
      </Await>
    </div>
  );
}
