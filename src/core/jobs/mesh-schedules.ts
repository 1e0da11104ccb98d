import { productKey } from '../mesh/product-lookup.ts';
import { issue } from '../findings/codes.ts';
import type { Finding } from '../findings/finding.ts';
import { asList, asObject } from '../json/loose.ts';
import type { MeshDocument, MeshModel } from '../mesh/mesh-model.ts';
import { scheduleCodes } from './catalogue.ts';
import {
  DEFAULT_TIMEZONE,
  MAX_CRON_LENGTH,
  SCHEDULE_PROPERTY,
  isTimeZone,
  parseCron,
} from './cron-schedule.ts';

/** What a schedule runs: a product's build, or the test of a source system's contract. */
export type ScheduledKind = 'build-product' | 'test-contract';

/** One valid `meshworkSchedule` of the mesh. */
export interface ScheduleEntry {
  readonly kind: ScheduledKind;
  /** The product's catalog id (its `id`, else its folder), or the source contract's id. */
  readonly target: string;
  readonly cron: string;
}

export interface MeshSchedules {
  /** The mesh's `defaults.timezone` when it is a valid zone, else UTC. */
  readonly timezone: string;
  readonly entries: readonly ScheduleEntry[];
  /** Invalid expressions and time zone, placed at file:line:col; their schedules are not in `entries`. */
  readonly findings: readonly Finding[];
}

/**
 * The schedules a mesh declares (issue 13): `meshworkSchedule` in a product's
 * `customProperties` (rebuild it) and in a source contract's (test it). An output
 * contract's schedule is not read — its product's build tests it. All in one time zone,
 * the mesh's, so "0 6 * * *" means 06:00 where the company is, summer and winter.
 */
export function meshSchedules(model: MeshModel): MeshSchedules {
  const findings: Finding[] = [];
  const timezone = meshTimezone(model.organisation, findings);
  const entries: ScheduleEntry[] = [];
  for (const product of model.products) {
    const cron = readSchedule(product.doc, timezone, findings);
    if (cron !== undefined)
      entries.push({ kind: 'build-product', target: productKey(product), cron });
  }
  for (const contract of model.contracts) {
    if (contract.owner.kind !== 'source' || contract.id === undefined) continue;
    const cron = readSchedule(contract.doc, timezone, findings);
    if (cron !== undefined) entries.push({ kind: 'test-contract', target: contract.id, cron });
  }
  return { timezone, entries, findings };
}

function meshTimezone(organisation: MeshDocument | undefined, findings: Finding[]): string {
  const defaults = asObject(asObject(organisation?.source.data)?.defaults);
  const value = defaults?.timezone;
  if (typeof value !== 'string') return DEFAULT_TIMEZONE;
  if (isTimeZone(value)) return value;
  findings.push(
    ...organisation!.source.place([
      issue(scheduleCodes, 'invalid-timezone', { value: value.slice(0, 100) }, [
        'defaults',
        'timezone',
      ]),
    ]),
  );
  return DEFAULT_TIMEZONE;
}

/** The document's valid schedule; an invalid one is a finding and no schedule. */
function readSchedule(
  doc: MeshDocument,
  timezone: string,
  findings: Finding[],
): string | undefined {
  const custom = asList(asObject(doc.source.data)?.customProperties);
  const index = custom.findIndex((c) => asObject(c)?.property === SCHEDULE_PROPERTY);
  if (index < 0) return undefined;
  const value = asObject(custom[index])?.value;
  const path = ['customProperties', index, 'value'];
  if (typeof value !== 'string') {
    findings.push(...doc.source.place([issue(scheduleCodes, 'schedule-not-a-string', {}, path)]));
    return undefined;
  }
  const check = parseCron(value, timezone);
  if (check.ok) return check.cron.expression;
  const shown = value.length > MAX_CRON_LENGTH ? `${value.slice(0, 40)}…` : value;
  const code =
    check.problem === 'too-frequent'
      ? 'schedule-too-frequent'
      : check.problem === 'never-fires'
        ? 'schedule-never-fires'
        : 'invalid-schedule';
  findings.push(
    ...doc.source.place([issue(scheduleCodes, code, { value: shown, reason: check.reason }, path)]),
  );
  return undefined;
}
