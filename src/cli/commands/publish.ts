import { resolve } from 'node:path';
import { MeshworkError } from '../../app/errors.ts';
import { publishMesh } from '../../app/remote/publish-mesh.ts';
import { createServerClient } from '../../app/remote/server-client.ts';
import { findMeshRoot } from '../../app/testing/index.ts';
import type { CliIO } from '../output.ts';
import { paint, writeJson } from '../output.ts';
import { formatOption, parseCommandArgs, singlePath } from '../usage.ts';

export const publishHelp = `Usage: meshwork publish --server URL [MESH] [--format text|json]

Pushes a mesh repository to a running Meshwork server, which then serves it in place of
what it served before: every file of the mesh (meshwork.yaml, domains, products,
contracts, policies, transform SQL) with its path and text, as PUT /api/catalog. Meant
for CI after \`meshwork check\`. The server checks the API token (MESHWORK_TOKEN) and
needs the admin or governance role.

Arguments:
  MESH   the mesh repository (default: the current folder)

Options:
  --server URL         the Meshwork server, e.g. https://mesh.example.com (required)
  --format text|json   a line of text (default), or the result as JSON
  -h, --help           show this help

Exit status: 0 published, 2 usage error, no token, or the server refused or is unreachable.
`;

export async function runPublish(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('publish', args, {
    server: { type: 'string' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(publishHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json'], 'format');
  if (values.server === undefined)
    throw new MeshworkError(
      'usage',
      'publish needs --server URL, the Meshwork server to push to. See `meshwork publish --help`.',
    );
  const path = singlePath(positionals, 'publish');
  const client = createServerClient({ url: values.server, env: io.env });
  const meshRoot = await findMeshRoot(resolve(io.cwd, path));
  const result = await publishMesh(meshRoot, client);
  if (format === 'json') writeJson(io, result);
  else
    io.stdout(
      `${paint(io, 'green', '✔')} published ${result.documents} files (${kilobytes(result.bytes)}) of ${meshRoot} to ${result.url}\n`,
    );
  return 0;
}

function kilobytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}
