import { createPublicKey, verify } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GITHUB_ISSUER } from '../../emulator/oidc.js';
import { tokenRequester } from '../../src/auth/token-request.js';
import { closeConnections } from '../../src/tencent-api/connections.js';
import { startEmulator, type Emulator } from '../../emulator/server.js';
import { decodeJwtPayload, oidcToken } from './helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    oidc: { requestToken: 'request-token-1', subject: 'repo:acme/site:ref:refs/heads/main' },
  });
});
afterAll(() => emulator.close());
afterEach(() => {
  emulator.configureOidc({
    expired: false,
    audience: null,
    subject: 'repo:acme/site:ref:refs/heads/main',
  });
});

describe('the OIDC token endpoint', () => {
  it('hands out a URL that already has a query string and the configured request token', () => {
    expect(emulator.oidc.requestUrl).toBe(`${emulator.url}/__oidc/token?api-version=2.0`);
    expect(emulator.oidc.requestToken).toBe('request-token-1');
  });

  it('issues a GitHub-shaped RS256 JWT for the requested audience', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await oidcToken(emulator, 'sts.tencentcloudapi.com');
    const [header] = token.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8'))).toMatchObject({
      alg: 'RS256',
      typ: 'JWT',
    });
    const claims = decodeJwtPayload(token);
    expect(claims).toMatchObject({
      iss: GITHUB_ISSUER,
      aud: 'sts.tencentcloudapi.com',
      sub: 'repo:acme/site:ref:refs/heads/main',
      repository: 'acme/site',
      repository_owner: 'acme',
      ref: 'refs/heads/main',
    });
    expect(claims.exp as number).toBeGreaterThan(now);
    expect(Math.abs((claims.iat as number) - now)).toBeLessThanOrEqual(2);
  });

  it('signs with the key it publishes', async () => {
    const token = await oidcToken(emulator);
    const jwks = (await (await fetch(`${emulator.url}/__oidc/jwks`)).json()) as {
      keys: Record<string, string>[];
    };
    const key = createPublicKey({ key: jwks.keys[0] ?? {}, format: 'jwk' });
    const [header, payload, signature] = token.split('.');
    expect(
      verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        key,
        Buffer.from(signature ?? '', 'base64url'),
      ),
    ).toBe(true);
  });

  it.each([
    ['no Authorization', undefined, 401],
    ['a wrong bearer token', 'Bearer nope', 403],
    ['a non-bearer scheme', 'Basic cmVxdWVzdC10b2tlbi0x', 401],
  ])('refuses %s with %i', async (_case, authorization, status) => {
    const response = await fetch(`${emulator.oidc.requestUrl}&audience=x`, {
      headers: authorization ? { Authorization: authorization } : {},
    });
    expect(response.status).toBe(status);
    expect(await response.text()).not.toContain('eyJ');
  });

  it.each([
    [
      { expired: true },
      (claims: Record<string, unknown>) => (claims.exp as number) < Date.now() / 1000,
    ],
    [
      { audience: 'wrong-audience' },
      (claims: Record<string, unknown>) => claims.aud === 'wrong-audience',
    ],
    [
      { subject: 'repo:evil/fork:pull_request' },
      (claims: Record<string, unknown>) => claims.sub === 'repo:evil/fork:pull_request',
    ],
  ])('can be told to issue %j', async (behavior, check) => {
    emulator.configureOidc(behavior);
    expect(check(decodeJwtPayload(await oidcToken(emulator, 'sts.tencentcloudapi.com')))).toBe(
      true,
    );
  });
});

// The action asks for its token with its own requester (tokenRequester: what @actions/core's
// getIDToken sends, through the action's call path); @actions/core's own HTTP client is not bundled.
describe("the action's token request against the endpoint", () => {
  afterAll(() => closeConnections());
  const request = (bearer: string) =>
    tokenRequester(emulator.oidc.requestUrl, bearer)(
      'sts.tencentcloudapi.com',
      new AbortController().signal,
    );

  it('gets an ID token for the audience', async () => {
    const token = await request(emulator.oidc.requestToken);
    expect(decodeJwtPayload(token).aud).toBe('sts.tencentcloudapi.com');
  });

  it('fails with a wrong request token: HTTP 403', async () => {
    await expect(request('wrong')).rejects.toMatchObject({ httpCode: 403 });
  });
});
