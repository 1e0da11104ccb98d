import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MeshworkError } from '../../app/errors.ts';
import { resetAdmin } from '../../app/accounts/admin-reset.ts';
import { withStore } from '../../runtime/index.ts';
import type { CliIO } from '../output.ts';
import { paint, writeJson } from '../output.ts';
import { formatOption, parseCommandArgs, singlePath } from '../usage.ts';

export const adminHelp = `Usage: meshwork admin reset [MESH] [--username NAME] [--format text|json]

Gives back access to a Meshwork server whose admins are locked out: makes the account
NAME (default "admin") an enabled admin with a new password, creating it if it is gone,
and ends its sessions. The password is MESHWORK_ADMIN_PASSWORD when set, otherwise a
generated one that is printed only this once. Recorded in the audit log
(user.reset-admin, by "system").

Works on the store \`meshwork serve\` uses for MESH (default: the current folder):
MESH/.meshwork/store/, or PostgreSQL when MESHWORK_DATABASE_URL is set. A running server
may keep using it: the change takes effect there within a second.

Options:
  --username NAME   the account to reset (default admin)
  --format F        text (default) or json
  -h, --help        show this help

Exit status: 0 done, 2 usage or environment error.
`;

export async function runAdmin(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('admin', args, {
    username: { type: 'string' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const [action, ...rest] = positionals;
  if (values.help || action === undefined) {
    io.stdout(adminHelp);
    return values.help ? 0 : 2;
  }
  if (action !== 'reset')
    throw new MeshworkError(
      'usage',
      `unknown admin action "${action}" (there is: reset). See \`meshwork admin --help\`.`,
    );
  const format = formatOption(values.format, ['text', 'json'], 'format');
  const path = singlePath(rest, 'admin');
  const meshRoot = resolve(io.cwd, path);
  if (!existsSync(meshRoot)) throw new MeshworkError('not-found', `${path}: no such folder.`);
  const reset = await withStore({ meshRoot, env: io.env }, (store) =>
    resetAdmin(store, {
      username: values.username ?? 'admin',
      password: io.env.MESHWORK_ADMIN_PASSWORD,
    }),
  );
  if (format === 'json') {
    writeJson(io, reset);
    return 0;
  }
  io.stdout(
    `${reset.created ? 'Created' : 'Reset'} the admin account ${reset.username}; ended ${reset.endedSessions} session(s).\n`,
  );
  if (reset.generatedPassword !== undefined)
    io.stdout(
      `Its new password is ${paint(io, 'bold', reset.generatedPassword)}\n` +
        'It is shown only this once: note it, or set MESHWORK_ADMIN_PASSWORD to choose one.\n',
    );
  else io.stdout('Its password is the one from MESHWORK_ADMIN_PASSWORD.\n');
  return 0;
}
