import type { Finding } from '../../core/findings/finding.ts';
import { asList, asObject } from '../../core/json/loose.ts';
import type { JsonObject } from '../../core/json/loose.ts';
import { isPlainFolderName } from '../../core/mesh/folder-name.ts';
import type { ContractEntry, MeshModel, ProductEntry } from '../../core/mesh/mesh-model.ts';
import { productOf } from '../../core/mesh/mesh-model.ts';
import type { ProductCanvas } from './canvas-model.ts';
import { canvasFinding } from './canvas-findings.ts';
import { joinEdges } from './join-edges.ts';
import type { JoinEdge } from './join-edges.ts';

/** An input contract the canvas names, with the port it is read through. */
export interface PlannedCanvasInput {
  readonly contractId: string;
  readonly contract: ContractEntry;
  /** The product whose output contract it is; undefined for a source contract. */
  readonly upstream: ProductEntry | undefined;
  /** The input port's name: the contract id without its `-v<n>` suffix, in snake case. */
  readonly port: string;
  /** Several schema objects: each is the view `"<port>"."<object>"`, else the view `"<port>"`. */
  readonly multiObject: boolean;
  readonly version: string;
}

/** A schema object of an input that the transform reads. */
export interface CanvasObject {
  readonly input: PlannedCanvasInput;
  readonly name: string;
  readonly data: JsonObject;
  /** The SQL alias in the transform (`t1`, `t2`, … in join order). */
  readonly alias: string;
}

export interface CanvasColumn {
  readonly object: CanvasObject;
  readonly property: string;
  readonly data: JsonObject;
  /** The output column's name: the property's, prefixed with its object's when two collide. */
  readonly output: string;
}

export interface CanvasPlan {
  /** kebab-case product id = folder name. */
  readonly id: string;
  readonly domain: string;
  readonly folder: string;
  readonly inputs: readonly PlannedCanvasInput[];
  /** The object the output has a row per; the others are joined to it along foreign keys. */
  readonly base: CanvasObject;
  /** Objects joined to the base, each with the key it is reached by (child → parent). */
  readonly joins: readonly {
    readonly object: CanvasObject;
    readonly edge: JoinEdge<CanvasObject>;
  }[];
  readonly columns: readonly CanvasColumn[];
  readonly outputPort: string;
  readonly contractId: string;
  readonly teamMembers: readonly JsonObject[];
}

const PRODUCT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PORT_NAME = /^[a-z][a-z0-9_]*$/;
/** Bounds on the answers: a canvas is a few lines typed by a person, not a data transfer. */
export const CANVAS_LIMITS = {
  idLength: 80,
  text: 4000,
  inputs: 20,
  columns: 500,
} as const;

/**
 * Checks the canvas against the mesh and plans the draft: which contracts are read through
 * which ports, which columns come from which objects, how the objects are joined. Every
 * problem is a finding; with an error finding there is no plan.
 */
