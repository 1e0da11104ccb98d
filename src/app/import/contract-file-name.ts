import { isPlainFolderName } from '../../core/mesh/folder-name.ts';

/** Longest file name written: the slug plus `.odcs.yaml` stays under a file system's 255 bytes. */
const MAX_SLUG = 200;

/**
 * A table's contract file under `sources/<system>/`: its name in kebab-case plus
 * `.odcs.yaml` (`order_lines` → `order-lines.odcs.yaml`). Undefined when the name has no
 * letter or digit to make one of, or when an earlier table of the system (by its order)
 * makes the same file name: the import reports such a table as not written, never
 * overwrites one table's contract with another's.
 */
export function contractFileOf(
  table: string,
  tables: readonly { readonly name: string }[],
): string | undefined {
  const slug = fileSlugOf(table);
  if (slug === undefined) return undefined;
  for (const other of tables) {
    if (other.name === table) break;
    if (fileSlugOf(other.name) === slug) return undefined;
  }
  return `${slug}.odcs.yaml`;
}

export function fileSlugOf(name: string): string | undefined {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug === '' || slug.length > MAX_SLUG || !isPlainFolderName(slug)) return undefined;
  return slug;
}
