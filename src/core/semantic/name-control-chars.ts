import { issue } from '../findings/codes.ts';
import type { DocPath, DocumentIssue } from '../findings/finding.ts';
import { formatPath } from '../findings/finding.ts';
import { semanticCodes } from './catalogue.ts';
import type { OdcsContractLike } from './contract-like.ts';
import { allProperties, schemaObjects, stringAt } from './contract-walk.ts';
import type { Rec } from './contract-walk.ts';

/** C0 and C1 control characters, DEL and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A name with a line break, NUL or escape in it is valid ODCS, but every format that
 * carries names elsewhere has to fight it: a quoted SQL identifier keeps the line break
 * (and a generated `-- …` comment holding it ends early), a NUL cuts a string in C
 * clients, an escape sequence rewrites a terminal. No real table or column is named so;
 * such a name is an attack or a broken import, hence an error.
 */
export function checkNameControlChars(contract: OdcsContractLike): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  const check = (record: Rec, path: DocPath): void => {
    for (const key of ['name', 'physicalName'] as const) {
      const name = stringAt(record, key);
      const found = name === undefined ? undefined : CONTROL.exec(name)?.[0];
      if (found === undefined) continue;
      const at = [...path, key];
      issues.push(
        issue(
          semanticCodes,
          'name-control-char',
          {
            at: formatPath(at),
            name: JSON.stringify(name),
            char: `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
          },
          at,
        ),
      );
    }
  };
  for (const object of schemaObjects(contract)) {
    check(object.record, object.path);
    for (const property of allProperties(object)) check(property.record, property.path);
  }
  return issues;
}
