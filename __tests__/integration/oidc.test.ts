// Keyless auth through the bundled action: GitHub OIDC token -> STS AssumeRoleWithWebIdentity ->
// temporary credentials that sign the SSM calls, and every way that can fail.
import { expect } from 'vitest';
import { agentFingerprints } from '../../harness/ssh-tools.js';
import { errorText, freshName, JOB_SUBJECT, PROVIDER, ROLE, test } from './kit.js';

// Every job of these tests may request OIDC tokens, as with `permissions: id-token: write`.
test.beforeEach(async ({ kit }) => {
  await kit.withTokenService();
});

test.for([
  ['get', ''],
  ['get', '1'],
  ['get-or-create', '1'],
] as const)(
  'mode %s (RUNNER_DEBUG=%s): SSM calls are signed with the temporary credentials and their token',
  async ([mode, debug], { kit, emulator, tokens }) => {
    const name = freshName('oidc');
    if (mode === 'get') emulator.addSecret({ name });
    const job = kit.newJob({ RUNNER_DEBUG: debug });
    const main = await job.runMain(kit.inputs({ 'secret-name': name, mode }));
    expect(main.failed, errorText(main)).toBe(false);

    const [assume] = kit.calls('AssumeRoleWithWebIdentity');
    expect(assume).toMatchObject({
      auth: 'skip',
      code: 'OK',
      region: 'ap-guangzhou',
      version: '2018-08-13',
    });
    expect(assume.params).toEqual({
      ProviderId: PROVIDER,
      WebIdentityToken: '[redacted]',
      RoleArn: ROLE,
      RoleSessionName: 'gh-octo-org-octo-repo-1234567890-1',
      DurationSeconds: 900,
    });
    const ssmCalls = kit.calls().filter((call) => call.service === 'ssm');
    expect(ssmCalls.map((call) => call.action)).toEqual(
      mode === 'get'
        ? ['GetSSHKeyPairValue']
        : ['GetSSHKeyPairValue', 'CreateSSHKeyPairSecret', 'GetSSHKeyPairValue'],
    );
    const issued = emulator.temporaryCredentials().find((c) => c.secretId === ssmCalls[0].secretId);
    expect(issued?.roleArn).toBe(ROLE);
    for (const call of ssmCalls) {
      expect(call).toMatchObject({ auth: 'tc3', secretId: issued?.secretId, token: issued?.token });
    }
    expect(ssmCalls.at(-1)?.code).toBe('OK');
    // The runner masks what the step registers: the OIDC token and all three temporary values.
    const secrets = [tokens.tokens.at(-1), issued?.secretId, issued?.secretKey, issued?.token];
    expect(main.commands.masks).toEqual(expect.arrayContaining(secrets));

    const record = emulator.getSecret(name);
    expect(main.outputs).toMatchObject({
      'secret-name': name,
      'ssh-key-id': record?.sshKeyId,
      'public-key': expect.stringContaining(record?.publicKey.split(' ')[1] ?? 'missing'),
      fingerprint: record?.fingerprint,
      created: String(mode === 'get-or-create'),
    });
    expect(main.stdout).toContain(`Authenticating with the role ${ROLE} (GitHub OIDC).`);
    expect(await agentFingerprints(job.environment().SSH_AUTH_SOCK ?? '')).toContain(
      record?.fingerprint,
    );
    const post = await job.runPost(main);
    expect(post.failed, errorText(post)).toBe(false);
  },
);

test('the emulator accepts the temporary credentials only with their token', async ({
  kit,
  emulator,
}) => {
  const name = freshName('oidc-token');
  emulator.addSecret({ name });
  const first = await kit
    .newJob()
    .runMain(kit.inputs({ 'secret-name': name, 'ssh-agent': 'false' }));
  expect(first.failed, errorText(first)).toBe(false);
  const issued = emulator.temporaryCredentials().at(-1);
  const reuse = {
    region: 'ap-guangzhou',
    endpoint: emulator.url,
    'secret-name': name,
    'ssh-agent': 'false',
  };
  const keys = { 'secret-id': issued?.secretId ?? '', 'secret-key': issued?.secretKey ?? '' };

  const without = await kit.newJob().runMain({ ...reuse, ...keys });
  expect(without.failed).toBe(true);
  expect(errorText(without)).toMatch(/AuthFailure\.TokenFailure, RequestId [\w-]+/);
  const withToken = await kit
    .newJob()
    .runMain({ ...reuse, ...keys, 'session-token': issued?.token ?? '' });
  expect(withToken.failed, errorText(withToken)).toBe(false);
});

test('without permissions: id-token: write, it fails before any request', async ({
  kit,
  tokens,
}) => {
  const before = tokens.requests;
  const job = kit.newJob({
    RUNNER_DEBUG: '1',
    ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined,
  });
  const main = await job.runMain(kit.inputs({ 'secret-name': freshName('oidc-perm') }));
  expect(main.failed).toBe(true);
  expect(errorText(main)).toMatch(
    /ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set\. Add 'permissions: id-token: write'/,
  );
  expect(tokens.requests).toBe(before);
  expect(kit.calls()).toEqual([]);
});

test('a token request GitHub refuses (403) is not retried and names the permission', async ({
  kit,
  tokens,
}) => {
  const before = tokens.requests;
  tokens.failNext(403);
  const main = await kit
    .newJob({ RUNNER_DEBUG: '1' })
    .runMain(kit.inputs({ 'secret-name': freshName('oidc-403') }));
  expect(main.failed).toBe(true);
  expect(errorText(main)).toMatch(
    /failed \(HTTP 403\)\. GitHub refused .*permissions: id-token: write/,
  );
  expect(tokens.requests - before).toBe(1);
  expect(kit.calls()).toEqual([]);
});

