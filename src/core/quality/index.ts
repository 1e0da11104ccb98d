export { CHECK_KINDS } from './check.ts';
export type {
  CheckKind,
  CheckResult,
  CheckStatus,
  ColumnRef,
  CompareOp,
  Measure,
  PlannedCheck,
  RowPredicate,
  PassedOverServer,
  RunEvidence,
  RunWarning,
  RunServer,
  RunStatus,
  RunTrigger,
  SampleRow,
  SampleValue,
  TestRun,
  Threshold,
} from './check.ts';
export { evaluateCheck, exitCodeOf, notChecked, runStatusOf } from './evaluate.ts';
export type { Measurement } from './evaluate.ts';
export { STRING_FORMATS, secondsPerUnit, toStrftime } from './formats.ts';
export { isHidden, planContractChecks, slaAmount, slaCheckKind } from './plan.ts';
export type { ContractPlan, ObjectPlan } from './plan.ts';
export { satisfies, thresholdOf } from './threshold.ts';
