import type { OdcsContract } from '../../core/standards/odcs/index.ts';
import { validateOdcsStructure } from '../../core/standards/odcs/index.ts';
import type { SourceDocument } from '../../core/yaml/source-document.ts';

export type LoadedContract =
  | { readonly ok: true; readonly contract: OdcsContract }
  | { readonly ok: false; readonly reason: string };

/**
 * A parsed document as an ODCS contract. The comparison reads contracts through the
 * model's types, so a document that is not structurally valid is not compared; the
 * reason names the first problem and `meshwork validate` shows them all.
 */
export function asContract(source: SourceDocument): LoadedContract {
  const syntax = source.syntaxFindings[0];
  if (syntax) return { ok: false, reason: `${syntax.line}:${syntax.column} ${syntax.message}` };
  const issues = validateOdcsStructure(source.data);
  const first = issues.find((i) => i.severity === 'error');
  if (first) {
    const where = source.locate(first.path);
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    return {
      ok: false,
      reason: `not a valid ODCS contract: ${where.line}:${where.column} ${first.message}${more}; run \`meshwork validate\` for details`,
    };
  }
  return { ok: true, contract: source.data as OdcsContract };
}
