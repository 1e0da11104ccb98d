export type { Incident, IncidentResolution, IncidentState, SlaKind } from './incident-model.ts';
export { SLA_KINDS, resolvedIncident, sameSla } from './incident-model.ts';
export type {
  AgeMeasure,
  SlaEvaluation,
  SlaPromise,
  SlaState,
  SlaUnknownReason,
} from './evaluate-sla.ts';
export {
  evaluateFrequency,
  evaluateLatency,
  evaluateTimeOfAvailability,
  slaPromisesOf,
} from './evaluate-sla.ts';
export { isKnownTimeZone } from './zoned-time.ts';
