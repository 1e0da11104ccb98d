import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `file` whole or not at all: the content goes to a new file beside it, which is
 * renamed over `file` once complete (a reader never sees half of it).
 *
 * The temporary name is random and created exclusively (`wx`): a predictable name such as
 * `<file>.partial-<pid>` lets anyone who can write the folder plant a symbolic link there
 * and have the content written through it into a file of their choosing. `mode` applies
 * to the new file (0600 for what names people, the file's own mode when one is replaced).
 */
export async function writeFileAtomically(
  file: string,
  content: string | Uint8Array,
  mode: number,
): Promise<void> {
  const temporary = join(
    dirname(file),
    `.${basename(file)}.${randomBytes(6).toString('hex')}.partial`,
  );
  try {
    await writeFile(temporary, content, { flag: 'wx', mode });
    await rename(temporary, file);
  } catch (error) {
    // Only when it was created here: with EEXIST the file is someone else's.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await rm(temporary, { force: true });
    throw error;
  }
}
