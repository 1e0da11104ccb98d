/**
 * A product's transform file: SQL for DuckDB, one section per output port. A section
 * starts at a line `-- port: <output port name>` and holds the one query whose result is
 * that port. What comes before the first header is a preamble run once before the ports
 * (macros, temporary views shared by several ports).
 *
 * ```sql
 * create temp view paid as select * from orders where status = 'paid';
 * -- port: daily_revenue
 * select order_date, sum(amount) as revenue from paid group by order_date
 * ```
 */
export interface TransformSection {
  readonly port: string;
  readonly sql: string;
  /** 1-based line of the `-- port:` header, for messages. */
  readonly line: number;
}

export interface ParsedTransform {
  readonly preamble: string;
  readonly sections: readonly TransformSection[];
  /** Problems with the file's layout (a port named twice, an empty section). */
  readonly problems: readonly string[];
}

const HEADER = /^\s*--\s*port:\s*(\S+)\s*$/i;

export function parseTransform(text: string): ParsedTransform {
  const lines = text.split(/\r?\n/);
  const preamble: string[] = [];
  const sections: { port: string; line: number; body: string[] }[] = [];
  for (const [index, line] of lines.entries()) {
    const header = HEADER.exec(line);
    if (header) sections.push({ port: header[1]!, line: index + 1, body: [] });
    else (sections[sections.length - 1]?.body ?? preamble).push(line);
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const result: TransformSection[] = [];
  for (const section of sections) {
    if (seen.has(section.port)) {
      problems.push(`line ${section.line}: port "${section.port}" has a second section`);
      continue;
    }
    seen.add(section.port);
    const sql = stripTrailingSemicolons(section.body.join('\n'));
    if (!hasCode(sql)) {
      problems.push(`line ${section.line}: the section of port "${section.port}" has no query`);
      continue;
    }
    result.push({ port: section.port, sql, line: section.line });
  }
  const preambleSql = preamble.join('\n');
  return { preamble: hasCode(preambleSql) ? preambleSql : '', sections: result, problems };
}

/** The query of a section becomes a subquery (`COPY (<query>) TO …`), where `;` cannot stand. */
function stripTrailingSemicolons(sql: string): string {
  const kept = sql.split('\n');
  while (kept.length > 0 && !hasCode(kept[kept.length - 1]!)) kept.pop();
  return kept.join('\n').replace(/[\s;]+$/, '');
}

/** Whether the text holds anything but whitespace and `--` comment lines. */
function hasCode(sql: string): boolean {
  return sql.split('\n').some((line) => {
    const trimmed = line.trim();
    return trimmed !== '' && trimmed !== ';' && !trimmed.startsWith('--');
  });
}
