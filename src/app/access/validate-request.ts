import type { AccessFinding, Purpose } from '../../core/access/model.ts';
import { validateRequestInput } from '../../core/access/request-rules.ts';
import type { Team } from '../catalog/catalog-types.ts';
import { MeshworkError } from '../errors.ts';
import type { PortColumn, PortView } from './access-context.ts';
import { isMember, portView, teamsNamed } from './access-context.ts';
import type { AccessActor, AccessMesh, AccessRequestInput } from './access-types.ts';

/** How validation problems are named among the policy findings of a request. */
export const REQUEST_CHECK = 'meshwork:request';

/**
 * The hard bound on an end date, whatever a policy allows: ten years is a typo. The
 * maximum duration proper is the `access-max-duration` policy's (a domain may adapt it).
 */
const MAX_DAYS_AHEAD = 3653;

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
 * Checks a request against the mesh: every problem at once as findings (the input's own
 * by core/access/request-rules.ts), except that a requester outside the consumer team is
 * refused outright (403: a stranger learns no more). Input is hostile: anything may come.
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
  const raw = input as unknown as Record<string, unknown>;
  const text = (value: unknown): string | null =>
    typeof value === 'string' && value.trim() !== '' && value.length <= 200 ? value.trim() : null;
  const productId = text(raw?.productId);
  const portName = text(raw?.port);
  const teamName = text(raw?.consumerTeam);

  let team: Team | undefined;
  if (teamName !== null) {
    const named = teamsNamed(mesh, teamName);
    team = named.find((t) => isMember(t, actor.username));
    if (named.length > 0 && !team)
      throw new MeshworkError(
        'forbidden',
        `${actor.username} is not a member of the team "${teamName}"; only its members request access for it.`,
      );
    if (named.length === 0) fail(`There is no team "${teamName}" in the mesh's domains.`);
  }

  const view = productId && portName ? portView(mesh, productId, portName) : undefined;
  if (productId && portName && !view)
    fail(`There is no product "${productId}" with an output port "${portName}".`);
  else if (view && !view.contract)
    fail(
      `The output port "${view.port.name}" of "${productId}" has no data contract; access is granted to what a contract describes.`,
    );

  const checked = validateRequestInput(raw, {
    now,
    maxDays: MAX_DAYS_AHEAD,
    // An unknown port is reported above; its columns are not judged a second time.
    portColumns: view
      ? view.columns.map((c) => c.name)
      : Array.isArray(raw?.columns)
        ? raw.columns.filter((c): c is string => typeof c === 'string')
        : [],
    purposes: mesh.purposes,
  });
  if (!checked.ok)
    for (const problem of checked.problems)
      findings.push({
        policy: REQUEST_CHECK,
        severity: 'error',
        message: `${problem.message} ${problem.hint}`.trim(),
      });

  if (findings.length > 0 || !checked.ok || !view || !team) return { valid: null, findings };
  const purpose = mesh.purposes.find((p) => p.id === checked.input.purpose)!;
  const columnNames = checked.input.columns;
  const wanted = columnNames === null ? null : new Set(columnNames);
  return {
    valid: {
      view,
      team,
      purpose,
      endsAt: checked.input.endsAt,
      columns: wanted === null ? view.columns : view.columns.filter((c) => wanted.has(c.name)),
      columnNames,
      justification: checked.input.justification,
      renewalOf: checked.input.renewalOf,
    },
    findings,
  };
}
