export { scanTarget } from './scan-target-data.ts';
export type { ScanOptions } from './scan-target-data.ts';
export { scanTargetOf } from './scan-target.ts';
export type { ScanTarget } from './scan-target.ts';
export { DEFAULT_SAMPLE_ROWS, MAX_SAMPLE_ROWS, sampleRowsOf } from './scan-bounds.ts';
export type { ColumnClassifier, NotScanned, SampledObject, ScanReport } from './scan-report.ts';
export {
  APPLIED_CLASSIFICATION,
  CATEGORY_PROPERTY,
  DEFAULT_MIN_CONFIDENCE,
  PII_TAG,
  applySuggestions,
} from './apply-suggestions.ts';
export type { AppliedSuggestion, ApplyOutcome, KeptSuggestion } from './apply-suggestions.ts';