export function planCanvas(
  model: MeshModel,
  canvas: ProductCanvas,
): { readonly plan: CanvasPlan | undefined; readonly findings: Finding[] } {
  const findings: Finding[] = [];
  const error = (code: string, message: string, hint: string, path = '$'): void => {
    findings.push(canvasFinding('error', code, message, hint, path));
  };
  const id = canvas.id;
  const folder = `domains/${canvas.domain}/${id}`;
  if (id.length > CANVAS_LIMITS.idLength || !PRODUCT_ID.test(id) || !isPlainFolderName(id)) {
    error(
      'canvas-id-invalid',
      `The id ${JSON.stringify(id.slice(0, 100))} is not a kebab-case name (a-z, 0-9 and single hyphens, at most ${CANVAS_LIMITS.idLength} characters).`,
      'Use a short kebab-case name such as sales-top-customers; it is also the folder name.',
      '$.id',
    );
  }
  const domain = model.domains.get(canvas.domain);
  if (!domain || !isPlainFolderName(canvas.domain)) {
    const known = [...model.domains.keys()].sort().join(', ') || 'none';
    error(
      'canvas-domain-unknown',
      `The domain ${JSON.stringify(canvas.domain.slice(0, 100))} is not a domain of the mesh.`,
      `Choose one of: ${known}.`,
      '$.domain',
    );
  }
  if (model.products.some((p) => p.id === id)) {
    error(
      'canvas-id-taken',
      `A product with the id "${id}" exists already.`,
      'Choose another id.',
      '$.id',
    );
  }
  if (domain && model.documents.some((d) => d.path.startsWith(`${folder}/`))) {
    error(
      'canvas-folder-exists',
      `The folder ${folder} exists already; nothing is overwritten.`,
      'Choose another id or remove the folder.',
      '$.id',
    );
  }
  checkTexts(canvas, error);
  checkSla(canvas, error);
  const teamMembers = domain ? teamOf(domain.doc.source.data, canvas.team) : undefined;
  if (domain && teamMembers === undefined) {
    error(
      'canvas-team-unknown',
      `The team "${canvas.team.slice(0, 100)}" is not a team of the domain ${canvas.domain}.`,
      `Choose one of: ${domain.teamNames.join(', ') || 'none'} (a new team is added to domain.yaml first).`,
      '$.team',
    );
  }
  if (teamMembers && !teamMembers.some((m) => m.username === canvas.owner.username)) {
    findings.push(
      canvasFinding(
        'warning',
        'canvas-owner-not-member',
        `The owner "${canvas.owner.username.slice(0, 100)}" is not a member of the team ${canvas.team} in domain.yaml.`,
        'Add the owner to the team in domain.yaml, or choose a member.',
        '$.owner',
      ),
    );
  }
  const inputs = planInputs(model, canvas, error);
  const portName = canvas.outputPort ?? defaultPort(inputs);
  if (portName !== undefined && !PORT_NAME.test(portName)) {
    error(
      'canvas-port-invalid',
      `The output port name ${JSON.stringify(portName.slice(0, 100))} is not a snake_case name.`,
      'Use lower-case letters, digits and underscores, starting with a letter.',
      '$.outputPort',
    );
  }
  const contractId = `${id}-v1`;
  if (model.contractsById.has(contractId)) {
    error(
      'canvas-contract-id-taken',
      `A contract with the id "${contractId}" exists already.`,
      'Choose another product id.',
      '$.id',
    );
  }
  if (findings.some((f) => f.severity === 'error') || portName === undefined)
    return { plan: undefined, findings };
  const selected = selectColumns(inputs, canvas.columns, error);
  if (selected === undefined) return { plan: undefined, findings };
  const joined = joinObjects(model, selected, error);
  if (joined === undefined) return { plan: undefined, findings };
  return {
    plan: {
      id,
      domain: canvas.domain,
      folder,
      inputs,
      base: joined.base,
      joins: joined.joins,
      columns: selected.columns,
      outputPort: portName,
      contractId,
      teamMembers: teamMembers ?? [],
    },
    findings,
  };
}

function checkTexts(
  canvas: ProductCanvas,
  error: (code: string, message: string, hint: string, path: string) => void,
): void {
  const texts: [string, string][] = [
    ['name', canvas.name],
    ['purpose', canvas.purpose],
    ['consumers', canvas.consumers],
    ['team', canvas.team],
    ['owner', canvas.owner.username],
  ];
  for (const [key, text] of texts) {
    if (text.trim() === '') {
      error(
        'canvas-answer-missing',
        `The canvas has no ${key}.`,
        `Answer the ${key} question.`,
        `$.${key}`,
      );
    } else if (text.length > CANVAS_LIMITS.text) {
      error(
        'canvas-answer-too-long',
        `The ${key} is longer than ${CANVAS_LIMITS.text} characters.`,
        'Shorten it; longer documentation belongs in the repository.',
        `$.${key}`,
      );
    }
  }
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(canvas.owner.username)) {
    error(
      'canvas-owner-invalid',
      'The owner is not a user name (letters, digits, dot, hyphen, underscore).',
      'Give the owner’s user name, e.g. mweber.',
      '$.owner.username',
    );
  }
  if (canvas.inputs.length === 0) {
    error(
      'canvas-no-input',
      'The canvas names no input contract.',
      'Name at least one existing contract the product reads.',
      '$.inputs',
    );
  }
  if (
    canvas.inputs.length > CANVAS_LIMITS.inputs ||
    canvas.columns.length > CANVAS_LIMITS.columns
  ) {
    error(
      'canvas-too-many',
      `At most ${CANVAS_LIMITS.inputs} inputs and ${CANVAS_LIMITS.columns} columns.`,
      'Split the product.',
      '$.inputs',
    );
  }
}

