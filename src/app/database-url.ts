import { resolve } from 'node:path';
import { MeshworkError } from './errors.ts';

/** URL scheme → the ODCS server type of the database it names. */
export const DATABASE_SCHEMES: Readonly<Record<string, string>> = {
  postgresql: 'postgresql',
  postgres: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mariadb',
};

/** Long enough for any path or URL; a longer argument is not a source but a mistake. */
const MAX_ARGUMENT_LENGTH = 4096;

/** A command's argument read: a database by URL, or a local path (a `file://` URL decoded). */
export type DatabaseOrPath =
  | { readonly kind: 'database'; readonly url: string; readonly serverType: string }
  | { readonly kind: 'path'; readonly path: string };

/**
 * The one reading of `meshwork import SOURCE` and `meshwork scan TARGET`: a URL with a
 * database scheme is a database, a `file://` URL or anything without a scheme is a path
 * (resolved against `cwd`); an empty, overlong or NUL-carrying argument is refused with
 * `messages.invalid`, any other scheme with `messages.otherScheme`.
 */
export function databaseOrPathOf(
  text: string,
  cwd: string,
  messages: { readonly invalid: string; readonly otherScheme: (scheme: string) => string },
): DatabaseOrPath {
  if (text.trim() === '' || text.length > MAX_ARGUMENT_LENGTH || text.includes('\0'))
    throw new MeshworkError('usage', messages.invalid);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    const serverType = DATABASE_SCHEMES[scheme];
    if (serverType !== undefined) return { kind: 'database', url: text, serverType };
    if (scheme !== 'file') throw new MeshworkError('usage', messages.otherScheme(scheme));
  }
  return {
    kind: 'path',
    path: resolve(cwd, scheme === 'file' ? decodeURIComponent(new URL(text).pathname) : text),
  };
}
