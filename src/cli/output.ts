import type { Finding, Severity } from '../core/findings/finding.ts';
import type { RunServer } from '../core/quality/index.ts';

/** Where the CLI writes; injected so commands can be tested without a terminal. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Colour only when writing to a terminal and NO_COLOR is not set. */
  readonly color: boolean;
  readonly isTTY: boolean;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Where questions are answered (`meshwork new product`); process.stdin when absent. */
  readonly stdin?: NodeJS.ReadableStream;
}

/** What `--format json` prints: the value indented, one trailing newline. */
export function writeJson(io: Pick<CliIO, 'stdout'>, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

const CODES = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1, green: 32 } as const;
export type Style = keyof typeof CODES;

export function paint(io: Pick<CliIO, 'color'>, style: Style, text: string): string {
  return io.color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'cyan' };

/**
 * Findings as readable text, grouped by file (eslint's stylish layout): each line starts
 * with `file:line:col` so editors and terminals can jump to it.
 */
export function formatFindingsText(findings: readonly Finding[], io: Pick<CliIO, 'color'>): string {
  const lines: string[] = [];
  let file: string | undefined;
  for (const f of findings) {
    if (f.file !== file) {
      if (file !== undefined) lines.push('');
      file = f.file;
      lines.push(paint(io, 'bold', f.file));
    }
    const where = `${f.file}:${f.line}:${f.column}`;
    lines.push(
      `  ${paint(io, 'dim', where)}  ${paint(io, SEVERITY_STYLE[f.severity], f.severity.padEnd(7))} ${f.message}  ${paint(io, 'dim', f.code)}`,
    );
    lines.push(`    ${paint(io, 'dim', `${f.path} · fix:`)} ${f.hint}`);
  }
  if (lines.length > 0) lines.push('');
  lines.push(summary(findings, io));
  return lines.join('\n') + '\n';
}

export function summary(findings: readonly Finding[], io: Pick<CliIO, 'color'>): string {
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  const files = new Set(findings.map((f) => f.file)).size;
  if (findings.length === 0) return paint(io, 'green', '✔ no problems found');
  const parts = [
    plural(errors, 'error'),
    plural(warnings, 'warning'),
    ...(infos > 0 ? [plural(infos, 'info')] : []),
  ];
  const mark = errors > 0 ? paint(io, 'red', '✖') : paint(io, 'yellow', '⚠');
  return `${mark} ${parts.join(', ')} in ${plural(files, 'file')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`;
}

/** A server a run read or passed over: `"warehouse" (postgresql) db:5432/sales`. */
export function describeServer(server: RunServer): string {
  return `"${server.name}" (${server.type})${server.location ? ` ${server.location}` : ''}`;
}

/**
 * Who ran a privacy command from a terminal, for its audit entries: `MESHWORK_USER`, else
 * the operating-system user, else `cli` — the same for find, export, erase and retention.
 */
export function cliActor(env: Readonly<Record<string, string | undefined>>): string {
  return env.MESHWORK_USER ?? env.USER ?? 'cli';
}
