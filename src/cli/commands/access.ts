import { MeshworkError } from '../../app/errors.ts';
import { createServerClient } from '../../app/remote/server-client.ts';
import type { ServerAnswer, ServerClient } from '../../app/remote/server-client.ts';
import type { AccessFinding, AccessRequest, Grant } from '../../core/access/model.ts';
import { describeRowFilter } from '../../core/access/row-filter.ts';
import type { CliIO } from '../output.ts';
import { paint, writeJson } from '../output.ts';
import { formatOption, parseCommandArgs } from '../usage.ts';

export const accessHelp = `Usage: meshwork access <action> --server URL [options] [--format text|json]

Requests access to data products, decides requests, lists and revokes grants — against a
running Meshwork server, as the owner of the API token in MESHWORK_TOKEN (create one in
the portal, or POST /api/tokens).

Actions:
  request   ask for access to a product's output port
            --product ID --port NAME --team TEAM --purpose ID --until DATE
            --justification TEXT [--columns a,b,…] [--renews REQUEST_ID]
            --until YYYY-MM-DD: access ends at the end of that day, UTC (at most
              365 days ahead); or a date-time with a zone, e.g. 2026-06-30T18:00:00Z
            --columns: comma-separated, each as object.property (orders.order_id) or
              the property alone (order_id) when one object of the port has it;
              left out: every column of the port's contract
  decide    approve or reject a request (owners of the producing team; governance as DPO)
            REQUEST_ID approve|reject [--comment TEXT] [--rows COLUMN=V1,V2,… | --all-rows]
            --rows: with an owner's approval, the grant serves only the rows whose
              column (object.property) holds one of the values; --all-rows: every row
              (a renewal otherwise keeps the rows of what it renews)
  list      your requests, those waiting for your decision, or grants
            [requests|grants] [--view mine|to-decide|all] [--state STATE]
            [--product ID] [--team TEAM]
  revoke    end a grant now (producing owners, the consumer team's owners, governance, admin)
            GRANT_ID
  sweep     expire grants past their end date, let unrecertified ones lapse and remind
            owners — the server's own sweep, run now (admin; for cron)

Options:
  --server URL         the Meshwork server, e.g. https://mesh.example.com (required)
  --format text|json   readable lines (default), or the server's answer as JSON
  -h, --help           show this help

Exit status: 0 done, 1 refused by a policy (its findings are printed), 2 usage error, no
token, or the server refused (not signed in, not allowed, no such request, already
decided) or is unreachable.
`;

const ACTIONS = ['request', 'decide', 'list', 'revoke', 'sweep'] as const;
type Action = (typeof ACTIONS)[number];

interface Parsed {
  readonly action: Action;
  readonly rest: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly format: 'text' | 'json';
}

