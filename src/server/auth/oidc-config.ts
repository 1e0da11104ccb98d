import { MeshworkError } from '../../app/errors.ts';

export interface OidcSettings {
  readonly issuer: URL;
  readonly clientId: string;
  readonly clientSecret: string | null;
  readonly label: string;
  /** Plain http is accepted only for an issuer on this machine (tests, a local Keycloak). */
  readonly allowHttp: boolean;
  /**
   * `MESHWORK_OIDC_ALLOWED_DOMAINS`: when set, only identities with a verified e-mail
   * address in one of these domains may sign in. Null: any identity of the provider.
   */
  readonly allowedDomains: readonly string[] | null;
}

function allowedDomainsOf(raw: string | undefined): readonly string[] | null {
  const domains = (raw ?? '')
    .split(',')
    .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
    .filter((d) => d !== '');
  return domains.length > 0 ? domains : null;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Single sign-on settings from the environment, or null when SSO is not configured. */
export function readOidcSettings(env: NodeJS.ProcessEnv): OidcSettings | null {
  const issuer = env['MESHWORK_OIDC_ISSUER']?.trim();
  if (!issuer) return null;
  const clientId = env['MESHWORK_OIDC_CLIENT_ID']?.trim();
  if (!clientId) {
    throw new MeshworkError(
      'usage',
      'MESHWORK_OIDC_ISSUER is set but MESHWORK_OIDC_CLIENT_ID is not.',
    );
  }
  let url: URL;
  try {
    url = new URL(issuer);
  } catch (cause) {
    throw new MeshworkError('usage', `MESHWORK_OIDC_ISSUER is not a URL: ${issuer}`, { cause });
  }
  const allowHttp = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !allowHttp) {
    throw new MeshworkError('usage', 'MESHWORK_OIDC_ISSUER must be an https URL.');
  }
  return {
    issuer: url,
    clientId,
    clientSecret: env['MESHWORK_OIDC_CLIENT_SECRET'] || null,
    label: env['MESHWORK_OIDC_LABEL']?.trim() || 'Single sign-on',
    allowHttp,
    allowedDomains: allowedDomainsOf(env['MESHWORK_OIDC_ALLOWED_DOMAINS']),
  };
}
