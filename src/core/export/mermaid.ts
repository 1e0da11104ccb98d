import type { ExportInput, ExportNote } from './export-model.ts';
import { cut, oneLine } from './comment-text.ts';
import type { ExportTable } from './tables.ts';
import { exportTables } from './tables.ts';

/**
 * A Mermaid `erDiagram`: an entity per table with its columns (logical type, name, PK/FK/UK,
 * the description as the comment) and a relationship per foreign key, `||--o{` from the
 * referenced table to the referring one (`|o` when the referring columns may be empty). A
 * table outside the export that a key points to appears without columns.
 *
 * Mermaid's grammar allows only word characters in entity and attribute names: an entity
 * gets a generated id with its real name as the alias (`e1["order lines"]`), an attribute
 * name is made of word characters and its real name goes into the comment.
 */
export function renderMermaid(input: ExportInput): { text: string; notes: readonly ExportNote[] } {
  const { tables, notes } = exportTables(input);
  const ids = new Map<object, string>();
  const used = new Set<string>();
  const idOf = (key: object, name: string): string => {
    const known = ids.get(key);
    if (known !== undefined) return known;
    let id = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `e${ids.size + 1}`;
    for (let n = 2; used.has(id.toLowerCase()); n++) id = `e${ids.size + 1}_${n}`;
    ids.set(key, id);
    used.add(id.toLowerCase());
    return id;
  };
  const lines = ['erDiagram'];
  for (const table of tables) lines.push(...entity(table, idOf(table.object, table.name)));
  const outside = new Map<object, string>();
  const relations: string[] = [];
  for (const table of tables) {
    for (const key of table.foreignKeys) {
      const target = key.target;
      if (target === undefined) {
        relations.push(
          `  %% ${oneLine(`${table.name} (${key.columns.join(', ')}) → ${key.reference}: not found`)}`,
        );
        continue;
      }
      const targetId = idOf(target.object, target.table);
      if (!tables.some((t) => t.object === target.object))
        outside.set(target.object, `  ${targetId}${alias(targetId, target.table)}`);
      const optional = key.columns.some(
        (c) => table.columns.find((col) => col.name === c)?.required !== true,
      );
      const label = quoted(key.columns.join(', '));
      relations.push(
        `  ${targetId} ${optional ? '|o' : '||'}--o{ ${idOf(table.object, table.name)} : ${label}`,
      );
    }
  }
  lines.push(...outside.values(), ...relations);
  return { text: `${lines.join('\n')}\n`, notes };
}

function entity(table: ExportTable, id: string): string[] {
  const out = [`  ${id}${alias(id, table.name)} {`];
  const foreign = new Set(table.foreignKeys.flatMap((k) => k.columns));
  const unique = new Set(table.uniqueKeys.flat());
  for (const column of table.columns) {
    const keys = [
      table.primaryKey.includes(column.name) ? 'PK' : undefined,
      foreign.has(column.name) ? 'FK' : undefined,
      unique.has(column.name) ? 'UK' : undefined,
    ].filter((k) => k !== undefined);
    const name = word(column.name);
    const comment = [name === column.name ? '' : column.name, column.property.description ?? '']
      .filter((t) => t !== '')
      .join(': ');
    const type = column.property.logicalType ?? 'unknown';
    out.push(
      `    ${type} ${name}${keys.length > 0 ? ` ${keys.join(', ')}` : ''}${comment !== '' ? ` ${quoted(comment)}` : ''}`,
    );
  }
  out.push('  }');
  return out;
}

function alias(id: string, name: string): string {
  return id === name ? '' : `[${quoted(name)}]`;
}

function word(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** A Mermaid string: one line, no double quotes (the grammar has no escape for them). */
function quoted(text: string): string {
  return `"${cut(oneLine(text).replaceAll('"', "'"), 160).text}"`;
}
