import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({
  info: vi.fn(),
  debug: vi.fn(),
  warning: vi.fn(),
  setSecret: vi.fn(),
}));
vi.mock('../../src/settings/run-context.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/settings/run-context.js')>()),
  readRunContext: () => ({
    repository: 'octo-org/octo-repo',
    runId: 42,
    runAttempt: 2,
    serverUrl: 'https://github.com',
  }),
}));

import * as core from '@actions/core';
import type { RequestClient } from '../../src/tencent-api/call.js';
import { ActionError } from '../../src/errors.js';
import { exchangeOidcToken, type OidcCallSettings, type OidcDeps } from '../../src/auth/sts.js';
import type { OidcAuth } from '../../src/settings/settings.js';
import { resetForTests } from '../../src/secrets.js';

const jwt = (claims: object) =>
  `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
const TOKEN = jwt({ sub: 'repo:octo-org/octo-repo:pull_request', aud: 'sts.tencentcloudapi.com' });
const TEMP = {
  TmpSecretId: 'AKIDtmp0123456789',
  TmpSecretKey: 'tmpKey0123456789abcdef',
  Token: 'tmpToken0123456789abcdef',
};
const ENV = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/token?x=1',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req',
};
const CALL: OidcCallSettings = {
  region: 'ap-guangzhou',
  maxAttempts: 3,
  timeoutSeconds: 10,
  sleep: async () => {},
};
const AUTH: OidcAuth = {
  kind: 'oidc',
  roleArn: 'qcs::cam::uin/100000000001:roleName/deploy',
  providerId: 'github-actions',
  audience: 'sts.tencentcloudapi.com',
  durationSeconds: 900,
  stsEndpoint: { protocol: 'http://', host: '127.0.0.1:9' },
};

const apiError = (code: string, requestId = 'rid-sts-1') =>
  Object.assign(new Error(`${code} from STS`), { code, requestId });
const ok = {
  Credentials: TEMP,
  ExpiredTime: 1_700_000_900,
  Expiration: '2023-11-14T22:28:20Z',
  RequestId: 'rid-ok',
};

/** Everything that happened, in order: masks, token requests, STS requests, log lines. */
let events: string[] = [];

function deps(replies: (object | Error)[], overrides: Partial<OidcDeps> = {}) {
  const requests: { action: string; params: Record<string, unknown>; skipSign?: boolean }[] = [];
  const stsClient: RequestClient = {
    request: async (action, params, { skipSign }) => {
      events.push(`sts:${action}`);
      requests.push({ action, params: params as Record<string, unknown>, skipSign });
      const reply = replies[Math.min(requests.length, replies.length) - 1];
      if (reply instanceof Error) throw reply;
      return reply;
    },
  };
  const getIdToken = vi.fn(async (audience: string) => {
    events.push(`token:${audience}`);
    return TOKEN;
  });
  const log = (line: string) => events.push(`log:${line}`);
  return {
    requests,
    getIdToken,
    deps: { stsClient, requestToken: getIdToken, env: ENV, log, ...overrides },
  };
}

beforeEach(() => {
  events = [];
  resetForTests();
  vi.mocked(core.setSecret).mockReset();
  vi.mocked(core.setSecret).mockImplementation((value) => void events.push(`mask:${value}`));
});

describe('exchangeOidcToken', () => {
  it('sends the documented parameters unsigned and returns the temporary credentials', async () => {
    const fake = deps([ok]);
    const credentials = await exchangeOidcToken(
      { ...AUTH, roleSessionName: 'deploy-1' },
      CALL,
      fake.deps,
    );
    expect(credentials).toEqual({
      secretId: TEMP.TmpSecretId,
      secretKey: TEMP.TmpSecretKey,
      token: TEMP.Token,
      source: `the role ${AUTH.roleArn} (GitHub OIDC)`,
    });
    expect(fake.getIdToken).toHaveBeenCalledWith(
      'sts.tencentcloudapi.com',
      expect.any(AbortSignal),
    );
    expect(fake.requests).toEqual([
      {
        action: 'AssumeRoleWithWebIdentity',
        skipSign: true,
        params: {
          ProviderId: 'github-actions',
          WebIdentityToken: TOKEN,
          RoleArn: AUTH.roleArn,
          RoleSessionName: 'deploy-1',
          DurationSeconds: 900,
        },
      },
    ]);
  });

  it('builds the session name from the repository and run when none is given', async () => {
    const fake = deps([ok]);
    await exchangeOidcToken(AUTH, CALL, fake.deps);
    expect(fake.requests[0].params.RoleSessionName).toBe('gh-octo-org-octo-repo-42-2');
  });

  it('masks the token before STS sees it and the temporary values before anything is logged', async () => {
    const fake = deps([ok]);
    await exchangeOidcToken(AUTH, CALL, fake.deps);
    const at = (event: string) => events.indexOf(event);
    expect(at(`mask:${TOKEN}`)).toBeGreaterThan(at('token:sts.tencentcloudapi.com'));
    expect(at(`mask:${TOKEN}`)).toBeLessThan(at('sts:AssumeRoleWithWebIdentity'));
    const firstLog = events.findIndex((event) => event.startsWith('log:'));
    for (const value of Object.values(TEMP)) {
      expect(at(`mask:${value}`)).toBeGreaterThan(at('sts:AssumeRoleWithWebIdentity'));
      expect(at(`mask:${value}`)).toBeLessThan(firstLog);
    }
    expect(events.filter((e) => e.startsWith('log:')).join('\n')).not.toMatch(
      /tmpKey|tmpToken|AKIDtmp/,
    );
  });

  it.each([
    ['RequestLimitExceeded', apiError('RequestLimitExceeded')],
    ['InvalidParameter.OverLimit', apiError('InvalidParameter.OverLimit')],
    ['InternalError.SystemError', apiError('InternalError.SystemError')],
  ])('retries %s like the SSM calls', async (_code, error) => {
    const fake = deps([error, error, ok]);
    await expect(exchangeOidcToken(AUTH, CALL, fake.deps)).resolves.toMatchObject({
      secretId: TEMP.TmpSecretId,
    });
    expect(fake.requests).toHaveLength(3);
  });

  it('says how many attempts were made when throttling never ends', async () => {
    const fake = deps([apiError('RequestLimitExceeded', 'rid-throttle')]);
    const failure = exchangeOidcToken(AUTH, CALL, fake.deps);
    await expect(failure).rejects.toThrow(
      /after 3 attempts: RequestLimitExceeded, RequestId rid-throttle/,
    );
    await expect(failure).rejects.toThrow(/max-attempts/);
  });

  it.each([
    [
      'InvalidParameter.WebIdentityTokenError',
      /audience|client IDs/,
      /sub 'repo:octo-org\/octo-repo:pull_request'/,
    ],
    ['UnauthorizedOperation', /trust policy/, /oidc:sub/],
    ['ResourceNotFound.RoleNotFound', /does not exist/, /role-arn/],
    ['InvalidParameter.ParamError', /oidc-provider-id/, /github-actions/],
  ])(
    '%s fails at once with the code, the RequestId and the next step',
    async (code, advice, detail) => {
      const fake = deps([apiError(code, 'rid-77')]);
      const error = await exchangeOidcToken(AUTH, CALL, fake.deps).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ActionError);
      const message = (error as Error).message;
      expect(message).toContain(
        `AssumeRoleWithWebIdentity for role '${AUTH.roleArn}' failed: ${code}, RequestId rid-77`,
      );
      expect(message).toMatch(advice);
      expect(message).toMatch(detail);
      expect(message).not.toContain(TOKEN);
      expect(fake.requests).toHaveLength(1);
    },
  );

  it.each([
    ['no Credentials', { RequestId: 'rid-m' }, []],
    [
      'no Token',
      { Credentials: { ...TEMP, Token: '' }, RequestId: 'rid-m' },
      [TEMP.TmpSecretId, TEMP.TmpSecretKey],
    ],
  ])(
    'a response with %s is malformed, and what did arrive is masked',
    async (_label, reply, masked) => {
      const fake = deps([reply]);
      await expect(exchangeOidcToken(AUTH, CALL, fake.deps)).rejects.toThrow(
        /malformed .*RequestId rid-m.*sts-endpoint/,
      );
      for (const value of masked) expect(events).toContain(`mask:${value}`);
    },
  );

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'Expiration',
      { Expiration: '2026\n::warning::planted' },
      /Expiration is not an ISO 8601 time/,
    ],
    ['ExpiredTime', { ExpiredTime: '1\n::stop-commands::tok' }, /ExpiredTime is not a time in/],
    ['ExpiredTime', { ExpiredTime: 1e20 }, /ExpiredTime is not a time in unix seconds/],
    ['RequestId', { RequestId: 'r\n::save-state name=a::b' }, /RequestId is not a request ID/],
  ])(
    'an answer whose %s is not of its shape is malformed, masked first',
    async (_l, fields, says) => {
      const fake = deps([{ ...ok, ...fields }]);
      const error = (await exchangeOidcToken(AUTH, CALL, fake.deps).catch(
        (e: unknown) => e,
      )) as Error;
      expect(error).toBeInstanceOf(ActionError);
      expect(error.message).toMatch(/AssumeRoleWithWebIdentity .* was malformed \(/);
      expect(error.message).toMatch(says);
      expect(error.message).not.toMatch(/[\r\n]|planted|stop-commands|save-state/);
      for (const value of Object.values(TEMP)) expect(events).toContain(`mask:${value}`);
      expect(events.some((event) => event.startsWith('log:Assumed'))).toBe(false);
    },
  );

  it('logs the expiry from ExpiredTime when Expiration is absent', async () => {
    const fake = deps([{ ...ok, Expiration: undefined }]);
    await exchangeOidcToken(AUTH, CALL, fake.deps);
    expect(events).toContainEqual(expect.stringMatching(/until 2023-11-14T22:28:20\.000Z\.$/));
  });

  it('fails before any request when the job may not request a token', async () => {
    const fake = deps([ok], { env: {} });
    await expect(exchangeOidcToken(AUTH, CALL, fake.deps)).rejects.toThrow(
      /permissions: id-token: write/,
    );
    expect(fake.getIdToken).not.toHaveBeenCalled();
    expect(fake.requests).toHaveLength(0);
  });
});
