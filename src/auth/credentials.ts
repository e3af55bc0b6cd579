import { mask } from '../secrets.js';
import type { AuthSettings, OidcAuth } from '../settings/settings.js';
import type { OidcCallSettings } from './sts.js';
import type { Credentials } from '../tencent-api/credentials.js';

/** Exchanges an OIDC token for temporary credentials; loaded only when keyless auth is used. */
export type OidcExchange = (auth: OidcAuth, call: OidcCallSettings) => Promise<Credentials>;

const loadOidcExchange: () => Promise<OidcExchange> = async () =>
  (await import('./sts.js')).exchangeOidcToken;

/**
 * The credentials that sign the SSM calls. inputs.ts has already picked one source, in the
 * documented precedence: the 'secret-id'/'secret-key' inputs, then keyless auth when 'role-arn'
 * is set (GitHub OIDC token -> STS temporary credentials), then the TENCENTCLOUD_* variables; and
 * it has rejected half-given settings. Every secret value is masked before it is returned.
 */
export async function resolveCredentials(
  auth: AuthSettings,
  call: OidcCallSettings,
  oidc: () => Promise<OidcExchange> = loadOidcExchange,
): Promise<Credentials> {
  if (auth.kind === 'static') {
    mask(auth.secretKey);
    mask(auth.sessionToken);
    return {
      secretId: auth.secretId,
      secretKey: auth.secretKey,
      token: auth.sessionToken,
      source:
        auth.source === 'inputs'
          ? "the 'secret-id'/'secret-key' inputs"
          : 'the TENCENTCLOUD_* environment variables',
    };
  }
  const exchange = await oidc();
  return exchange(auth, call);
}
