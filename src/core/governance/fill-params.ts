/**
 * A policy's texts name its parameters as `{name}` ("at most {maxDays} days"): the numbers
 * a reader must see are the ones that apply — the defaults, or a domain's adaptation — not
 * the name of a setting. Filled where a text is shown with the params at hand; a
 * placeholder without a param stays as written, so a typo is visible rather than blank.
 */
export function fillParams(text: string, params: Readonly<Record<string, unknown>>): string {
  return text.replace(/\{([A-Za-z][A-Za-z0-9_]{0,63})\}/g, (whole, name: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name];
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? whole);
  });
}

/** Whether `text` has a `{name}` placeholder for the param. */
export function namesParam(text: string, name: string): boolean {
  return text.includes(`{${name}}`);
}
