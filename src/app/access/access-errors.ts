import type { AccessFinding } from '../../core/access/model.ts';
import { MeshworkError } from '../errors.ts';

/**
 * A request the access policies (or the request's own validation) refuse: every problem
 * at once, as findings. The API answers 422 with `findings`; the CLI prints each.
 */
export class AccessBlockedError extends MeshworkError {
  readonly findings: readonly AccessFinding[];

  constructor(findings: readonly AccessFinding[]) {
    const errors = findings.filter((f) => f.severity === 'error');
    super(
      'invalid-input',
      `The access request is refused: ${errors.map((f) => f.message).join(' ')}`,
    );
    this.findings = findings;
  }
}

export function isAccessBlockedError(error: unknown): error is AccessBlockedError {
  return error instanceof AccessBlockedError;
}
