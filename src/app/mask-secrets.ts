/**
 * A driver's error message with the connection's secrets taken out: drivers may echo the
 * URL they were given, password included (DESIGN.md: secrets are never logged or shown).
 * The URL becomes `urlName` (by default `***`), its password and a separate password `***`.
 */
export function maskSecrets(
  message: string,
  secrets: { readonly url?: string | undefined; readonly password?: string | undefined },
  urlName = '***',
): string {
  let text = secrets.url ? message.split(secrets.url).join(urlName) : message;
  for (const secret of [secrets.password, passwordOf(secrets.url)])
    if (secret) text = text.split(secret).join('***');
  return text;
}

function passwordOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return ''; // not a URL: masked whole above
  }
}
