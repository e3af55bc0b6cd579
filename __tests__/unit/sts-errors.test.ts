import { describe, expect, it } from 'vitest';
import type { Failure } from '../../src/tencent-api/failure.js';
import { describeStsFailure, isStsThrottle, type StsContext } from '../../src/auth/sts-advice.js';

const CTX: StsContext = {
  roleArn: 'qcs::cam::uin/100000000001:roleName/deploy',
  providerId: 'github-actions',
  audience: 'sts.tencentcloudapi.com',
  region: 'ap-guangzhou',
  endpoint: 'https://sts.tencentcloudapi.com',
  attempts: 1,
  claims: {
    sub: 'repo:octo-org/octo-repo:ref:refs/heads/dev',
    aud: 'sts.tencentcloudapi.com',
    exp: 1,
  },
};

const api = (code: string): Failure => ({
  kind: 'api',
  code,
  message: 'STS says no',
  requestId: 'rid-9',
});

/** Every code the Go SDK documents for AssumeRoleWithWebIdentity, and the advice each needs. */
describe('describeStsFailure: API errors', () => {
  it.each([
    [
      'InvalidParameter.WebIdentityTokenError',
      [/expired/, /client IDs include 'sts\.tencentcloudapi\.com'/, /\.well-known\/jwks/],
    ],
    [
      'UnauthorizedOperation',
      [/does not trust this job/, /oidc-provider\/github-actions/, /oidc:sub and oidc:aud/],
    ],
    ['AuthFailure.UnauthorizedOperation', [/does not trust this job/]],
    ['ResourceNotFound.RoleNotFound', [/does not exist/, /'role-arn'/]],
    ['InvalidParameter.ParamError', [/'oidc-provider-id' \('github-actions'\)/, /Role SSO/]],
    ['InvalidParameter.OverTimeError', [/'role-duration-seconds'/, /43200/]],
    ['InvalidParameter.OverLimit', [/throttled/, /'max-attempts'/]],
    ['RequestLimitExceeded', [/throttled/]],
    ['RequestLimitExceeded.UinLimitExceeded', [/throttled/]],
    ['InternalError.GetRoleError', [/could not load the role/]],
    ['InternalError.SystemError', [/internal error on every attempt/]],
    ['InternalError.UnknownError', [/internal error on every attempt/]],
    ['AuthFailure.SignatureFailure', [/'sts-endpoint' \(https:\/\/sts\.tencentcloudapi\.com\)/]],
    ['InvalidAction', [/does not serve STS AssumeRoleWithWebIdentity/]],
    ['UnsupportedRegion', [/region 'ap-guangzhou'/]],
    ['SomethingNew.Entirely', [/STS error code reference/]],
  ])('%s', (code, advice) => {
    const message = describeStsFailure(api(code), CTX);
    expect(message).toMatch(
      new RegExp(
        `^AssumeRoleWithWebIdentity for role '${CTX.roleArn}' failed: ${code.replace(/\./g, '\\.')}, RequestId rid-9: STS says no\\. `,
      ),
    );
    for (const pattern of advice) expect(message).toMatch(pattern);
  });

  it.each(['InvalidParameter.WebIdentityTokenError', 'UnauthorizedOperation'])(
    '%s names the sub and aud of the job token and that it expired',
    (code) => {
      const message = describeStsFailure(api(code), CTX);
      expect(message).toContain(
        "(this job's token: sub 'repo:octo-org/octo-repo:ref:refs/heads/dev', aud 'sts.tencentcloudapi.com', expired)",
      );
    },
  );

  it('leaves the token facts out when the token could not be read', () => {
    expect(describeStsFailure(api('UnauthorizedOperation'), { ...CTX, claims: {} })).toContain(
      'does not trust this job. Its',
    );
  });

  it('counts attempts', () => {
    expect(describeStsFailure(api('RequestLimitExceeded'), { ...CTX, attempts: 5 })).toMatch(
      /failed after 5 attempts: /,
    );
  });
});

describe('describeStsFailure: transport failures', () => {
  it.each<[Failure, RegExp]>([
    [
      { kind: 'http', status: 502, requestId: 'r1' },
      /HTTP 502 from https:\/\/sts\.tencentcloudapi\.com, RequestId r1\. STS or a proxy/,
    ],
    [{ kind: 'http', status: 404 }, /HTTP 404 .*Check 'sts-endpoint'/],
    [{ kind: 'timeout', seconds: 30 }, /did not answer within 30 s.*'timeout-seconds'/],
    [
      { kind: 'network', reason: 'ECONNREFUSED' },
      /could not reach .* \(ECONNREFUSED\)\. Check 'sts-endpoint'/,
    ],
    [
      { kind: 'malformed', reason: 'no JSON', requestId: 'r2' },
      /malformed \(no JSON, RequestId r2\)/,
    ],
  ])('%j', (failure, expected) => {
    expect(describeStsFailure(failure, CTX)).toMatch(expected);
  });
});

describe('isStsThrottle', () => {
  it.each<[Failure, boolean]>([
    [api('InvalidParameter.OverLimit'), true],
    [api('InvalidParameter.ParamError'), false],
    [api('RequestLimitExceeded'), false],
    [{ kind: 'network', reason: 'x' }, false],
  ])('%j -> %s', (failure, expected) => {
    expect(isStsThrottle(failure)).toBe(expected);
  });
});
