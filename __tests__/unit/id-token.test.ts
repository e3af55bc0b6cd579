import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({
  info: vi.fn(),
  debug: vi.fn(),
  setSecret: vi.fn(),
}));

import * as core from '@actions/core';
import { ActionError } from '../../src/errors.js';
import type { Failure } from '../../src/tencent-api/failure.js';
import { describeTokenFailure, fetchIdToken, readTokenClaims } from '../../src/auth/id-token.js';
import { TokenHttpError } from '../../src/auth/token-request.js';
import { resetForTests } from '../../src/secrets.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
const ENV = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/t?v=2',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req',
};

const networkError = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });

function source(outcomes: (string | Error | 'hang')[]) {
  const requestToken = vi.fn(async (_audience: string, signal: AbortSignal) => {
    const outcome = outcomes[Math.min(requestToken.mock.calls.length, outcomes.length) - 1];
    if (outcome === 'hang') {
      return new Promise<string>((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    }
    if (outcome instanceof Error) throw outcome;
    return outcome;
  });
  const lines: string[] = [];
  const options = {
    maxAttempts: 4,
    timeoutSeconds: 0.05,
    sleep: async () => {},
    env: ENV,
    requestToken,
    log: (l: string) => lines.push(l),
  };
  return { requestToken, lines, options };
}

beforeEach(() => {
  resetForTests();
  vi.mocked(core.setSecret).mockClear();
});

describe('fetchIdToken', () => {
  it('returns the token for the audience, masked with the request token', async () => {
    const { options, requestToken } = source([TOKEN]);
    await expect(fetchIdToken('sts.tencentcloudapi.com', options)).resolves.toBe(TOKEN);
    expect(requestToken).toHaveBeenCalledWith('sts.tencentcloudapi.com', expect.any(AbortSignal));
    expect(core.setSecret).toHaveBeenCalledWith(TOKEN);
    expect(core.setSecret).toHaveBeenCalledWith('req');
  });

  it.each([
    ['HTTP 500', new TokenHttpError(500)],
    ['HTTP 503', new TokenHttpError(503)],
    ['HTTP 429', new TokenHttpError(429)],
    ['network error ECONNREFUSED', networkError()],
    ['no answer within 0.05 s', 'hang' as const],
  ])('retries %s and logs every failed attempt', async (label, error) => {
    const { options, requestToken, lines } = source([error, error, TOKEN]);
    await expect(fetchIdToken('aud', options)).resolves.toBe(TOKEN);
    expect(requestToken).toHaveBeenCalledTimes(3);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      new RegExp(`attempt 2 of 4 failed \\(${label}\\); retrying in \\d+ ms`),
    );
  });

  it.each([401, 403])('does not retry HTTP %i and names the missing permission', async (status) => {
    const { options, requestToken } = source([new TokenHttpError(status)]);
    const error = await fetchIdToken('aud', options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toMatch(
      new RegExp(`\\(HTTP ${status}\\).*permissions: id-token: write`),
    );
    expect((error as Error).message).not.toContain(TOKEN);
    expect(requestToken).toHaveBeenCalledTimes(1);
  });

  it.each<[string, Error | 'hang', RegExp]>([
    [
      'a service that stays down',
      new TokenHttpError(502),
      /after 4 attempts \(HTTP 502\).*re-run the job later/,
    ],
    [
      'a service that never answers',
      'hang',
      /after 4 attempts \(no answer within 0.05 s\).*'timeout-seconds'/,
    ],
  ])('makes exactly max-attempts requests to %s', async (_label, outcome, expected) => {
    const { options, requestToken, lines } = source([outcome]);
    await expect(fetchIdToken('aud', options)).rejects.toThrow(expected);
    expect(requestToken).toHaveBeenCalledTimes(4);
    expect(lines).toHaveLength(3);
  });

  it.each([
    ['neither variable', {}],
    ['no request token', { ACTIONS_ID_TOKEN_REQUEST_URL: ENV.ACTIONS_ID_TOKEN_REQUEST_URL }],
    ['no request URL', { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req' }],
  ])('with %s, fails at once naming permissions: id-token: write', async (_label, env) => {
    const { options, requestToken } = source([TOKEN]);
    await expect(fetchIdToken('aud', { ...options, env })).rejects.toThrow(
      /ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set\. Add 'permissions: id-token: write'/,
    );
    expect(requestToken).not.toHaveBeenCalled();
  });
});

describe('describeTokenFailure', () => {
  it.each<[Failure, RegExp]>([
    [
      { kind: 'http', status: 404 },
      /\(HTTP 404\)\. Check that nothing in the job overrides ACTIONS_ID_TOKEN_REQUEST_URL/,
    ],
    [
      { kind: 'malformed', reason: 'the answer has no token (value)' },
      /\(malformed response: the answer has no token \(value\)\)\. Check that nothing/,
    ],
    [
      { kind: 'network', reason: 'ECONNRESET' },
      /after 2 attempts \(network error ECONNRESET\)\. The GitHub token service did not answer/,
    ],
    [
      { kind: 'timeout', seconds: 3 },
      /after 2 attempts \(no answer within 3 s\)\. .*HTTPS_PROXY.*'timeout-seconds'/,
    ],
  ])('%j', (failure, expected) => {
    expect(describeTokenFailure(failure, 'aud', 2)).toMatch(expected);
  });
});

describe('readTokenClaims', () => {
  const payload = (claims: object) => Buffer.from(JSON.stringify(claims)).toString('base64url');
  it.each([
    [
      'a GitHub token',
      `h.${payload({ sub: 'repo:o/r:ref:refs/heads/main', aud: 'a', iss: 'i', exp: 5 })}.s`,
      { sub: 'repo:o/r:ref:refs/heads/main', aud: 'a', iss: 'i', exp: 5 },
    ],
    ['a list audience', `h.${payload({ aud: ['a', 'b'] })}.s`, { aud: 'a, b' }],
    [
      'claims carrying workflow commands, kept to one line',
      `h.${payload({ sub: 'repo:o/r\n::warning::planted', aud: ['a\r\n::stop-commands::t'] })}.s`,
      { sub: 'repo:o/r ::warning::planted', aud: 'a ::stop-commands::t' },
    ],
    ['not a JWT', 'opaque-token', {}],
    ['a payload that is not JSON', 'h.bm90IGpzb24.s', {}],
  ])('%s', (_label, token, claims) => {
    expect(readTokenClaims(token)).toEqual(claims);
  });
});
