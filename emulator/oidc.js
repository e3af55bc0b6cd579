// A GitHub Actions style OIDC issuer: the ID token endpoint the runner exposes
// (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN) and RS256 JWTs that the emulated STS verifies.
import { generateKeyPairSync, randomBytes, randomUUID, sign, verify } from 'node:crypto';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const DEFAULT_SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main';
const KEY_ID = 'emulator-oidc-key';
const TOKEN_LIFETIME_SECONDS = 300;

/**
 * @typedef {object} OidcBehavior
 * @property {string} subject          `sub` of issued tokens
 * @property {boolean} expired         issue tokens that expired a minute ago
 * @property {string | undefined} audience  when set, issue this `aud` whatever was asked
 * @property {TokenFault | undefined} tokenFault  how the token endpoint misbehaves, until cleared
 * @property {number} tokenRequests    requests the token endpoint has seen (read-only)
 */

/**
 * @typedef {'hang' | 'trickle' | number} TokenFault  never answer; send headers and then one
 * byte of the body every 200 ms, forever; or answer this HTTP status
 */

/**
 * @typedef {object} OidcPatch changes to OidcBehavior; `audience: null` goes back to honouring requests
 * @property {string} [subject]
 * @property {boolean} [expired]
 * @property {string | null} [audience]
 * @property {TokenFault | null} [tokenFault]  null clears it
 */

/**
 * @typedef {object} IssueOptions
 * @property {string} audience
 * @property {string} [subject]
 * @property {number} [expiresIn]  seconds from now; negative for an already expired token
 * @property {string} [issuer]
 * @property {Record<string, unknown>} [claims] extra or overriding claims
 */

/**
 * @param {unknown} value
 * @returns {string}
 */
function base64urlJson(value) {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * @param {string} subject
 * @returns {Record<string, string>} the repository claims GitHub derives from `sub`
 */
function repositoryClaims(subject) {
  const match = /^repo:([^/]+)\/([^:]+):(?:ref:(.+)|.*)$/.exec(subject);
  if (!match) return {};
  const [, owner, repo, ref] = match;
  return { repository: `${owner}/${repo}`, repository_owner: owner, ...(ref ? { ref } : {}) };
}

/**
 * @param {{ requestToken?: string, subject?: string }} [options]
 */
export function createOidcIssuer(options = {}) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const requestToken = options.requestToken ?? randomBytes(24).toString('base64url');
  /** @type {OidcBehavior} */
  const behavior = {
    subject: options.subject ?? DEFAULT_SUBJECT,
    expired: false,
    audience: undefined,
    tokenFault: undefined,
    tokenRequests: 0,
  };

  /** @param {IssueOptions} issue */
  const issueToken = (issue) => signJwt(githubClaims(issue, behavior.subject), privateKey);

  return {
    requestToken,
    behavior,
    issueToken,
    /**
     * @param {OidcPatch} patch
     * @returns {OidcBehavior}
     */
    configure: (patch) => {
      if (patch.subject !== undefined) behavior.subject = patch.subject;
      if (patch.expired !== undefined) behavior.expired = patch.expired;
      if (patch.audience !== undefined) behavior.audience = patch.audience ?? undefined;
      if (patch.tokenFault !== undefined) behavior.tokenFault = patch.tokenFault ?? undefined;
      return { ...behavior };
    },
    /**
     * What the token endpoint hands out for a requested audience, honouring the test switches.
     * @param {string} audience
     */
    tokenForRequest: (audience) =>
      issueToken({
        audience: behavior.audience ?? audience,
        expiresIn: behavior.expired ? -60 : TOKEN_LIFETIME_SECONDS,
      }),
    /**
     * @param {string} token
     * @param {{ audience: string, now?: number }} expect
     * @returns {Record<string, unknown>} the claims
     * @throws {Error} naming what is wrong with the token
     */
    verifyToken: (token, expect) => verifyJwt(token, publicKey, expect),
    jwks: () => ({
      keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KEY_ID, alg: 'RS256', use: 'sig' }],
    }),
  };
}

/** @typedef {ReturnType<typeof createOidcIssuer>} OidcIssuer */

/**
 * The claims GitHub puts in an Actions ID token, for the subset tests care about.
 * @param {IssueOptions} issue
 * @param {string} defaultSubject
 * @returns {Record<string, unknown>}
 */
function githubClaims(issue, defaultSubject) {
  const now = Math.floor(Date.now() / 1000);
  const subject = issue.subject ?? defaultSubject;
  return {
    jti: randomUUID(),
    sub: subject,
    aud: issue.audience,
    iss: issue.issuer ?? GITHUB_ISSUER,
    iat: now,
    nbf: now,
    exp: now + (issue.expiresIn ?? TOKEN_LIFETIME_SECONDS),
    ...repositoryClaims(subject),
    ...issue.claims,
  };
}

/**
 * @param {Record<string, unknown>} claims
 * @param {import('node:crypto').KeyObject} privateKey
 * @returns {string} a compact RS256 JWT
 */
function signJwt(claims, privateKey) {
  const header = base64urlJson({ alg: 'RS256', typ: 'JWT', kid: KEY_ID });
  const signingInput = `${header}.${base64urlJson(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

/**
 * @param {string} token
 * @param {import('node:crypto').KeyObject} publicKey
 * @param {{ audience: string, now?: number }} expect
 * @returns {Record<string, unknown>}
 */
function verifyJwt(token, publicKey, expect) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) throw new Error('the token is not a JWT');
  const [header, payload, signature] = parts;
  const signed = Buffer.from(`${header}.${payload}`);
  if (!verify('sha256', signed, publicKey, Buffer.from(signature, 'base64url'))) {
    throw new Error('the token signature is invalid');
  }
  /** @type {Record<string, unknown>} */
  let claims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new Error('the token payload is not JSON');
  }
  const now = expect.now ?? Math.floor(Date.now() / 1000);
  if (claims.iss !== GITHUB_ISSUER) throw new Error('the token issuer is not trusted');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(expect.audience)) throw new Error('the token audience does not match');
  if (typeof claims.exp !== 'number' || claims.exp <= now) throw new Error('the token has expired');
  if (typeof claims.nbf === 'number' && claims.nbf > now + 60) {
    throw new Error('the token is not valid yet');
  }
  return claims;
}

/**
 * GET /__oidc/token?...&audience=AUD with `Authorization: Bearer <request token>`.
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} url
 * @param {OidcIssuer} issuer
 * @returns {{ status: number, body: unknown }}
 */
export function handleTokenRequest(req, url, issuer) {
  if (req.method !== 'GET') return { status: 405, body: { message: 'use GET' } };
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!bearer) return { status: 401, body: { message: 'missing bearer token' } };
  if (bearer !== issuer.requestToken) return { status: 403, body: { message: 'bad bearer token' } };
  const owner = repositoryClaims(issuer.behavior.subject).repository_owner ?? 'octo-org';
  const audience = url.searchParams.get('audience') ?? `https://github.com/${owner}`;
  return { status: 200, body: { value: issuer.tokenForRequest(audience) } };
}
