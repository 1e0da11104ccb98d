import type { Finding } from '../../core/findings/finding.ts';
import { asList, asObject } from '../../core/json/loose.ts';
import type { JsonObject } from '../../core/json/loose.ts';
import { slaInDays } from '../../core/governance/predicates.ts';
import { isPersonalData, looksPersonal } from '../../core/privacy/index.ts';
import type { BuildColumn } from '../../engines/build-engine.ts';
import type { CanvasSla, ProductCanvas } from './canvas-model.ts';
import type { CanvasColumn, CanvasPlan } from './canvas-plan.ts';
import { canvasFinding } from './canvas-findings.ts';
import type { CanvasTexts } from './canvas-texts.ts';
import { logicalTypeOf } from './logical-type.ts';

/** Custom properties that say what a value is about (privacy), carried with the column. */
const CARRIED_CUSTOM = new Set(['meshworkSubjectKey', 'personalData']);

/**
 * The output contract's document: the columns as the engine described the query, each
 * carrying what its input property said about meaning and protection — description,
 * classification, tags, subject key (personal stays personal) — and, for columns of the
 * base object passed through unchanged, required and keys. Joined objects' columns are
 * not required: the starter transform joins them with LEFT JOIN.
 */
export function outputContract(
  plan: CanvasPlan,
  canvas: ProductCanvas,
  described: readonly BuildColumn[],
  texts: CanvasTexts,
): { readonly document: JsonObject; readonly findings: Finding[] } {
  const findings: Finding[] = [];
  const basePk = primaryKeyOf(plan.base.data);
  const selectedBase = new Set(
    plan.columns.filter((c) => c.object === plan.base).map((c) => c.property),
  );
  const keepsPk = basePk.length > 0 && basePk.every((k) => selectedBase.has(k));
  const properties = plan.columns.map((column, index) => {
    const type = described[index]?.type ?? 'VARCHAR';
    const property = outputProperty(column, type, column.object === plan.base, keepsPk);
    if (property.classification === undefined && looksPersonal(property)) {
      property.classification = 'restricted';
      findings.push(
        canvasFinding(
          'warning',
          'canvas-classification-assumed',
          `The column ${column.output} looks personal but its input says no classification; the draft classifies it restricted.`,
          'Check the classification in the output contract (and in the input contract).',
          '$.columns',
        ),
      );
    }
    return property;
  });
  const baseName = `${plan.base.input.contractId}.${plan.base.name}`;
  const object: JsonObject = {
    name: plan.outputPort,
    physicalName: plan.outputPort,
    physicalType: 'table',
    description: texts.objectDescription.replace('{base}', baseName),
  };
  const subjects = dataSubjects(plan);
  if (subjects.length > 0)
    object.customProperties = [{ property: 'meshworkDataSubjects', value: subjects }];
  object.properties = properties;
  const personal = properties.some((p) => isPersonalData(p));
  const sla = slaProperties(plan, canvas.sla, personal, findings);
  const document: JsonObject = {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: plan.contractId,
    name: canvas.name,
    version: '1.0.0',
    status: canvas.status,
    domain: canvas.domain,
    dataProduct: plan.id,
    description: { purpose: canvas.purpose, usage: canvas.consumers },
    servers: [
      {
        server: 'warehouse',
        type: 'local',
        description: 'The served snapshot in the embedded warehouse.',
        format: 'parquet',
        path: `../../../.meshwork/warehouse/${plan.domain}/${plan.id}/${plan.outputPort}/current/${plan.outputPort}.parquet`,
      },
    ],
    schema: [object],
  };
  if (sla.length > 0) document.slaProperties = sla;
  document.team = { name: canvas.team, members: [ownerMember(plan, canvas)] };
  return { document, findings };
}

export function ownerMember(plan: CanvasPlan, canvas: ProductCanvas): JsonObject {
  const member = plan.teamMembers.find((m) => m.username === canvas.owner.username);
  const name = canvas.owner.name ?? (typeof member?.name === 'string' ? member.name : undefined);
  return {
    username: canvas.owner.username,
    ...(name === undefined ? {} : { name }),
    role: 'owner',
  };
}

function primaryKeyOf(object: JsonObject): string[] {
  return asList(object.properties)
    .map(asObject)
    .filter((p) => p?.primaryKey === true && typeof p.name === 'string')
    .map((p) => p!.name as string);
}