export async function runAccess(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('access', args, {
    server: { type: 'string' },
    format: { type: 'string' },
    product: { type: 'string' },
    port: { type: 'string' },
    team: { type: 'string' },
    purpose: { type: 'string' },
    until: { type: 'string' },
    justification: { type: 'string' },
    columns: { type: 'string' },
    renews: { type: 'string' },
    comment: { type: 'string' },
    rows: { type: 'string' },
    'all-rows': { type: 'boolean' },
    view: { type: 'string' },
    state: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const [action, ...rest] = positionals;
  if (values.help || action === undefined) {
    io.stdout(accessHelp);
    return values.help ? 0 : 2;
  }
  if (!(ACTIONS as readonly string[]).includes(action))
    throw new MeshworkError(
      'usage',
      `unknown access action "${action}" (there are: ${ACTIONS.join(', ')}). See \`meshwork access --help\`.`,
    );
  const format = formatOption(values.format, ['text', 'json'], 'format') as 'text' | 'json';
  if (values.server === undefined)
    throw new MeshworkError(
      'usage',
      'access needs --server URL, the Meshwork server to ask. See `meshwork access --help`.',
    );
  const parsed: Parsed = { action: action as Action, rest, values, format };
  const client = createServerClient({ url: values.server, env: io.env });
  const answer = await send(client, parsed);
  return report(io, parsed, answer, client.url);
}

function send(client: ServerClient, { action, rest, values }: Parsed): Promise<ServerAnswer> {
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const required = (name: string): string => {
    const value = text(name);
    if (value === undefined || value.trim() === '')
      throw new MeshworkError(
        'usage',
        `access ${action} needs --${name}. See \`meshwork access --help\`.`,
      );
    return value;
  };
  const positional = (count: number, what: string): string[] => {
    if (rest.length !== count)
      throw new MeshworkError(
        'usage',
        `access ${action} takes ${what}. See \`meshwork access --help\`.`,
      );
    return [...rest];
  };
  switch (action) {
    case 'request': {
      positional(0, 'no arguments, only options');
      const columns = text('columns')
        ?.split(',')
        .map((c) => c.trim())
        .filter((c) => c !== '');
      return client.call('POST', 'api/access-requests', {
        productId: required('product'),
        port: required('port'),
        consumerTeam: required('team'),
        purpose: required('purpose'),
        endsAt: untilOf(required('until')),
        justification: required('justification'),
        ...(columns === undefined || columns.length === 0 ? {} : { columns }),
        ...(text('renews') === undefined ? {} : { renewalOf: text('renews') }),
      });
    }
    case 'decide': {
      const [id, decision] = positional(2, 'REQUEST_ID and approve or reject');
      if (decision !== 'approve' && decision !== 'reject')
        throw new MeshworkError('usage', `the decision is approve or reject, not "${decision}".`);
      const comment = text('comment');
      const rows = rowsOf(text('rows'), values['all-rows'] === true);
      return client.call('POST', `api/access-requests/${encodeURIComponent(id!)}/decision`, {
        decision,
        ...(comment === undefined ? {} : { comment }),
        ...(rows === undefined ? {} : { rowFilter: rows }),
      });
    }
    case 'list': {
      const [what = 'requests', ...more] = rest;
      if (more.length > 0 || (what !== 'requests' && what !== 'grants'))
        throw new MeshworkError('usage', 'access list takes "requests" (default) or "grants".');
      const query = new URLSearchParams();
      const add = (key: string, option: string): void => {
        const value = text(option);
        if (value !== undefined) query.set(key, value);
      };
      if (what === 'requests') {
        add('view', 'view');
        add('state', 'state');
      } else {
        add('productId', 'product');
        add('team', 'team');
        add('state', 'state');
      }
      const search = query.size > 0 ? `?${query.toString()}` : '';
      return client.call(
        'GET',
        `api/${what === 'requests' ? 'access-requests' : 'grants'}${search}`,
      );
    }
    case 'revoke': {
      const [id] = positional(1, 'one GRANT_ID');
      return revoke(client, id!);
    }
    case 'sweep':
      positional(0, 'no arguments');
      return client.call('POST', 'api/access/sweep', {});
  }
}

const UNTIL = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/i;

/** --until as the API takes it; caught here so a typo is not a round trip to the server. */
function untilOf(value: string): string {
  const until = value.trim();
  const day = until.slice(0, 10);
  const real =
    UNTIL.test(until) &&
    !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) &&
    new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
  if (!real)
    throw new MeshworkError(
      'usage',
      `--until "${until.slice(0, 40)}" is not a date: use YYYY-MM-DD (access ends at the end of that day, UTC) or a date-time with a zone, e.g. 2026-06-30T18:00:00Z.`,
    );
  return until;
}

/**
 * DELETE answers 204 without a body; the grant is read first so the CLI can say which
 * product, port and team lost access. Not readable (an older server): the id alone.
 */
async function revoke(client: ServerClient, id: string): Promise<ServerAnswer> {
  const path = `api/grants/${encodeURIComponent(id)}`;
  const before = await client.call('GET', path);
  const answer = await client.call('DELETE', path);
  if (answer.status >= 400) return answer;
  const grant = before.status === 200 ? (before.body as Grant) : undefined;
  return {
    ...answer,
    body: {
      id,
      revoked: true,
      ...(grant
        ? { productId: grant.productId, port: grant.port, consumerTeam: grant.consumerTeam }
        : {}),
    },
  };
}

interface Problem {
  readonly status?: number;
  readonly title?: string;
  readonly detail?: string;
  readonly findings?: readonly AccessFinding[];
}

function report(
  io: CliIO,
  { action, format }: Parsed,
  answer: ServerAnswer,
  server: string,
): number {
  if (answer.status >= 400) {
    const problem = (
      typeof answer.body === 'object' && answer.body !== null ? answer.body : {}
    ) as Problem;
    const findings = problem.findings ?? [];
    if (format === 'json') writeJson(io, answer.body);
    else {
      // With findings the detail only repeats them joined: say each once, on its own line.
      const detail = findings.length > 0 ? ':' : problem.detail ? ` — ${problem.detail}` : '';
      io.stderr(
        `meshwork access ${action}: the server answered ${answer.status}${problem.title ? ` ${problem.title}` : ''}${detail}\n`,
      );
      for (const f of findings) io.stderr(`  ${findingLine(io, f)}\n`);
    }
    // A policy's refusal is a finding (exit 1); any other refusal a usage or environment error.
    return answer.status === 422 ? 1 : 2;
  }
  if (format === 'json') {
    writeJson(io, answer.body ?? { status: answer.status });
    return 0;
  }
  io.stdout(describe(io, action, answer.body, server));
  return 0;
}

function findingLine(io: CliIO, f: AccessFinding): string {
  const style = f.severity === 'error' ? 'red' : f.severity === 'warning' ? 'yellow' : 'cyan';
  return `${paint(io, style, f.severity.padEnd(7))} ${f.message}  ${paint(io, 'dim', f.policy)}`;
}

function describe(io: CliIO, action: Action, body: unknown, server: string): string {
  const ok = paint(io, 'green', '✔');
  switch (action) {
    case 'request':
    case 'decide': {
      const request = body as AccessRequest;
      const lines = [
        `${ok} request ${request.id}: ${request.productId} port ${request.port} for team ${request.consumerTeam} — ${request.state}`,
      ];
      const waiting = missingApprovals(request);
      if (waiting !== null) lines.push(`  waiting for: ${waiting}`);
      for (const f of request.findings) lines.push(`  ${findingLine(io, f)}`);
      if (request.rowFilter) lines.push(`  rows: ${describeRowFilter(request.rowFilter)}`);
      if (request.grantId !== null) lines.push(`  grant: ${request.grantId}`);
      return `${lines.join('\n')}\n`;
    }
    case 'list': {
      const { items } = body as { items: readonly (AccessRequest | Grant)[] };
      if (items.length === 0) return 'nothing to list\n';
      return `${items.map((item) => listLine(io, item, server)).join('\n')}\n`;
    }
    case 'revoke': {
      const grant = body as Partial<Grant> & { id: string };
      return grant.productId === undefined
        ? `${ok} grant ${grant.id} revoked\n`
        : `${ok} grant ${grant.id} revoked: team ${grant.consumerTeam} no longer reads ${grant.productId} port ${grant.port}\n`;
    }
    case 'sweep':
      return `${ok} sweep done: ${sweepSummary(body)}\n`;
  }
}

/**
 * `--rows orders.region=EU,CH` as the decision's row filter, the values as text (the
 * server reads them in the column's type); `--all-rows` is null, every row.
 */
function rowsOf(
  rows: string | undefined,
  all: boolean,
): { column: string; values: string[] } | null | undefined {
  if (rows !== undefined && all)
    throw new MeshworkError('usage', '--rows and --all-rows exclude each other.');
  if (all) return null;
  if (rows === undefined) return undefined;
  const eq = rows.indexOf('=');
  const column = eq < 0 ? '' : rows.slice(0, eq).trim();
  const values = (eq < 0 ? '' : rows.slice(eq + 1))
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (column === '' || values.length === 0)
    throw new MeshworkError(
      'usage',
      '--rows is COLUMN=V1,V2,… with the column as object.property, e.g. --rows orders.region=EU,CH.',
    );
  return { column, values };
}

/** The roles a pending request still needs, or null when it is not pending. */
function missingApprovals(request: AccessRequest): string | null {
  if (request.state !== 'pending') return null;
  const given = new Set(request.approvals.map((a) => a.role));
  const open = request.requiredApprovals.filter((r) => !given.has(r));
  return open.map((r) => (r === 'dpo' ? 'dpo (data protection officer)' : r)).join(', ');
}

const JUSTIFICATION_SHOWN = 80;

/** One line of text, at most `max` characters: a list is no place for paragraphs. */
function shortened(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

function listLine(io: CliIO, item: AccessRequest | Grant, server: string): string {
  const until = item.endsAt.slice(0, 10);
  const where = `${item.productId} ${item.port} → ${item.consumerTeam}`;
  const head = `${item.id}  ${item.state.padEnd(8)} ${where}  until ${until}`;
  const columns = item.columns === null ? 'all columns' : item.columns.join(', ');
  if ('requester' in item) {
    const lines = [
      `${head}  requested by ${item.requester}`,
      `    purpose ${item.purpose}; ${columns}`,
      `    “${shortened(item.justification, JUSTIFICATION_SHOWN)}”`,
    ];
    const waiting = missingApprovals(item);
    if (waiting !== null) lines.push(`    waiting for: ${waiting}`);
    if (item.rejection !== null)
      lines.push(
        `    rejected by ${item.rejection.by}${item.rejection.comment ? `: ${shortened(item.rejection.comment, JUSTIFICATION_SHOWN)}` : ''}`,
      );
    for (const f of item.findings) lines.push(`    ${findingLine(io, f)}`);
    return lines.join('\n');
  }
  const lines = [head, `    purpose ${item.purpose}; ${columns}`];
  // An ended grant has no way in any more: no connection lines, also from an older server.
  if (item.state === 'active') {
    const connect = (item as Grant & { connection?: readonly string[] }).connection ?? [];
    for (const line of connect) lines.push(`    ${withServer(line, server)}`);
  } else if (item.endedBy !== null) lines.push(`    ended by ${item.endedBy}`);
  return lines.join('\n');
}

/** The data route as a full URL: "GET /api/…" → "GET https://mesh.example.com/api/…". */
function withServer(line: string, server: string): string {
  return line.startsWith('GET /') ? `GET ${server.replace(/\/+$/, '')}${line.slice(4)}` : line;
}

function sweepSummary(body: unknown): string {
  if (typeof body !== 'object' || body === null) return 'no report';
  return Object.entries(body)
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.length : String(value)}`)
    .join(', ');
}