const CRON = /^[0-9*,/-]{1,20}( [0-9*,/-]{1,20}){4}$/;
const UNITS = { latency: ['d', 'h', 'm'], retention: ['d', 'm', 'y'] } as const;

/**
 * The service levels and the closed choices as the portal's form may send them: each
 * checked here too, since the draft writes them into files others build from.
 */
function checkSla(
  canvas: ProductCanvas,
  error: (code: string, message: string, hint: string, path: string) => void,
): void {
  const { latency, retention, schedule, availabilityPercent } = canvas.sla;
  const wholeDuration = (
    value: { value: number; unit: string } | undefined,
    units: readonly string[],
  ): boolean =>
    value === undefined ||
    (Number.isInteger(value.value) &&
      value.value > 0 &&
      value.value <= 100_000 &&
      units.includes(value.unit));
  if (!wholeDuration(latency, UNITS.latency)) {
    error(
      'canvas-sla-invalid',
      'The latency is not a positive whole number of days, hours or minutes (d, h, m).',
      'Give it as e.g. 1d or 4h.',
      '$.sla.latency',
    );
  }
  if (!wholeDuration(retention, UNITS.retention) || (retention?.element ?? 'x').length > 200) {
    error(
      'canvas-sla-invalid',
      'The retention is not a positive whole number of days, months or years (d, m, y).',
      'Give it as e.g. 3y or 18m.',
      '$.sla.retention',
    );
  }
  if (schedule !== undefined && !CRON.test(schedule)) {
    error(
      'canvas-sla-invalid',
      'The schedule is not a cron expression of five fields.',
      "Give it as e.g. '0 3 * * *' (daily at 03:00).",
      '$.sla.schedule',
    );
  }
  if (
    availabilityPercent !== undefined &&
    !(Number.isFinite(availabilityPercent) && availabilityPercent > 0 && availabilityPercent <= 100)
  ) {
    error(
      'canvas-sla-invalid',
      'The availability is not a percentage above 0 and at most 100.',
      'Give it as e.g. 99.5.',
      '$.sla.availabilityPercent',
    );
  }
  if (!['draft', 'proposed', 'active'].includes(canvas.status)) {
    error(
      'canvas-status-invalid',
      'The status is not draft, proposed or active.',
      'Choose one of them.',
      '$.status',
    );
  }
  if (canvas.language !== 'de' && canvas.language !== 'en') {
    error(
      'canvas-language-invalid',
      'The language is not de or en.',
      'Choose de or en.',
      '$.language',
    );
  }
  if ((canvas.owner.name ?? '').length > 200 || (canvas.outputPort ?? '').length > 63) {
    error(
      'canvas-answer-too-long',
      "The owner's name or the port name is too long (200 and 63 characters).",
      'Shorten it.',
      '$.owner.name',
    );
  }
}

/** The members of the domain's team named `name` (team or one of teams), undefined when it has none such. */
function teamOf(domainData: unknown, name: string): JsonObject[] | undefined {
  const data = asObject(domainData) ?? {};
  const teams = [asObject(data.team), ...asList(data.teams).map(asObject)];
  const team = teams.find((t) => t?.name === name);
  if (!team) return undefined;
  return asList(team.members)
    .map(asObject)
    .filter((m): m is JsonObject => m !== undefined);
}

