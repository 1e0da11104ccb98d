import type { DomainDiscovery } from './suggest-domains.ts';
import type { TableGraph } from './table-graph.ts';

/**
 * The suggestion as a Mermaid `flowchart`: a subgraph per domain, isolated tables in one
 * subgraph of their own, an edge per linked pair (solid: foreign keys, labelled with their
 * number; dotted: co-access only). Node ids are generated (`t0`, `t1`, …) and every label
 * is quoted with Mermaid's entity codes, so a table name cannot break out of its label.
 */
export function discoveryMermaid(discovery: DomainDiscovery, graph: TableGraph): string {
  const ids = new Map<string, string>();
  const idOf = (table: string): string => {
    let id = ids.get(table);
    if (id === undefined) {
      id = `t${ids.size}`;
      ids.set(table, id);
    }
    return id;
  };
  const lines = ['flowchart LR'];
  discovery.domains.forEach((domain, i) => {
    lines.push(`  subgraph d${i}["${label(domain.name)}"]`);
    for (const t of domain.tables) lines.push(`    ${idOf(t.table)}["${label(t.table)}"]`);
    lines.push('  end');
  });
  if (discovery.isolated.length > 0) {
    lines.push('  subgraph isolated["isolated"]');
    for (const t of discovery.isolated) lines.push(`    ${idOf(t.table)}["${label(t.table)}"]`);
    lines.push('  end');
  }
  for (const edge of graph.edges) {
    const keys = edge.keysAtoB + edge.keysBtoA;
    const a = idOf(edge.a);
    const b = idOf(edge.b);
    lines.push(keys > 0 ? `  ${a} ---|${keys} FK| ${b}` : `  ${a} -.- ${b}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Mermaid labels in double quotes take `#…;` entity codes; nothing else is special there. */
function label(text: string): string {
  return [...text].map((c) => (/[\p{L}\p{N} _.-]/u.test(c) ? c : `#${c.codePointAt(0)};`)).join('');
}
