// Which credentials sign the SSM calls when several are configured, and settings given by halves,
// through the bundled action: inputs, then keyless auth (role-arn), then TENCENTCLOUD_* variables.
import { expect } from 'vitest';
import { errorText, freshName, REGION, test } from './kit.js';

// Every job of these tests may request OIDC tokens, as with `permissions: id-token: write`.
test.beforeEach(async ({ kit }) => {
  await kit.withTokenService();
});

test.for([
  ['secret-id/secret-key inputs win over role-arn and the environment', true, true, true, 'inputs'],
  ['secret-id/secret-key inputs win over role-arn', true, true, false, 'inputs'],
  ['role-arn wins over the TENCENTCLOUD_* variables', false, true, true, 'oidc'],
  ['the TENCENTCLOUD_* variables are the last resort', false, false, true, 'environment'],
] as const)('%s', async ([, inputs, oidc, environment, expected], { kit, emulator, tokens }) => {
  const name = freshName('oidc-prec');
  emulator.addSecret({ name });
  const envKey = emulator.addCredential();
  const { secretId, secretKey } = emulator.credentials;
  const job = kit.newJob(
    environment
      ? { TENCENTCLOUD_SECRET_ID: envKey.secretId, TENCENTCLOUD_SECRET_KEY: envKey.secretKey }
      : {},
  );
  const all = kit.inputs({ 'secret-name': name, 'ssh-agent': 'false' });
  const chosen: Record<string, string> = {
    region: REGION,
    endpoint: emulator.url,
    'secret-name': name,
    'ssh-agent': 'false',
  };
  if (inputs) Object.assign(chosen, { 'secret-id': secretId, 'secret-key': secretKey });
  if (oidc) Object.assign(chosen, all);
  const tokenRequests = tokens.requests;

  const main = await job.runMain(chosen);
  expect(main.failed, errorText(main)).toBe(false);
  const [get] = kit.calls('GetSSHKeyPairValue');
  const sts = kit.calls('AssumeRoleWithWebIdentity');
  const temporary = emulator.temporaryCredentials().map((c) => c.secretId);
  if (expected === 'oidc') {
    expect(sts).toHaveLength(1);
    expect(temporary).toContain(get.secretId);
    expect(get.token).toBeDefined();
  } else {
    expect(sts).toEqual([]);
    expect(tokens.requests).toBe(tokenRequests);
    expect(get.secretId).toBe(expected === 'inputs' ? secretId : envKey.secretId);
    expect(get.token).toBeUndefined();
  }
});

test.for([
  [
    'role-arn without oidc-provider-id',
    { 'oidc-provider-id': '' },
    /'oidc-provider-id'.*to be set together with 'role-arn'/,
  ],
  [
    'oidc-provider-id without role-arn',
    { 'role-arn': '' },
    /'role-arn'.*to be set together with 'oidc-provider-id'/,
  ],
  [
    'secret-id without secret-key',
    { 'secret-id': 'AKIDonly' },
    /'secret-key'.*to be set together with 'secret-id'/,
  ],
  [
    'secret-key without secret-id',
    { 'secret-key': 'only-the-key-0123456789' },
    /'secret-id'.*to be set together with 'secret-key'/,
  ],
  [
    'session-token alone',
    { 'role-arn': '', 'oidc-provider-id': '', 'session-token': 'tok-0123456789' },
    /'session-token'/,
  ],
  [
    'a role ARN that is not one',
    { 'role-arn': 'arn:aws:iam::1:role/x' },
    /'role-arn'.*qcs::cam::uin/,
  ],
  [
    'role-duration-seconds above 43200',
    { 'role-duration-seconds': '43201' },
    /'role-duration-seconds'/,
  ],
] as const)('%s fails before any request', async ([, extra, expected], { kit, tokens }) => {
  const tokenRequests = tokens.requests;
  const main = await kit
    .newJob({ RUNNER_DEBUG: '1' })
    .runMain(kit.inputs({ 'secret-name': freshName('oidc-prec'), ...extra }));
  expect(main.failed).toBe(true);
  expect(errorText(main)).toMatch(expected);
  expect(kit.calls()).toEqual([]);
  expect(tokens.requests).toBe(tokenRequests);
});
