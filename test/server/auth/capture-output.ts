/** Everything written to stdout, stderr and the console while `work` runs. */
export async function captureOutput(work: () => Promise<void>): Promise<string> {
  let captured = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  // Restored as they were, unbound, so the console is left exactly as found.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const originals = methods.map((m) => console[m]);
  const sink = (chunk: unknown): boolean => {
    captured += String(chunk);
    return true;
  };
  process.stdout.write = sink;
  process.stderr.write = sink;
  for (const m of methods)
    console[m] = (...args: unknown[]) => void sink(`${args.map(String).join(' ')}\n`);
  try {
    await work();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    methods.forEach((m, i) => (console[m] = originals[i]!));
  }
  return captured;
}
