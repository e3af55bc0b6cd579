import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/server.js';
import { globToRegExp } from '../../emulator/sts.js';
import { errorCodeOf, oidcToken, rejectionOf, ssmClient, stsClient } from './helpers.js';

const ROLE = 'qcs::cam::uin/100000000001:roleName/deploy';
const PROD_ROLE = 'qcs::cam::uin/100000000001:roleName/prod';
const OTHER_ROLE = 'qcs::cam::uin/100000000001:roleName/other';
const AUDIENCE = 'sts.tencentcloudapi.com';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    roles: [
      { roleArn: ROLE, providerId: 'github', subjectPattern: 'repo:octo-org/octo-repo:*' },
      {
        roleArn: PROD_ROLE,
        providerId: 'github',
        subjectPattern: /^repo:octo-org\/[^:]+:environment:prod$/,
      },
      { roleArn: OTHER_ROLE, providerId: 'other-idp' },
    ],
    oidc: { subject: 'repo:octo-org/octo-repo:ref:refs/heads/main' },
  });
  emulator.addSecret({ name: 'deploy' });
});
afterAll(() => emulator.close());

interface AssumeParams {
  ProviderId?: string;
  WebIdentityToken?: string;
  RoleArn?: string;
  RoleSessionName?: string;
  DurationSeconds?: number;
}

async function assume(params: AssumeParams) {
  const request = { ProviderId: 'github', RoleArn: ROLE, RoleSessionName: 'gha-run-1', ...params };
  request.WebIdentityToken ??= await oidcToken(emulator);
  return stsClient(emulator).request('AssumeRoleWithWebIdentity', request, {
    skipSign: true,
  }) as Promise<{
    Credentials: { Token: string; TmpSecretId: string; TmpSecretKey: string };
    ExpiredTime: number;
    Expiration: string;
  }>;
}

describe('AssumeRoleWithWebIdentity', () => {
  it('exchanges a GitHub OIDC token for temporary credentials', async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await assume({ DurationSeconds: 900 });
    expect(result.Credentials.TmpSecretId).toMatch(/^AKID/);
    expect(result.Credentials.TmpSecretKey.length).toBeGreaterThan(20);
    expect(result.Credentials.Token.length).toBeGreaterThan(60);
    expect(result.ExpiredTime - before).toBeGreaterThanOrEqual(900);
    expect(result.ExpiredTime - before).toBeLessThanOrEqual(902);
    expect(result.Expiration).toBe(
      new Date(result.ExpiredTime * 1000).toISOString().replace('.000', ''),
    );
    const call = emulator.calls.at(-1);
    expect(call).toMatchObject({
      action: 'AssumeRoleWithWebIdentity',
      service: 'sts',
      auth: 'skip',
      code: 'OK',
    });
    expect(call?.params).toMatchObject({ WebIdentityToken: '[redacted]', RoleArn: ROLE });
  });

  it('also answers the SDK STS client, which signs with empty credentials', async () => {
    const result = await stsClient(emulator).AssumeRoleWithWebIdentity({
      ProviderId: 'github',
      RoleArn: ROLE,
      RoleSessionName: 'gha-run-2',
      WebIdentityToken: await oidcToken(emulator),
    });
    expect(result.Credentials?.TmpSecretId).toMatch(/^AKID/);
  });

  it('honours a RegExp subject pattern', async () => {
    const token = emulator.issueIdToken({
      audience: AUDIENCE,
      subject: 'repo:octo-org/api:environment:prod',
    });
    expect(await errorCodeOf(assume({ RoleArn: PROD_ROLE, WebIdentityToken: token }))).toBe(
      'resolved',
    );
  });

  it.each([
    [
      'an expired token',
      () => ({ WebIdentityToken: emulator.issueIdToken({ audience: AUDIENCE, expiresIn: -60 }) }),
      'InvalidParameter.WebIdentityTokenError',
    ],
    [
      'a wrong-audience token',
      () => ({
        WebIdentityToken: emulator.issueIdToken({ audience: 'https://github.com/octo-org' }),
      }),
      'InvalidParameter.WebIdentityTokenError',
    ],
    [
      'a foreign issuer',
      () => ({
        WebIdentityToken: emulator.issueIdToken({
          audience: AUDIENCE,
          issuer: 'https://evil.example',
        }),
      }),
      'InvalidParameter.WebIdentityTokenError',
    ],
    [
      'a tampered token',
      () => ({ WebIdentityToken: tamper(emulator.issueIdToken({ audience: AUDIENCE })) }),
      'InvalidParameter.WebIdentityTokenError',
    ],
    [
      'a token that is not a JWT',
      () => ({ WebIdentityToken: 'not-a-jwt' }),
      'InvalidParameter.WebIdentityTokenError',
    ],
    [
      'an unknown role',
      () => ({ RoleArn: 'qcs::cam::uin/1:roleName/nope' }),
      'ResourceNotFound.RoleNotFound',
    ],
    ['an unknown provider', () => ({ ProviderId: 'nope' }), 'InvalidParameter.ParamError'],
    ['a role of another provider', () => ({ RoleArn: OTHER_ROLE }), 'UnauthorizedOperation'],
    [
      'a subject the role does not trust',
      () => ({
        WebIdentityToken: emulator.issueIdToken({
          audience: AUDIENCE,
          subject: 'repo:evil/fork:ref:refs/heads/main',
        }),
      }),
      'UnauthorizedOperation',
    ],
    ['a bad session name', () => ({ RoleSessionName: 'has space' }), 'InvalidParameter.ParamError'],
    [
      'DurationSeconds over 43200',
      () => ({ DurationSeconds: 43201 }),
      'InvalidParameter.OverTimeError',
    ],
    ['no RoleArn', () => ({ RoleArn: undefined }), 'MissingParameter'],
  ])('answers %s with %s', async (_case, change, code) => {
    const error = await rejectionOf(assume(change()));
    expect(error.code).toBe(code);
  });

  it('names no token in its error messages', async () => {
    const token = emulator.issueIdToken({ audience: 'wrong' });
    const error = await rejectionOf(assume({ WebIdentityToken: token }));
    expect(error.message).not.toContain(token.split('.')[2]);
  });
});