function planInputs(
  model: MeshModel,
  canvas: ProductCanvas,
  error: (code: string, message: string, hint: string, path: string) => void,
): PlannedCanvasInput[] {
  const planned: PlannedCanvasInput[] = [];
  const ports = new Set<string>();
  for (const [index, contractId] of canvas.inputs.entries()) {
    const found = model.contractsById.get(contractId);
    if (found?.length !== 1) {
      error(
        found === undefined ? 'canvas-input-unknown' : 'canvas-input-ambiguous',
        found === undefined
          ? `No contract of the mesh has the id ${JSON.stringify(contractId.slice(0, 100))}.`
          : `Several contracts have the id "${contractId}".`,
        'Name the ODCS id of an existing source contract or output contract.',
        `$.inputs[${index}]`,
      );
      continue;
    }
    const contract = found[0]!;
    let port = portNameOf(contractId);
    for (let n = 2; ports.has(port); n++) port = `${portNameOf(contractId)}_${n}`;
    ports.add(port);
    const data = asObject(contract.doc.source.data) ?? {};
    planned.push({
      contractId,
      contract,
      upstream: productOf(model, contract),
      port,
      multiObject: contract.objects.size > 1,
      version: typeof data.version === 'string' ? data.version : '1.0.0',
    });
    if (contract.objects.size === 0) {
      error(
        'canvas-input-empty',
        `The contract "${contractId}" has no schema objects to read.`,
        'Choose a contract with a schema.',
        `$.inputs[${index}]`,
      );
    }
  }
  return planned;
}

