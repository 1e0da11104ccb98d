import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'meshwork.js');

/** A `meshwork` child process with everything it printed. */
export interface MeshworkProcess {
  readonly name: string;
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL when it has not stopped within 10 s. */
  stop(): Promise<void>;
}

export function startMeshwork(
  name: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): MeshworkProcess {
  const child = spawn(process.execPath, [bin, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Only the head and the tail are kept: a server's request log under load is long.
  const keep = (chunk: Buffer): void => {
    output += chunk.toString();
    if (output.length > 400_000) output = output.slice(0, 100_000) + output.slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    name,
    child,
    output: () => output,
    exited,
    async stop() {
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => running() && child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits (at most `ms`) until the process printed something matching `pattern`. */
export async function waitForOutput(
  proc: MeshworkProcess,
  pattern: RegExp,
  ms: number,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    // eslint-disable-next-line no-control-regex
    const match = pattern.exec(proc.output().replace(/\u001b\[[0-9;]*m/g, ''));
    if (match) return match;
    if (proc.child.exitCode !== null || proc.child.signalCode !== null)
      throw new Error(`${proc.name} exited before it was ready:\n${proc.output().slice(-4000)}`);
    if (Date.now() > deadline)
      throw new Error(`${proc.name} was not ready within ${ms} ms:\n${proc.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `meshwork serve MESH --port 0 --workers 0`; resolves once it prints its address. */
export async function startServe(
  name: string,
  meshRoot: string,
  env: NodeJS.ProcessEnv,
): Promise<{ proc: MeshworkProcess; url: string }> {
  const proc = startMeshwork(name, ['serve', meshRoot, '--port', '0', '--workers', '0'], env);
  try {
    const match = await waitForOutput(
      proc,
      /(?:Portal and API|API): (http:\/\/127\.0\.0\.1:\d+)/,
      180_000,
    );
    return { proc, url: match[1]! };
  } catch (error) {
    proc.child.kill('SIGKILL');
    throw error;
  }
}

/** `meshwork worker MESH`; resolves once it says it runs. */
export async function startWorkerProcess(
  name: string,
  meshRoot: string,
  env: NodeJS.ProcessEnv,
): Promise<MeshworkProcess> {
  const proc = startMeshwork(name, ['worker', meshRoot], env);
  try {
    await waitForOutput(proc, /meshwork worker: /, 120_000);
    return proc;
  } catch (error) {
    proc.child.kill('SIGKILL');
    throw error;
  }
}
