import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Credentials } from '../../engines/engine.ts';
import { MeshworkError } from '../errors.ts';

/** The git-ignored secrets file at the mesh root (`.gitignore` has `.meshwork.secrets*`). */
export const SECRETS_FILE = '.meshwork.secrets.yaml';

/** `MESHWORK_<SERVER>_`: the server name upper-cased, every other character an underscore. */
export function credentialPrefix(server: string): string {
  return `MESHWORK_${server.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
}

/**
 * A server's credentials: environment variables `MESHWORK_<SERVER>_URL`, `_USER`,
 * `_PASSWORD` (and `_RULE_USER`) first, then `servers.<name>.{url,user,password,rule_user}`
 * of the secrets file. Never
 * read from the contract, never logged.
 */
export async function resolveCredentials(
  meshRoot: string,
  server: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<Credentials> {
  const prefix = credentialPrefix(server);
  const fromFile = await secretsFor(meshRoot, server);
  const pick = (key: 'url' | 'user' | 'password'): string | undefined =>
    env[`${prefix}${key.toUpperCase()}`] ?? fromFile[key];
  const url = pick('url');
  const user = pick('user');
  const password = pick('password');
  const ruleUser = env[`${prefix}RULE_USER`] ?? fromFile.ruleUser;
  return {
    ...(url !== undefined ? { url } : {}),
    ...(user !== undefined ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(ruleUser !== undefined ? { ruleUser } : {}),
  };
}

async function secretsFor(meshRoot: string, server: string): Promise<Credentials> {
  let text: string;
  try {
    text = await readFile(join(meshRoot, SECRETS_FILE), 'utf8');
  } catch {
    return {};
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch {
    // The parser's message may quote the file, and so a password: name the file only.
    throw new MeshworkError('invalid-input', `${SECRETS_FILE} is not valid YAML.`);
  }
  const servers = (data as { servers?: Record<string, unknown> } | null)?.servers;
  const entry = servers?.[server];
  if (entry === null || typeof entry !== 'object') return {};
  const record = entry as Record<string, unknown>;
  const text_ = (key: string): string | undefined =>
    typeof record[key] === 'string' ? record[key] : undefined;
  const url = text_('url');
  const user = text_('user') ?? text_('username');
  const password = text_('password');
  const ruleUser = text_('rule_user');
  return {
    ...(url !== undefined ? { url } : {}),
    ...(user !== undefined ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(ruleUser !== undefined ? { ruleUser } : {}),
  };
}