test('transient token service failures (HTTP 500, 429) are retried', async ({
  kit,
  tokens,
  emulator,
}) => {
  const name = freshName('oidc-retry');
  emulator.addSecret({ name });
  const before = tokens.requests;
  tokens.failNext(500, 429);
  const main = await kit
    .newJob()
    .runMain(kit.inputs({ 'secret-name': name, 'ssh-agent': 'false' }));
  expect(main.failed, errorText(main)).toBe(false);
  expect(tokens.requests - before).toBe(3);
  expect(main.stdout).toMatch(
    /Getting the GitHub OIDC token: attempt 1 of 5 failed \(HTTP 500\); retrying in \d+ ms/,
  );
});

test('a role whose trust policy does not match the job subject', async ({ kit, emulator }) => {
  const roleArn = 'qcs::cam::uin/100000000001:roleName/prod-only';
  emulator.addRole({
    roleArn,
    providerId: PROVIDER,
    subjectPattern: 'repo:octo-org/octo-repo:environment:production',
  });
  const main = await kit
    .newJob({ RUNNER_DEBUG: '1' })
    .runMain(kit.inputs({ 'secret-name': freshName('oidc-trust'), 'role-arn': roleArn }));
  expect(main.failed).toBe(true);
  const message = errorText(main);
  expect(message).toMatch(
    new RegExp(
      `failed: UnauthorizedOperation, RequestId [\\w-]+: .*The role '${roleArn}' does not trust this job`,
    ),
  );
  expect(message).toContain(
    `(this job's token: sub '${JOB_SUBJECT}', aud 'sts.tencentcloudapi.com')`,
  );
  expect(message).toContain(`oidc-provider/${PROVIDER}`);
  expect(kit.calls().map((call) => call.action)).toEqual(['AssumeRoleWithWebIdentity']);
});

test.for([
  [
    'an expired token',
    {},
    /WebIdentityTokenError, RequestId [\w-]+: WebIdentityToken is invalid: the token has expired\..*, expired\)/,
  ],
  [
    'the wrong audience',
    { audience: 'api://wrong' },
    /WebIdentityTokenError, RequestId [\w-]+: .*audience does not match.*aud 'api:\/\/wrong'.*client IDs include 'api:\/\/wrong'/,
  ],
  [
    'an unknown identity provider',
    { 'oidc-provider-id': 'nobody' },
    /InvalidParameter\.ParamError, RequestId [\w-]+: .*'oidc-provider-id' \('nobody'\)/,
  ],
  [
    'an unknown role',
    { 'role-arn': 'qcs::cam::uin/100000000001:roleName/ghost' },
    /ResourceNotFound\.RoleNotFound, RequestId [\w-]+: .*check 'role-arn'/,
  ],
] as const)(
  '%s fails at once with the code and the next step',
  async ([label, extra, expected], { kit, emulator }) => {
    if (label === 'an expired token') emulator.configureOidc({ expired: true });
    try {
      const main = await kit
        .newJob({ RUNNER_DEBUG: '1' })
        .runMain(kit.inputs({ 'secret-name': freshName('oidc-bad'), ...extra }));
      expect(main.failed).toBe(true);
      expect(errorText(main)).toMatch(expected);
      expect(kit.calls().map((call) => call.action)).toEqual(['AssumeRoleWithWebIdentity']);
    } finally {
      emulator.configureOidc({ expired: false });
    }
  },
);

test.for([
  ['RequestLimitExceeded', { type: 'throttle' }],
  [
    'InvalidParameter.OverLimit',
    { type: 'error', code: 'InvalidParameter.OverLimit', message: 'over limit' },
  ],
] as const)(
  'STS throttling (%s) is retried like the SSM calls',
  async ([code, fault], { kit, emulator }) => {
    const name = freshName('oidc-throttle');
    emulator.addSecret({ name });
    emulator.injectFault({ ...fault, action: 'AssumeRoleWithWebIdentity', times: 2 });
    const main = await kit
      .newJob({ RUNNER_DEBUG: '1' })
      .runMain(kit.inputs({ 'secret-name': name, 'ssh-agent': 'false' }));
    expect(main.failed, errorText(main)).toBe(false);
    expect(kit.calls('AssumeRoleWithWebIdentity').map((call) => call.code)).toEqual([
      code,
      code,
      'OK',
    ]);
    expect(main.stdout).toMatch(
      new RegExp(
        `AssumeRoleWithWebIdentity: attempt 2 of 5 failed \\(${code.replace('.', '\\.')}, RequestId [\\w-]+\\); retrying in \\d+ ms`,
      ),
    );
  },
);

test('STS throttling that outlasts max-attempts', async ({ kit, emulator }) => {
  emulator.injectFault({ type: 'throttle', action: 'AssumeRoleWithWebIdentity', times: -1 });
  try {
    const main = await kit
      .newJob()
      .runMain(kit.inputs({ 'secret-name': freshName('oidc-busy'), 'max-attempts': '2' }));
    expect(main.failed).toBe(true);
    expect(errorText(main)).toMatch(
      /failed after 2 attempts: RequestLimitExceeded, RequestId [\w-]+: .*STS throttled every attempt.*'max-attempts'/,
    );
    expect(kit.calls().filter((call) => call.service === 'ssm')).toEqual([]);
  } finally {
    emulator.clearFaults();
  }
});
