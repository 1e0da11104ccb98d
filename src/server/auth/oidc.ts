import * as client from 'openid-client';
import { randomSecret, sha256 } from '../../app/accounts/secrets.ts';
import type { OidcIdentity } from '../../app/accounts/sso-users.ts';
import type { SignInFlowRepository } from '../../app/store/store.ts';
import type { OidcSettings } from './oidc-config.ts';

export type { OidcIdentity } from '../../app/accounts/sso-users.ts';

export interface OidcClient {
  readonly label: string;
  readonly allowedDomains: readonly string[] | null;
  /** Starts a flow: the provider's authorization URL and the id of the pending flow. */
  begin(returnTo: string): Promise<{ url: URL; flowId: string }>;
  /** Finishes the flow of `flowId` with the callback URL; throws when anything does not check out. */
  finish(flowId: string, callbackUrl: URL): Promise<{ identity: OidcIdentity; returnTo: string }>;
}

/**
 * Providers differ in which profile claims they put into the ID token (OIDC Core 5.4 lets
 * them answer at the UserInfo endpoint only); names are a convenience, so a failing
 * UserInfo call leaves them empty rather than failing the sign-in.
 */
async function userInfo(
  config: client.Configuration,
  accessToken: string,
  subject: string,
): Promise<Record<string, unknown>> {
  if (!config.serverMetadata().userinfo_endpoint) return {};
  try {
    return await client.fetchUserInfo(config, accessToken, subject);
  } catch {
    return {};
  }
}

const FLOW_TTL_MS = 10 * 60_000;
const MAX_PENDING = 10_000;

/**
 * Authorization code flow with PKCE (S256), state and nonce through openid-client. The
 * provider's metadata is discovered on first use and kept; a failed discovery is retried
 * on the next sign-in. Pending flows live in the store for ten minutes (`store.signInFlows`,
 * issue 14), keyed by the hash of a random id the browser holds in a short-lived cookie:
 * a sign-in begun on one server process finishes on any other, and only once.
 */
export function createOidcClient(
  settings: OidcSettings,
  redirectUri: string,
  flows: SignInFlowRepository,
): OidcClient {
  let configuration: Promise<client.Configuration> | null = null;

  function configure(): Promise<client.Configuration> {
    configuration ??= client
      .discovery(
        settings.issuer,
        settings.clientId,
        settings.clientSecret ?? undefined,
        settings.clientSecret === null ? client.None() : undefined,
        settings.allowHttp
          ? { execute: [client.allowInsecureRequests], timeout: 10 }
          : { timeout: 10 },
      )
      .catch((error: unknown) => {
        configuration = null;
        throw error;
      });
    return configuration;
  }

  return {
    label: settings.label,
    allowedDomains: settings.allowedDomains,
    async begin(returnTo) {
      const config = await configure();
      const codeVerifier = client.randomPKCECodeVerifier();
      const flowId = randomSecret();
      const now = Date.now();
      const flow = {
        id: sha256(flowId),
        codeVerifier,
        state: client.randomState(),
        nonce: client.randomNonce(),
        returnTo,
        expiresAt: now + FLOW_TTL_MS,
      };
      await flows.put(flow, { now, keep: MAX_PENDING });
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid profile email',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state: flow.state,
        nonce: flow.nonce,
      });
      return { url, flowId };
    },
    async finish(flowId, callbackUrl) {
      // One use only, on every server: a replayed callback finds nothing.
      const flow = await flows.take(sha256(flowId), Date.now());
      if (!flow) throw new Error('no pending sign-in for this browser');
      const config = await configure();
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('the provider returned no ID token');
      const profile = await userInfo(config, tokens.access_token, claims.sub);
      const text = (key: string): string | null => {
        const value = claims[key] ?? profile[key];
        return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
      };
      return {
        identity: {
          subject: `${claims.iss}|${claims.sub}`,
          preferredUsername: text('preferred_username'),
          name: text('name'),
          email: text('email'),
          emailVerified: (claims['email_verified'] ?? profile['email_verified']) === true,
        },
        returnTo: flow.returnTo,
      };
    },
  };
}
