import type { Finding, Severity } from '../../core/findings/finding.ts';

/** The file a canvas finding is about: the answers themselves, located by JSON path. */
export const CANVAS_FILE = 'canvas';

/** A problem of the canvas's answers, located by the answer's JSON path (`$.inputs[1]`). */
export function canvasFinding(
  severity: Severity,
  code: string,
  message: string,
  hint: string,
  path = '$',
): Finding {
  return { severity, code, message, hint, path, file: CANVAS_FILE, line: 1, column: 1 };
}