describe('temporary credentials on SSM', () => {
  it('work only with the issued X-TC-Token', async () => {
    const { Credentials } = await assume({});
    const credential = { secretId: Credentials.TmpSecretId, secretKey: Credentials.TmpSecretKey };
    const withToken = await ssmClient(emulator, {
      ...credential,
      token: Credentials.Token,
    }).GetSSHKeyPairValue({ SecretName: 'deploy' });
    expect(withToken.SSHKeyID).toBe(emulator.getSecret('deploy')?.sshKeyId);
    expect(emulator.calls.at(-1)).toMatchObject({
      secretId: Credentials.TmpSecretId,
      token: Credentials.Token,
    });

    const missing = await rejectionOf(
      ssmClient(emulator, credential).GetSSHKeyPairValue({ SecretName: 'deploy' }),
    );
    expect(missing.code).toBe('AuthFailure.TokenFailure');
    const wrong = await rejectionOf(
      ssmClient(emulator, { ...credential, token: `${Credentials.Token}x` }).GetSSHKeyPairValue({
        SecretName: 'deploy',
      }),
    );
    expect(wrong.code).toBe('AuthFailure.TokenFailure');
    expect(wrong.message).not.toContain(Credentials.Token);
  });

  it('stop working when they expire', async () => {
    const { Credentials } = await assume({ DurationSeconds: 1 });
    const client = ssmClient(emulator, {
      secretId: Credentials.TmpSecretId,
      secretKey: Credentials.TmpSecretKey,
      token: Credentials.Token,
    });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await rejectionOf(client.GetSSHKeyPairValue({ SecretName: 'deploy' }))).code).toBe(
      'AuthFailure.TokenFailure',
    );
  });

  it('are listed by the emulator', async () => {
    const { Credentials } = await assume({});
    expect(emulator.temporaryCredentials().map((credential) => credential.secretId)).toContain(
      Credentials.TmpSecretId,
    );
  });
});

describe('globToRegExp', () => {
  it.each([
    ['repo:octo-org/*', 'repo:octo-org/app:ref:refs/heads/main', true],
    ['repo:octo-org/*', 'repo:octo-org2/app:ref:refs/heads/main', false],
    ['repo:o/r:ref:refs/heads/main', 'repo:o/r:ref:refs/heads/main', true],
    ['repo:o/r:ref:refs/heads/main', 'repo:o/r:ref:refs/heads/mainX', false],
    ['repo:o/r:ref:refs/heads/v?', 'repo:o/r:ref:refs/heads/v1', true],
    ['repo:o/r:environment:(prod)', 'repo:o/r:environment:(prod)', true],
    ['a.b', 'axb', false],
  ])('%s matching %s is %s', (glob, subject, matches) => {
    expect(globToRegExp(glob).test(subject)).toBe(matches);
  });
});

function tamper(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  const forged = Buffer.from(
    JSON.stringify({ ...claims, sub: 'repo:octo-org/octo-repo:ref:refs/heads/evil' }),
  ).toString('base64url');
  return `${header}.${forged}.${signature}`;
}
