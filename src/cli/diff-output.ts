import type { DiffReport, ReportChange } from '../app/diff/report.ts';
import type { ChangeSeverity } from '../core/diff/index.ts';
import type { CliIO, Style } from './output.ts';
import { paint } from './output.ts';

const STYLE: Readonly<Record<ChangeSeverity, Style>> = {
  breaking: 'red',
  warning: 'yellow',
  info: 'cyan',
};
const ORDER: readonly ChangeSeverity[] = ['breaking', 'warning', 'info'];

/**
 * `meshwork diff` as text: per contract file, its changes grouped by severity (each with
 * the old and new value and the reason), the version check, then the consumers.
 */
export function formatDiffText(report: DiffReport, io: Pick<CliIO, 'color'>): string {
  const lines: string[] = [];
  const files = [
    ...new Set([...report.changes.map((c) => c.file), ...report.versions.map((v) => v.file)]),
  ];
  for (const file of files) {
    const changes = report.changes.filter((c) => c.file === file);
    const contract = changes[0]?.contract ?? report.versions.find((v) => v.file === file)?.contract;
    lines.push(
      `${paint(io, 'bold', file)}${contract ? paint(io, 'dim', `  (contract ${contract})`) : ''}`,
    );
    for (const severity of ORDER) {
      for (const c of changes.filter((x) => x.severity === severity))
        lines.push(...changeLines(c, io));
    }
    for (const v of report.versions.filter((x) => x.file === file)) {
      const mark =
        v.severity === 'error'
          ? paint(io, 'red', '✖')
          : v.severity === 'warning'
            ? paint(io, 'yellow', '⚠')
            : paint(io, 'green', '✔');
      lines.push(`  ${mark} version  ${v.message}`);
    }
    lines.push('');
  }
  if (report.skipped.length > 0) {
    lines.push(paint(io, 'bold', 'Not compared'));
    for (const s of report.skipped)
      lines.push(`  ${paint(io, 'yellow', '⚠')} ${s.file}: ${s.reason}`);
    lines.push('');
  }
  if (report.consumers.length > 0) {
    lines.push(paint(io, 'bold', `Consumers (${report.consumers.length})`));
    for (const c of report.consumers) {
      const how =
        c.distance === 1
          ? `reads ${c.contract}`
          : `downstream of ${c.contract} (distance ${c.distance})`;
      lines.push(
        `  ${c.domain}/${c.product}  team ${c.team ?? '(none)'}  ${paint(io, 'dim', `${how} via port ${c.port}`)}`,
      );
    }
  }
  if (report.grantees.length > 0) {
    lines.push(paint(io, 'bold', `Teams with access (${report.grantees.length})`));
    for (const g of report.grantees) {
      const how =
        g.distance === 1
          ? `grant on ${g.product}`
          : `grant on ${g.product}, downstream of ${g.contract}`;
      lines.push(
        `  team ${g.team} (${g.domain})  ${paint(io, 'dim', `${how} port ${g.port}, purpose ${g.purpose}, until ${g.endsAt.slice(0, 10)}`)}`,
      );
    }
  }
  if (report.granteesUnknown !== null) {
    lines.push(`${paint(io, 'yellow', '⚠')} ${report.granteesUnknown}`);
  }
  lines.push(paint(io, 'dim', report.note), '');
  lines.push(summary(report, io));
  return lines.join('\n') + '\n';
}

function changeLines(c: ReportChange, io: Pick<CliIO, 'color'>): string[] {
  const values =
    c.change === 'added'
      ? `added ${show(c.to)}`
      : c.change === 'removed'
        ? `removed ${show(c.from)}`
        : `${show(c.from)} → ${show(c.to)}`;
  return [
    `  ${paint(io, STYLE[c.severity], c.severity.padEnd(8))} ${c.path}  ${values}`,
    `           ${paint(io, 'dim', c.reason)}`,
  ];
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function summary(report: DiffReport, io: Pick<CliIO, 'color'>): string {
  const count = (s: ChangeSeverity): number =>
    report.changes.filter((c) => c.severity === s).length;
  if (report.changes.length === 0) return paint(io, 'green', '✔ no changes');
  const warnings = count('warning');
  const parts = `${count('breaking')} breaking, ${warnings} warning${warnings === 1 ? '' : 's'}, ${count('info')} info`;
  if (!report.ok)
    return `${paint(io, 'red', '✖')} ${parts} — breaking changes without a new major version`;
  if (report.breaking)
    return `${paint(io, 'yellow', '⚠')} ${parts} — breaking, with a new major version`;
  return `${paint(io, 'green', '✔')} ${parts} — nothing breaking`;
}
