import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ProcessFigures {
  readonly seconds: number;
  readonly maxRssMb: number;
  readonly stdout: string;
}

/**
 * Runs a whole process under GNU time: wall time and peak resident memory (maxRSS) of the
 * child, not of this benchmark process. Exit status 1 (a failed check) is expected.
 */
export async function measureProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessFigures> {
  const started = performance.now();
  let stdout: string;
  let stderr: string;
  try {
    const result = await run('/usr/bin/time', ['-v', command, ...args], {
      maxBuffer: 64 * 1024 * 1024,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: { ...process.env, ...options.env },
    });
    stdout = result.stdout;
    stderr = result.stderr;
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (failed.code !== 1) throw error;
    stdout = failed.stdout ?? '';
    stderr = failed.stderr ?? '';
  }
  const seconds = (performance.now() - started) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN, stdout };
}

export function figure(label: string, meshwork: ProcessFigures, baseline: ProcessFigures): string {
  const ratio = meshwork.seconds / baseline.seconds;
  return (
    `${label}: meshwork test ${meshwork.seconds.toFixed(2)} s (peak ${meshwork.maxRssMb.toFixed(0)} MB), ` +
    `hand-written query ${baseline.seconds.toFixed(2)} s (peak ${baseline.maxRssMb.toFixed(0)} MB), ` +
    `ratio ${ratio.toFixed(2)} (goal ≤ 1.5), memory goal ≤ 1536 MB: ${meshwork.maxRssMb <= 1536 ? 'met' : 'MISSED'}`
  );
}
