export {
  evaluateMeshSlas,
  evaluateProduct,
  meshTimeZone,
  readMeshTimeZone,
} from './evaluate-slas.ts';
export type { MeshSlas, ProductSlas } from './evaluate-slas.ts';
export { syncIncidents } from './sync-incidents.ts';
export type { IncidentSync } from './sync-incidents.ts';
export {
  productCounts,
  SLA_CHECK_MINUTES_DEFAULT,
  slaEvaluateExecutor,
  slaSystemSchedule,
} from './sla-evaluate-executor.ts';
