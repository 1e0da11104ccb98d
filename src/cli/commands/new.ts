import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ChoiceContract, CanvasChoices } from '../../app/canvas/canvas-choices.ts';
import { canvasChoices } from '../../app/canvas/canvas-choices.ts';
import type { CanvasSla, ProductCanvas } from '../../app/canvas/canvas-model.ts';
import { draftProduct } from '../../app/canvas/draft-product.ts';
import { writeDraft } from '../../app/canvas/write-draft.ts';
import { MeshworkError } from '../../app/errors.ts';
import { slugOf } from '../../app/init/scaffold.ts';
import { findMeshRootAbove } from '../../app/workspace/read-mesh.ts';
import type { CanvasQuestions } from '../canvas-questions.ts';
import { QUESTIONS } from '../canvas-questions.ts';
import type { CliIO } from '../output.ts';
import { formatFindingsText, paint, writeJson } from '../output.ts';
import { formatOption, parseCommandArgs, singlePath } from '../usage.ts';

export const newHelp = `Usage: meshwork new product [MESH] [options]

Drafts a new data product from the product canvas: what it is for, who needs it, which
team owns it, which existing contracts it reads, which columns it offers, which service
levels it promises. Writes domains/<domain>/<id>/ with product.odps.yaml, transform.sql
(one explicit SELECT, joined along the inputs' foreign keys) and the output contract,
whose columns and types the build engine derives by describing the transform on the
inputs; classification, tags and subject keys come from the input columns. The draft
passes meshwork validate, build and test as it is. On a terminal it asks each question
not given as a flag (German or English: --lang, else the mesh's defaults.language);
otherwise it takes the flags. It never overwrites a folder.

Options:
  --domain NAME         the domain (a folder under domains/)
  --name TEXT           the product's name
  --id ID               kebab-case id and folder name (default: from the name)
  --purpose TEXT        what it is for (description.purpose)
  --consumers TEXT      who needs it and benefits (description.usage)
  --team NAME           the owning team of the domain (default: the domain's team)
  --owner USERNAME      the owner (default: the team's owner)
  --input ID            a contract it reads, by ODCS id (repeat for more)
  --column REF          a column it offers: <contract id>.<object>.<property>, or
                        <object>.<property> / <property> when one input has it (repeat;
                        default: every column of the first input)
  --port NAME           the output port's name (default: the first input's object name)
  --latency 1d          data at most this old (d, h or m)
  --schedule CRON       when it is built, e.g. '0 3 * * *'
  --retention 3y        rows kept this long (d, m or y); default: from the inputs
  --availability PCT    share of the time it can be read, percent
  --status S            draft (default), proposed or active
  --lang de|en          language of the questions and of the texts written
  --yes, -y             do not ask; take flags and defaults
  --dry-run             show the files, write nothing
  --format text|json    output format
  -h, --help            show this help

Exit status: 0 drafted, 1 the answers have errors (nothing written), 2 usage error.
`;

const MAX_ANSWER = 4000;

