import type { AccessFinding, Purpose } from '../../core/access/model.ts';
import type { Team } from '../catalog/catalog-types.ts';
import { MeshworkError } from '../errors.ts';
import type { PortColumn, PortView } from './access-context.ts';
import { isMember, portView, teamsNamed } from './access-context.ts';
import type { AccessActor, AccessMesh, AccessRequestInput } from './access-types.ts';

/** How validation problems are named among the policy findings of a request. */
export const REQUEST_CHECK = 'meshwork:request';

const MAX_ID = 200;
const MAX_JUSTIFICATION = 4000;
const MAX_COLUMNS = 2000;
/** Ten years: beyond that an end date is a typo, whatever the policies allow. */
const MAX_YEARS_AHEAD = 10;

export interface ValidRequest {
  readonly view: PortView;
  readonly team: Team;
  readonly purpose: Purpose;
  readonly endsAt: string;
  /** The granted columns, in contract order. */
  readonly columns: readonly PortColumn[];
  /** As stored: null when every column was asked for. */
  readonly columnNames: readonly string[] | null;
  readonly justification: string;
  readonly renewalOf: string | null;
}

/**
 * Checks a request against the mesh: every problem at once as findings, except that a
 * requester outside the consumer team is refused outright (403: a stranger learns no more).
 * Input is hostile: every field is typed, trimmed and bounded here, whatever the route did.
 */
export function validateRequest(
  mesh: AccessMesh,
  actor: AccessActor,
  input: AccessRequestInput,
  now: Date,
): { readonly valid: ValidRequest | null; readonly findings: AccessFinding[] } {
  const findings: AccessFinding[] = [];
  const fail = (message: string): void => {
    findings.push({ policy: REQUEST_CHECK, severity: 'error', message });
  };
  const text = (value: unknown, name: string, max: number): string | null => {
    if (typeof value !== 'string' || value.trim() === '') {
      fail(`${name} is missing.`);
      return null;
    }
    if (value.length > max) {
      fail(`${name} is longer than ${max} characters.`);
      return null;
    }
    return value.trim();
  };
  const productId = text(input.productId, 'productId', MAX_ID);
  const portName = text(input.port, 'port', MAX_ID);
  const teamName = text(input.consumerTeam, 'consumerTeam', MAX_ID);
  const purposeId = text(input.purpose, 'purpose', MAX_ID);
  const justification = text(input.justification, 'justification', MAX_JUSTIFICATION);

  let team: Team | undefined;
  if (teamName !== null) {
    const named = teamsNamed(mesh, teamName);
    if (named.length === 0) fail(`There is no team "${teamName}" in the mesh's domains.`);
    team = named.find((t) => isMember(t, actor.username));
    if (named.length > 0 && !team)
      throw new MeshworkError(
        'forbidden',
        `${actor.username} is not a member of the team "${teamName}"; only its members request access for it.`,
      );
  }

  let view: PortView | undefined;
  if (productId !== null && portName !== null) {
    view = portView(mesh, productId, portName);
    if (!view) fail(`There is no product "${productId}" with an output port "${portName}".`);
    else if (!view.contract)
      fail(
        `The output port "${portName}" of "${productId}" has no data contract; access is granted to what a contract describes.`,
      );
  }

  const purpose = purposeId === null ? undefined : mesh.purposes.find((p) => p.id === purposeId);
  if (purposeId !== null && !purpose)
    fail(
      `The purpose "${purposeId}" is not in the catalogue of meshwork.yaml${
        mesh.purposes.length > 0
          ? ` (${mesh.purposes.map((p) => p.id).join(', ')})`
          : ' (it has none)'
      }.`,
    );

  const endsAt = endOf(input.endsAt);
  if (endsAt === null) fail('endsAt is not a date (YYYY-MM-DD or an ISO 8601 date-time).');
  else if (endsAt.getTime() <= now.getTime()) fail(`endsAt ${input.endsAt} is not in the future.`);
  else if (endsAt.getUTCFullYear() > now.getUTCFullYear() + MAX_YEARS_AHEAD)
    fail(`endsAt ${input.endsAt} is more than ${MAX_YEARS_AHEAD} years ahead.`);

  let columnNames: readonly string[] | null = null;
  if (input.columns !== undefined && input.columns !== null) {
    if (!Array.isArray(input.columns) || input.columns.some((c) => typeof c !== 'string'))
      fail('columns is not a list of `object.property` names.');
    else if (input.columns.length === 0)
      fail('columns is empty; leave it out to ask for every column.');
    else if (input.columns.length > MAX_COLUMNS)
      fail(`columns names more than ${MAX_COLUMNS} columns.`);
    else {
      const names = input.columns as readonly string[];
      const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
      if (duplicates.length > 0) fail(`columns names ${quoteList(duplicates)} twice.`);
      if (view?.contract) {
        const known = new Set(view.columns.map((c) => c.name));
        const unknown = names.filter((n) => !known.has(n));
        if (unknown.length > 0)
          fail(
            `The contract of port "${view.port.name}" has no column ${quoteList(unknown.slice(0, 10))}${
              unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''
            } (columns are named object.property).`,
          );
      }
      columnNames = [...new Set(names)];
    }
  }

  let renewalOf: string | null = null;
  if (input.renewalOf !== undefined && input.renewalOf !== null)
    renewalOf = text(input.renewalOf, 'renewalOf', MAX_ID);

  if (findings.length > 0 || !view || !team || !purpose || !endsAt || justification === null)
    return { valid: null, findings };
  const wanted = columnNames === null ? null : new Set(columnNames);
  return {
    valid: {
      view,
      team,
      purpose,
      endsAt: endsAt.toISOString(),
      columns: wanted === null ? view.columns : view.columns.filter((c) => wanted.has(c.name)),
      columnNames,
      justification,
      renewalOf,
    },
    findings,
  };
}

/** A date is the end of that day (UTC); a date-time must say its offset. */
function endOf(value: unknown): Date | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const d = new Date(`${value}T23:59:59.999Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? null : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n.slice(0, 100)}"`).join(', ');
}
