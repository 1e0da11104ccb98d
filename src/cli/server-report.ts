import { MeshworkError } from '../app/errors.ts';
import { createRunReporter } from '../app/remote/run-reporter.ts';
import type { RunReporter } from '../app/remote/run-reporter.ts';
import { createServerClient } from '../app/remote/server-client.ts';
import type { ServerClient } from '../app/remote/server-client.ts';
import type { CliIO } from './output.ts';

/** The `--server URL` of `test`, `build` and `scorecard`: where results are reported too. */
export interface ServerReport {
  readonly client: ServerClient;
  readonly runs: RunReporter;
}

const HTTP = /^https?:\/\//i;

export function isServerUrl(value: string): boolean {
  return HTTP.test(value);
}

/** The client for `--server URL`, or undefined without one; checked before any work. */
export function serverReport(url: string | undefined, io: CliIO): ServerReport | undefined {
  if (url === undefined) return undefined;
  const client = createServerClient({ url, env: io.env });
  return { client, runs: createRunReporter(client) };
}

/**
 * Sends the collected runs after the command's own output; a failed report turns the exit
 * status into 2 (environment), since CI asked for the results to reach the server.
 */
export async function flushRuns(
  report: ServerReport | undefined,
  command: string,
  code: number,
  io: CliIO,
): Promise<number> {
  if (!report) return code;
  try {
    const { sent } = await report.runs.flush();
    if (io.isTTY)
      io.stderr(`reported ${sent} run${sent === 1 ? '' : 's'} to ${report.client.url}\n`);
    return code;
  } catch (error) {
    if (!(error instanceof MeshworkError)) throw error;
    io.stderr(`meshwork ${command}: ${error.message}\n`);
    return 2;
  }
}

/** `test` has `--server NAME` (a contract's server) already: a URL value is the Meshwork server. */
export function splitServerValues(values: readonly string[] | undefined): {
  contractServer: string | undefined;
  reportUrl: string | undefined;
} {
  const urls = (values ?? []).filter(isServerUrl);
  const names = (values ?? []).filter((v) => !isServerUrl(v));
  if (urls.length > 1 || names.length > 1)
    throw new MeshworkError(
      'usage',
      '--server is given at most twice: once a contract server NAME, once a Meshwork server URL. See `meshwork test --help`.',
    );
  return { contractServer: names[0], reportUrl: urls[0] };
}
