import { Inputs } from '../constants.js';
import { InputError, checkPattern, fail } from './validate.js';
import type { Endpoint, Settings } from './settings.js';

const HOST_PORT =
  /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:\d{1,5})?$/;

const EXPECTED = 'a host such as ssm.tencentcloudapi.com or a URL such as https://ssm.example.com';

/**
 * A host (`ssm.tencentcloudapi.com`) or a URL (`https://ssm.example.com:8443`) without path,
 * query or credentials. Plain http only to a loopback host unless `allowPlainHttp`: the signed
 * requests, the OIDC token, session tokens and the private key would cross the network readable.
 */
export function parseEndpoint(input: string, value: string, allowPlainHttp = false): Endpoint {
  refuseUserInfo(input, value);
  if (!value.includes('://')) {
    checkPattern(input, value, HOST_PORT, EXPECTED);
    return { protocol: 'https://', host: value };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(input, value, EXPECTED);
  }
  const plain = url.pathname === '/' && !url.search && !url.hash;
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !plain)
    fail(input, value, `${EXPECTED} (http or https, no path or query)`);
  if (url.protocol === 'https:') return { protocol: 'https://', host: url.host };
  if (!allowPlainHttp && !isLoopback(url.hostname)) {
    fail(
      input,
      value,
      `an https:// URL (plain http:// only to a loopback host: 127.0.0.0/8, [::1], localhost), ` +
        `or '${Inputs.AllowPlainHttp}: true' to accept sending credentials, tokens and the ` +
        'private key in clear text',
    );
  }
  return { protocol: 'http://', host: url.host };
}

/**
 * The Tencent Cloud API signs each request and never takes credentials in the URL, so any `@`
 * (which no host or bare URL has) is refused, and nothing before the last `@` is ever shown.
 */
function refuseUserInfo(input: string, value: string): void {
  const at = value.lastIndexOf('@');
  if (at < 0) return;
  const rest = value.slice(at + 1).replace(/\/$/, '');
  const shown = HOST_PORT.test(rest) ? `'***@${rest}' (credentials hidden)` : '(value hidden)';
  throw new InputError(
    input,
    `Input '${input}' is invalid: got ${shown}; expected ${EXPECTED} without a user name or ` +
      'password: the Tencent Cloud API never takes credentials in the URL.',
  );
}

/** The URL parser has already made 127.1, 0x7f.0.0.1 and [0:0::1] canonical. */
export function isLoopback(hostname: string): boolean {
  const name = hostname.toLowerCase();
  return name === 'localhost' || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
}

const CARRIED: Record<string, string> = {
  [Inputs.StsEndpoint]:
    "the job's GitHub OIDC token and the temporary credentials (secret key and session token)",
  [Inputs.KmsEndpoint]:
    'the signed requests (with any session token), the certificates and the signatures',
  [Inputs.Endpoint]:
    'the signed requests (with any session token) and the private key in the answers',
};

/** The clear-text warning for an endpoint the step will use, if it is plain http off-host. */
export function plainHttpWarning(input: string, endpoint: Endpoint): string | undefined {
  if (endpoint.protocol !== 'http://') return undefined;
  if (isLoopback(endpoint.host.replace(/:\d+$/, ''))) return undefined;
  const carried = CARRIED[input] ?? CARRIED[Inputs.Endpoint];
  return (
    `'${input}' is plain http to ${endpoint.host} ('${Inputs.AllowPlainHttp}' is true): ` +
    `${carried} travel in clear text, readable and changeable by anyone on the network path.`
  );
}

/**
 * Warnings for the endpoints this step will use: sts-endpoint only with keyless auth, the KMS
 * endpoint instead of SSM's in mode certificate.
 */
export function plainHttpWarnings(settings: Settings): string[] {
  const used: [string, Endpoint][] = settings.certificate
    ? [[Inputs.KmsEndpoint, settings.certificate.kmsEndpoint]]
    : [[Inputs.Endpoint, settings.endpoint]];
  if (settings.auth.kind === 'oidc') used.unshift([Inputs.StsEndpoint, settings.auth.stsEndpoint]);
  return used.flatMap(([input, endpoint]) => plainHttpWarning(input, endpoint) ?? []);
}
