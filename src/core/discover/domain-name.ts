/**
 * A domain's suggested name from its hub table: kebab-case, common table prefixes
 * (`tbl_`, `t_`) dropped, the last word made singular in the simple English way
 * (`order_lines` → `order-line`, `categories` → `category`). A suggestion for a person to
 * rename, so simple rules suffice; a name that yields nothing becomes `domain`.
 */
export function domainNameOf(table: string): string {
  const words = table
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1_$2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  if (words.length > 1 && /^(tbl|tb|t)$/.test(words[0]!)) words.shift();
  if (words.length === 0) return 'domain';
  words[words.length - 1] = singular(words.at(-1)!);
  return words.join('-').slice(0, 63).replace(/-+$/, '');
}

function singular(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Names made unique in order: the second `order` becomes `order-2`. */
export function uniqueNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; used.has(candidate); n++) candidate = `${name}-${n}`;
    used.add(candidate);
    return candidate;
  });
}