function outputProperty(
  column: CanvasColumn,
  type: string,
  fromBase: boolean,
  keepsPk: boolean,
): JsonObject {
  const source = column.data;
  const logicalType = logicalTypeOf(type);
  const property: JsonObject = { name: column.output };
  if (typeof source.businessName === 'string') property.businessName = source.businessName;
  if (typeof source.description === 'string') property.description = source.description;
  property.logicalType = logicalType;
  property.physicalType = type;
  property.required = fromBase && source.required === true;
  if (fromBase && source.unique === true) property.unique = true;
  if (fromBase && keepsPk && source.primaryKey === true) {
    property.primaryKey = true;
    if (typeof source.primaryKeyPosition === 'number')
      property.primaryKeyPosition = source.primaryKeyPosition;
  }
  if (typeof source.classification === 'string') property.classification = source.classification;
  const tags = asList(source.tags).filter((t): t is string => typeof t === 'string');
  if (tags.length > 0) property.tags = tags;
  const custom = asList(source.customProperties)
    .map(asObject)
    .filter((c) => typeof c?.property === 'string' && CARRIED_CUSTOM.has(c.property));
  if (custom.length > 0) property.customProperties = custom;
  // The value passes through unchanged, so what the options promised still holds.
  const options = asObject(source.logicalTypeOptions);
  if (options && source.logicalType === logicalType) property.logicalTypeOptions = options;
  return property;
}

function dataSubjects(plan: CanvasPlan): string[] {
  const subjects = new Set<string>();
  for (const object of new Set(plan.columns.map((c) => c.object))) {
    for (const entry of asList(object.data.customProperties).map(asObject)) {
      if (entry?.property !== 'meshworkDataSubjects') continue;
      for (const s of asList(entry.value)) if (typeof s === 'string') subjects.add(s);
    }
  }
  return [...subjects];
}

/**
 * latency, frequency (from a daily, hourly or weekly schedule), retention and availability.
 * Personal data needs a retention (the built-in policy retention-where-personal): without
 * one in the canvas the shortest of the inputs' is carried over, and without any the draft
 * is refused with a finding that asks for one.
 */
function slaProperties(
  plan: CanvasPlan,
  sla: CanvasSla,
  personal: boolean,
  findings: Finding[],
): JsonObject[] {
  const out: JsonObject[] = [];
  if (sla.latency)
    out.push({ property: 'latency', value: sla.latency.value, unit: sla.latency.unit });
  const frequency = sla.schedule === undefined ? undefined : frequencyOf(sla.schedule);
  if (frequency) out.push({ property: 'frequency', ...frequency });
  if (sla.retention) {
    const { value, unit, element } = sla.retention;
    out.push({
      property: 'retention',
      value,
      unit,
      ...(element === undefined ? {} : { element: `${plan.outputPort}.${element}` }),
    });
  } else if (personal) {
    const carried = shortestRetention(plan);
    if (carried) {
      out.push({
        ...carried,
        description:
          'Carried over from the input with the shortest retention: the output holds its personal data.',
      });
    } else {
      findings.push(
        canvasFinding(
          'error',
          'canvas-retention-missing',
          'The output holds personal data, but neither the canvas nor its inputs say how long rows are kept.',
          'Give a retention (e.g. --retention 3y); the built-in policy retention-where-personal requires one.',
          '$.sla.retention',
        ),
      );
    }
  }
  if (sla.availabilityPercent !== undefined)
    out.push({ property: 'availability', value: sla.availabilityPercent, unit: 'percent' });
  return out;
}

function shortestRetention(plan: CanvasPlan): JsonObject | undefined {
  let best: { days: number; entry: JsonObject } | undefined;
  for (const input of plan.inputs) {
    const data = input.contract.doc.source.data;
    const days = slaInDays(data, 'retention');
    if (days === null || (best && best.days <= days)) continue;
    const entry = asList(asObject(data)?.slaProperties)
      .map(asObject)
      .find((s) => s?.property === 'retention');
    if (entry)
      best = {
        days,
        entry: { property: 'retention', value: entry.value, unit: entry.unit ?? 'd' },
      };
  }
  return best?.entry;
}

/** A cron schedule as ODCS frequency, for the plain cases (daily, hourly, weekly). */
export function frequencyOf(schedule: string): { value: number; unit: string } | undefined {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [minute, hour, day, month, weekday] = fields as [string, string, string, string, string];
  const number = /^\d+$/;
  if (!number.test(minute) || day !== '*' || month !== '*') return undefined;
  if (hour === '*' && weekday === '*') return { value: 1, unit: 'h' };
  if (number.test(hour) && weekday === '*') return { value: 1, unit: 'd' };
  if (number.test(hour) && number.test(weekday)) return { value: 7, unit: 'd' };
  return undefined;
}
