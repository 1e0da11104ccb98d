import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { MeshworkError } from '../app/errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
/** Named so the compiled declarations (npm run build) can spell it: node:util does not export it. */
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

/**
 * parseArgs in strict mode, with its errors turned into one-line usage errors (exit 2)
 * that name the command's --help.
 */
export function parseCommandArgs<const O extends Options>(
  command: string,
  args: readonly string[],
  options: O,
): Parsed<O> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new MeshworkError('usage', `${message}. See \`meshwork ${command} --help\`.`);
  }
}

export function formatOption(value: unknown, allowed: readonly string[], name: string): string {
  const text = typeof value === 'string' ? value : allowed[0]!;
  if (!allowed.includes(text)) {
    throw new MeshworkError(
      'usage',
      `--${name} must be one of ${allowed.join(', ')}, not "${text}".`,
    );
  }
  return text;
}

/** The one mesh folder a command takes (default: the current folder); more is a usage error. */
export function singlePath(positionals: readonly string[], command: string): string {
  if (positionals.length > 1) {
    throw new MeshworkError(
      'usage',
      `takes one mesh folder, got ${positionals.length} paths. See \`meshwork ${command} --help\`.`,
    );
  }
  return positionals[0] ?? '.';
}
