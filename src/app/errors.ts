/**
 * Failures (as opposed to findings): something the user asked for cannot be done at all
 * — a path that does not exist, an engine that cannot be reached. Each has a code and a
 * cause and is translated once at each boundary: exit code 2 and one line in the CLI,
 * problem+json in the API (DESIGN.md, "Errors").
 */
export type MeshworkErrorCode =
  | 'not-found'
  | 'usage'
  | 'io'
  | 'engine'
  | 'invalid-input'
  /** The actor may not do this (not a member, not an owner): 403 in the API. */
  | 'forbidden'
  /** The thing is no longer in a state that allows it (already decided, revoked): 409. */
  | 'conflict';

export class MeshworkError extends Error {
  override readonly name = 'MeshworkError';
  readonly code: MeshworkErrorCode;

  constructor(code: MeshworkErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isMeshworkError(error: unknown): error is MeshworkError {
  return error instanceof MeshworkError;
}
