import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({
  info: vi.fn(),
  debug: vi.fn(),
  setSecret: vi.fn(),
  getIDToken: vi.fn(),
}));

import * as core from '@actions/core';
import { ActionError } from '../../src/errors.js';
import {
  classifyTokenError,
  describeTokenFailure,
  fetchIdToken,
  isRetryableTokenFailure,
  readTokenClaims,
  type TokenFailure,
} from '../../src/id-token.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
const ENV = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/t?v=2',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req',
};

/** The errors @actions/core's getIDToken throws, word for word in their shape. */
const httpError = (status: number) =>
  new Error(
    `Error message: Failed to get ID Token. \n \n        Error Code : ${status}\n \n        Error Message: quoted body ${TOKEN}`,
  );
const networkError = () =>
  new Error(
    'Error message: Failed to get ID Token. \n \n Error Code : undefined\n \n Error Message: connect ECONNREFUSED',
  );
const noTokenField = () =>
  new Error('Error message: Response json body do not have ID Token field');

function source(outcomes: (string | Error)[]) {
  const getIdToken = vi.fn(async () => {
    const outcome = outcomes[Math.min(getIdToken.mock.calls.length, outcomes.length) - 1];
    if (outcome instanceof Error) throw outcome;
    return outcome;
  });
  const lines: string[] = [];
  const options = {
    maxAttempts: 4,
    sleep: async () => {},
    env: ENV,
    getIdToken,
    log: (l: string) => lines.push(l),
  };
  return { getIdToken, lines, options };
}

beforeEach(() => vi.mocked(core.setSecret).mockClear());

describe('fetchIdToken', () => {
  it('returns the token for the audience, masked', async () => {
    const { options, getIdToken } = source([TOKEN]);
    await expect(fetchIdToken('sts.tencentcloudapi.com', options)).resolves.toBe(TOKEN);
    expect(getIdToken).toHaveBeenCalledWith('sts.tencentcloudapi.com');
    expect(core.setSecret).toHaveBeenCalledWith(TOKEN);
  });

  it.each([
    ['HTTP 500', httpError(500)],
    ['HTTP 503', httpError(503)],
    ['HTTP 429', httpError(429)],
    ['a network error', networkError()],
  ])('retries %s and says so', async (label, error) => {
    const { options, getIdToken, lines } = source([error, error, TOKEN]);
    await expect(fetchIdToken('aud', options)).resolves.toBe(TOKEN);
    expect(getIdToken).toHaveBeenCalledTimes(3);
    expect(lines[0]).toMatch(
      new RegExp(`attempt 1 of 4 failed \\(${label}\\); retrying in \\d+ ms`),
    );
  });

  it.each([401, 403])('does not retry HTTP %i and names the missing permission', async (status) => {
    const { options, getIdToken } = source([httpError(status)]);
    const error = await fetchIdToken('aud', options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toMatch(
      new RegExp(`\\(HTTP ${status}\\).*permissions: id-token: write`),
    );
    expect((error as Error).message).not.toContain(TOKEN);
    expect(getIdToken).toHaveBeenCalledTimes(1);
  });

  it('gives up after max-attempts on a service that stays down', async () => {
    const { options, getIdToken } = source([httpError(502)]);
    await expect(fetchIdToken('aud', options)).rejects.toThrow(
      /after 4 attempts \(HTTP 502\).*re-run the job later/,
    );
    expect(getIdToken).toHaveBeenCalledTimes(4);
  });

  it.each([
    ['neither variable', {}],
    ['no request token', { ACTIONS_ID_TOKEN_REQUEST_URL: ENV.ACTIONS_ID_TOKEN_REQUEST_URL }],
    ['no request URL', { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req' }],
  ])('with %s, fails at once naming permissions: id-token: write', async (_label, env) => {
    const { options, getIdToken } = source([TOKEN]);
    await expect(fetchIdToken('aud', { ...options, env })).rejects.toThrow(
      /ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set\. Add 'permissions: id-token: write'/,
    );
    expect(getIdToken).not.toHaveBeenCalled();
  });
});

describe('classifyTokenError', () => {
  it.each<[string, unknown, TokenFailure, boolean]>([
    ['HTTP 403', httpError(403), { kind: 'http', status: 403 }, false],
    ['HTTP 404', httpError(404), { kind: 'http', status: 404 }, false],
    ['HTTP 504', httpError(504), { kind: 'http', status: 504 }, true],
    ['a refused connection', networkError(), { kind: 'network' }, true],
    ['an answer without a token', noTokenField(), { kind: 'malformed' }, false],
    ['a non-Error', 'boom', { kind: 'network' }, true],
  ])('%s', (_label, error, failure, retryable) => {
    expect(classifyTokenError(error)).toEqual(failure);
    expect(isRetryableTokenFailure(failure)).toBe(retryable);
  });
});

describe('describeTokenFailure', () => {
  it.each<[TokenFailure, RegExp]>([
    [
      { kind: 'http', status: 404 },
      /\(HTTP 404\)\. Check that nothing in the job overrides ACTIONS_ID_TOKEN_REQUEST_URL/,
    ],
    [{ kind: 'malformed' }, /\(an answer without a token\)\./],
    [
      { kind: 'network' },
      /after 2 attempts \(a network error\)\. The GitHub token service did not answer/,
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