/** `webshop-customers-v1` → `webshop_customers`: readable in SQL without quotes. */
function portNameOf(contractId: string): string {
  const name = contractId
    .toLowerCase()
    .replace(/[-_.]v\d+$/, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(name) ? name : `input_${name}`;
}

function defaultPort(inputs: readonly PlannedCanvasInput[]): string | undefined {
  const first = inputs[0]?.contract.objects.keys().next().value;
  if (first === undefined) return undefined;
  const name = first
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(name) ? name : `port_${name}`;
}

function schemaObject(contract: ContractEntry, name: string): JsonObject | undefined {
  return asList(asObject(contract.doc.source.data)?.schema)
    .map(asObject)
    .find((o) => o?.name === name);
}

function propertyOf(object: JsonObject, name: string): JsonObject | undefined {
  return asList(object.properties)
    .map(asObject)
    .find((p) => p?.name === name);
}

interface Selected {
  readonly objects: CanvasObject[];
  readonly columns: CanvasColumn[];
}

/**
 * Resolves each column reference: `<contract id>.<object>.<property>` as the canvas model
 * says, and — for the terminal — `<object>.<property>` or `<property>` when exactly one
 * input has it. No columns: every property of the first input's first object.
 */
function selectColumns(
  inputs: readonly PlannedCanvasInput[],
  references: readonly string[],
  error: (code: string, message: string, hint: string, path: string) => void,
): Selected | undefined {
  const objects = new Map<string, CanvasObject>();
  const objectOf = (input: PlannedCanvasInput, name: string): CanvasObject => {
    const key = `${input.port}\u0000${name}`;
    let object = objects.get(key);
    if (!object) {
      object = {
        input,
        name,
        data: schemaObject(input.contract, name) ?? {},
        alias: `t${objects.size + 1}`,
      };
      objects.set(key, object);
    }
    return object;
  };
  const picked: { object: CanvasObject; property: string }[] = [];
  if (references.length === 0) {
    const first = inputs[0]!;
    const name = first.contract.objects.keys().next().value!;
    for (const property of first.contract.objects.get(name) ?? [])
      picked.push({ object: objectOf(first, name), property });
  }
  let failed = false;
  for (const [index, reference] of references.entries()) {
    const matches = resolveColumn(inputs, reference);
    if (matches.length !== 1) {
      failed = true;
      error(
        matches.length === 0 ? 'canvas-column-unknown' : 'canvas-column-ambiguous',
        matches.length === 0
          ? `No input has the column ${JSON.stringify(reference.slice(0, 200))}.`
          : `The column "${reference}" is in ${matches.length} inputs.`,
        'Write <contract id>.<object>.<property> with a property of one of the input contracts.',
        `$.columns[${index}]`,
      );
      continue;
    }
    const match = matches[0]!;
    picked.push({ object: objectOf(match.input, match.object), property: match.property });
  }
  if (failed) return undefined;
  const seen = new Set<string>();
  const unique = picked.filter((p) => {
    const key = `${p.object.alias}.${p.property}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const counts = new Map<string, number>();
  for (const p of unique) counts.set(p.property, (counts.get(p.property) ?? 0) + 1);
  const columns = unique.map((p): CanvasColumn => {
    const collides = (counts.get(p.property) ?? 0) > 1;
    return {
      object: p.object,
      property: p.property,
      data: propertyOf(p.object.data, p.property) ?? {},
      output: collides ? `${snake(p.object.name)}_${p.property}` : p.property,
    };
  });
  return { objects: [...objects.values()], columns };
}

function snake(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function resolveColumn(
  inputs: readonly PlannedCanvasInput[],
  reference: string,
): { input: PlannedCanvasInput; object: string; property: string }[] {
  const found: { input: PlannedCanvasInput; object: string; property: string }[] = [];
  for (const input of inputs) {
    const candidates = reference.startsWith(`${input.contractId}.`)
      ? [reference.slice(input.contractId.length + 1)]
      : [reference];
    for (const rest of candidates) {
      for (const [object, properties] of input.contract.objects) {
        if (rest.startsWith(`${object}.`) && properties.has(rest.slice(object.length + 1)))
          found.push({ input, object, property: rest.slice(object.length + 1) });
      }
      if (found.length === 0 && !reference.startsWith(`${input.contractId}.`)) {
        for (const [object, properties] of input.contract.objects)
          if (properties.has(rest)) found.push({ input, object, property: rest });
      }
    }
  }
  return found;
}

/**
 * The base object and the joins: one object per output row is the base; every other
 * object is reached from the base (or an object joined before) by a foreign key of the
 * joined-from side into the other's key — a many-to-one step, so the base's rows stay one
 * per row and its keys stay keys. Objects that cannot be reached so are an error: a join
 * guessed without a relationship could multiply rows or mislead.
 */
function joinObjects(
  model: MeshModel,
  selected: Selected,
  error: (code: string, message: string, hint: string, path: string) => void,
):
  | { base: CanvasObject; joins: { object: CanvasObject; edge: JoinEdge<CanvasObject> }[] }
  | undefined {
  const objects = selected.objects;
  if (objects.length === 1) return { base: objects[0]!, joins: [] };
  const edges = joinEdges(model, objects);
  for (const base of objects) {
    const reached = new Set<CanvasObject>([base]);
    const joins: { object: CanvasObject; edge: JoinEdge<CanvasObject> }[] = [];
    for (let grew = true; grew;) {
      grew = false;
      for (const edge of edges) {
        if (reached.has(edge.from) && !reached.has(edge.to)) {
          reached.add(edge.to);
          joins.push({ object: edge.to, edge });
          grew = true;
        }
      }
    }
    if (reached.size === objects.length) return { base, joins };
  }
  error(
    'canvas-no-join',
    `The columns come from ${objects.map((o) => `${o.input.contractId}.${o.name}`).join(', ')}, but no chain of foreign keys (relationships in the contracts) leads from one of them to all the others.`,
    'Choose columns of objects connected by relationships, or draft from one input and write the join in transform.sql yourself.',
    '$.columns',
  );
  return undefined;
}
