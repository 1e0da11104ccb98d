/**
 * A built-in policy's translated texts name its params as `{name}`; fill them with the
 * values that applied (a finding's `params`, a policy's global ones). The server fills its
 * own English texts the same way (src/core/governance/fill-params.ts); a placeholder
 * without a value stays as written.
 */
export function fillParams(
  text: string,
  params: Readonly<Record<string, unknown>> | undefined,
): string {
  if (!params) return text;
  return text.replace(/\{([A-Za-z][A-Za-z0-9_]{0,63})\}/g, (whole, name: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name];
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? whole);
  });
}
