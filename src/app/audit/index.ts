export type { AuditExportFormat, AuditSink } from './export-audit.ts';
export {
  AUDIT_CSV_COLUMNS,
  AUDIT_EXPORT_FORMATS,
  exportAudit,
  writableSink,
} from './export-audit.ts';
export { csvCell } from './csv.ts';
export type { AuditVerification } from './verify-audit.ts';
export { isIntact, verifyAudit } from './verify-audit.ts';