export async function runNew(args: readonly string[], io: CliIO): Promise<number> {
  const [what, ...rest] = args;
  if (what === '-h' || what === '--help') {
    io.stdout(newHelp);
    return 0;
  }
  if (what === undefined) {
    io.stderr(newHelp);
    return 2;
  }
  if (what !== 'product') {
    throw new MeshworkError('usage', `unknown kind "${what}"; try \`meshwork new product\`.`);
  }
  const { values, positionals } = parseCommandArgs('new', rest, {
    domain: { type: 'string' },
    name: { type: 'string' },
    id: { type: 'string' },
    purpose: { type: 'string' },
    consumers: { type: 'string' },
    team: { type: 'string' },
    owner: { type: 'string' },
    input: { type: 'string', multiple: true },
    column: { type: 'string', multiple: true },
    port: { type: 'string' },
    latency: { type: 'string' },
    schedule: { type: 'string' },
    retention: { type: 'string' },
    availability: { type: 'string' },
    status: { type: 'string' },
    lang: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    'dry-run': { type: 'boolean' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(newHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json'], 'format');
  const start = resolve(io.cwd, singlePath(positionals, 'new'));
  const meshRoot = await findMeshRootAbove(start);
  if (meshRoot === undefined) {
    throw new MeshworkError('not-found', `no meshwork.yaml in ${start} or above it.`);
  }
  const choices = await canvasChoices(meshRoot);
  const language =
    values.lang === undefined
      ? (choices.language ?? 'en')
      : (formatOption(values.lang, ['de', 'en'], 'lang') as 'de' | 'en');
  const texts = QUESTIONS[language];
  const status = formatOption(values.status, ['draft', 'proposed', 'active'], 'status');
  const interactive = io.isTTY && !values.yes && format === 'text';
  const ask = interactive ? openQuestions(io, texts) : undefined;
  try {
    if (ask) io.stdout(`${texts.intro}\n\n`);
    const answers = await collect(values, choices, texts, ask);
    const canvas: ProductCanvas = {
      ...answers,
      status: status as ProductCanvas['status'],
      language,
    };
    const draft = await draftProduct(meshRoot, canvas, { env: io.env });
    const errors = draft.findings.some((f) => f.severity === 'error');
    const dryRun = values['dry-run'] === true;
    let written: string[] = [];
    // Before the confirmation, so that a warning (a type from the contract, an assumed
    // classification) is read before the files are written.
    if (format === 'text' && draft.findings.length > 0)
      io.stderr(formatFindingsText(draft.findings, io));
    if (!errors && !dryRun) {
      const confirmed = ask
        ? await ask.confirm(
            texts.confirm,
            draft.files.map((f) => f.path),
          )
        : true;
      if (confirmed) written = await writeDraft(meshRoot, draft);
    }
    if (format === 'json') {
      writeJson(io, {
        folder: draft.folder,
        written: written.length > 0,
        files: draft.files.map((f) => (dryRun ? f : { path: f.path })),
        findings: draft.findings,
      });
    } else {
      report(io, texts, draft, written, dryRun, errors);
    }
    return errors ? 1 : 0;
  } finally {
    ask?.close();
  }
}

function report(
  io: CliIO,
  texts: CanvasQuestions,
  draft: Awaited<ReturnType<typeof draftProduct>>,
  written: readonly string[],
  dryRun: boolean,
  errors: boolean,
): void {
  if (errors) {
    io.stderr(`${texts.notWritten}\n`);
    return;
  }
  if (dryRun) {
    for (const file of draft.files)
      io.stdout(`${paint(io, 'bold', `# ${file.path}`)}\n${file.content}\n`);
    io.stdout(`${texts.dryRun}\n`);
    return;
  }
  if (written.length === 0) {
    io.stdout(`${texts.notWritten}\n`);
    return;
  }
  io.stdout(`${texts.written}:\n${written.map((p) => `  ${p}`).join('\n')}\n\n`);
  const id = draft.folder.split('/').pop()!;
  io.stdout(`${texts.next}: meshwork validate && meshwork build ${id}\n`);
}

type Values = Record<string, string | boolean | string[] | undefined>;
type Answers = Omit<ProductCanvas, 'status' | 'language'>;

/** The canvas from the flags, each missing answer asked (on a terminal) or defaulted. */
async function collect(
  values: Values,
  choices: CanvasChoices,
  texts: CanvasQuestions,
  ask: Questions | undefined,
): Promise<Answers> {
  const flag = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === 'string' ? v : undefined;
  };
  const list = (name: string): string[] | undefined => {
    const v = values[name];
    return Array.isArray(v) ? v : undefined;
  };
  const missing: string[] = [];
  const text = async (name: string, question: string, fallback?: string): Promise<string> => {
    const given = flag(name);
    if (given !== undefined) return given;
    if (ask) return ask.text(question, fallback);
    if (fallback === undefined) missing.push(`--${name}`);
    return fallback ?? '';
  };
  const domainNames = choices.domains.map((d) => d.name);
  const domain =
    flag('domain') ??
    (ask
      ? await ask.choose(
          texts.domain,
          choices.domains.map((d) => ({
            value: d.name,
            label: d.title ? `${d.name} — ${d.title}` : d.name,
          })),
          domainNames[0],
        )
      : (missing.push('--domain'), ''));
  const name = await text('name', texts.name);
  const suggestedId = idFor(domain, name);
  // Without a name there is no id to suggest; --name is then what is missing, not --id.
  const id = await text('id', texts.id, suggestedId ?? (ask ? undefined : ''));
  const purpose = await text('purpose', texts.purpose);
  const consumers = await text('consumers', texts.consumers);
  const teams = choices.domains.find((d) => d.name === domain)?.teams ?? [];
  const team =
    flag('team') ??
    (ask
      ? await ask.choose(
          texts.team,
          teams.map((t) => ({ value: t.name, label: t.name })),
          teams[0]?.name,
        )
      : (teams[0]?.name ?? (missing.push('--team'), '')));
  const members = teams.find((t) => t.name === team)?.members ?? [];
  const defaultOwner = (members.find((m) => m.role === 'owner') ?? members[0])?.username;
  const owner =
    flag('owner') ??
    (ask
      ? await ask.choose(
          texts.owner,
          members.map((m) => ({
            value: m.username,
            label: m.name ? `${m.username} (${m.name})` : m.username,
          })),
          defaultOwner,
          true,
        )
      : (defaultOwner ?? (missing.push('--owner'), '')));
  const inputs =
    list('input') ??
    (ask
      ? await ask.chooseMany(
          texts.inputs,
          choices.contracts.map((c) => ({ value: c.id, label: `${c.id}  (${c.owner})` })),
        )
      : (missing.push('--input'), []));
  const offered = columnChoices(choices.contracts, inputs);
  const columns =
    list('column') ??
    (ask && offered.length > 0
      ? await ask.chooseMany(
          texts.columns,
          offered.map((c) => ({ value: c, label: c })),
          texts.columnsAll,
          true,
        )
      : []);
  if (missing.length > 0) {
    throw new MeshworkError(
      'usage',
      `without a terminal, give ${missing.join(', ')} (or run it on a terminal to be asked). See \`meshwork new --help\`.`,
    );
  }
  const latency = await text('latency', texts.latency, '1d');
  const schedule = await text('schedule', texts.schedule, '0 3 * * *');
  const retention = await text('retention', texts.retention, '');
  const availability = flag('availability');
  const port = flag('port');
  const sla: CanvasSla = {
    ...(latency.trim() === '' ? {} : { latency: duration(latency, ['d', 'h', 'm'], 'latency') }),
    ...(schedule.trim() === '' ? {} : { schedule: cron(schedule) }),
    ...(retention.trim() === ''
      ? {}
      : { retention: duration(retention, ['d', 'm', 'y'], 'retention') }),
    ...(availability === undefined ? {} : { availabilityPercent: percent(availability) }),
  };
  return {
    id,
    name,
    domain,
    purpose,
    consumers,
    team,
    owner: { username: owner },
    inputs,
    columns,
    ...(port === undefined ? {} : { outputPort: port }),
    sla,
  };
}

/** `sales` + `Top customers` → `sales-top-customers`, as the demo names products. */
function idFor(domain: string, name: string): string | undefined {
  const slug = slugOf(name);
  if (slug === '') return undefined;
  return slug.startsWith(`${domain}-`) || domain === '' ? slug : `${domain}-${slug}`;
}

function columnChoices(contracts: readonly ChoiceContract[], inputs: readonly string[]): string[] {
  return inputs.flatMap((id) => {
    const contract = contracts.find((c) => c.id === id);
    return (contract?.objects ?? []).flatMap((o) =>
      o.properties.map((p) => `${id}.${o.name}.${p}`),
    );
  });
}

function duration<U extends string>(
  text: string,
  units: readonly U[],
  name: string,
): { value: number; unit: U } {
  const match = /^\s*(\d{1,6})\s*([a-z])\s*$/.exec(text);
  const unit = match?.[2] as U | undefined;
  if (!match || unit === undefined || !units.includes(unit) || Number(match[1]) === 0) {
    throw new MeshworkError(
      'usage',
      `--${name} must be a positive whole number and a unit (${units.join(', ')}), e.g. 1${units[0]}; not ${JSON.stringify(text.slice(0, 40))}.`,
    );
  }
  return { value: Number(match[1]), unit };
}

function cron(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length > 100 || !/^[0-9*,/-]+( [0-9*,/-]+){4}$/.test(trimmed)) {
    throw new MeshworkError(
      'usage',
      `--schedule must be a cron expression of five fields, e.g. '0 3 * * *'; not ${JSON.stringify(trimmed.slice(0, 40))}.`,
    );
  }
  return trimmed;
}

function percent(text: string): number {
  const value = Number(text);
  if (!/^\d{1,3}(\.\d{1,4})?$/.test(text.trim()) || value <= 0 || value > 100) {
    throw new MeshworkError(
      'usage',
      `--availability must be a percentage above 0 and at most 100.`,
    );
  }
  return value;
}

interface Questions {
  text(question: string, fallback?: string): Promise<string>;
  choose(
    question: string,
    options: readonly { value: string; label: string }[],
    fallback: string | undefined,
    free?: boolean,
  ): Promise<string>;
  chooseMany(
    question: string,
    options: readonly { value: string; label: string }[],
    fallbackLabel?: string,
    optional?: boolean,
  ): Promise<string[]>;
  confirm(question: string, files: readonly string[]): Promise<boolean>;
  close(): void;
}

/**
 * Questions on the CLI's input, one line per answer. Lines are read through an async
 * iterator, which buffers: answers typed (or piped) ahead are not lost. The end of the
 * input (Ctrl+D) aborts before anything is written.
 */
function openQuestions(io: CliIO, texts: CanvasQuestions): Questions {
  const rl = createInterface({ input: io.stdin ?? process.stdin, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const line = async (prompt: string): Promise<string> => {
    io.stdout(prompt);
    const next = await lines.next();
    if (next.done === true) throw new MeshworkError('usage', 'aborted; nothing was written.');
    const answer = String(next.value).trim();
    if (answer.length > MAX_ANSWER)
      throw new MeshworkError('usage', `an answer is longer than ${MAX_ANSWER} characters.`);
    return answer;
  };
  const hint = (fallback: string | undefined): string =>
    fallback === undefined || fallback === '' ? '' : ` ${paint(io, 'dim', `(${fallback})`)}`;
  // Ten tries a question: a stream of nonsense must end, not loop.
  const tries = 10;
  return {
    async text(question, fallback) {
      for (let i = 0; i < tries; i++) {
        const answer = await line(`${question}${hint(fallback)}: `);
        if (answer !== '') return answer;
        if (fallback !== undefined) return fallback;
        io.stdout(`  ${texts.required}\n`);
      }
      throw new MeshworkError('usage', 'no answer given; nothing was written.');
    },
    async choose(question, options, fallback, free = false) {
      io.stdout(`${question}\n${options.map((o, i) => `  ${i + 1}) ${o.label}`).join('\n')}\n`);
      for (let i = 0; i < tries; i++) {
        const answer = await line(`>${hint(fallback)} `);
        if (answer === '' && fallback !== undefined) return fallback;
        const picked = pick(answer, options);
        if (picked !== undefined) return picked;
        if (free && answer !== '') return answer;
        io.stdout(`  ${options.length > 0 ? `1–${options.length}` : ''}\n`);
      }
      throw new MeshworkError('usage', 'no valid choice given; nothing was written.');
    },
    async chooseMany(question, options, fallbackLabel, optional = false) {
      io.stdout(`${question}\n${options.map((o, i) => `  ${i + 1}) ${o.label}`).join('\n')}\n`);
      for (let i = 0; i < tries; i++) {
        const answer = await line(`>${hint(fallbackLabel)} `);
        if (answer === '' && optional) return [];
        const parts = answer
          .split(',')
          .map((p) => p.trim())
          .filter((p) => p !== '');
        const picked = parts.map((p) => pick(p, options) ?? (/^\d+$/.test(p) ? undefined : p));
        if (parts.length > 0 && picked.every((p) => p !== undefined)) return picked;
        io.stdout(`  1–${options.length}\n`);
      }
      throw new MeshworkError('usage', 'no valid choice given; nothing was written.');
    },
    async confirm(question, files) {
      io.stdout(`\n${files.map((f) => `  ${f}`).join('\n')}\n`);
      const answer = (await line(`${question} [Y/n] `)).toLowerCase();
      return answer === '' || ['y', 'yes', 'j', 'ja'].includes(answer);
    },
    close: () => rl.close(),
  };
}

function pick(answer: string, options: readonly { value: string }[]): string | undefined {
  if (/^\d+$/.test(answer)) return options[Number(answer) - 1]?.value;
  return options.find((o) => o.value === answer)?.value;
}
