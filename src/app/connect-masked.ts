import type { ConnectOptions, Engine, EngineConnection } from '../engines/engine.ts';
import { MeshworkError } from './errors.ts';
import { maskSecrets } from './mask-secrets.ts';

/**
 * Connects, or throws an `engine` error naming `where` with the driver's first line and the
 * credentials masked: drivers may echo the URL they were given, password included.
 */
export async function connectMasked(
  engine: Engine,
  options: ConnectOptions,
  where: string,
): Promise<EngineConnection> {
  try {
    return await engine.connect(options);
  } catch (error) {
    throw new MeshworkError(
      'engine',
      `cannot connect to ${where}: ${maskSecrets(firstLineOf(error), options.credentials)}`,
      { cause: error },
    );
  }
}

/** The first line of an error's message: drivers append stacks and hints below it. */
export function firstLineOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
