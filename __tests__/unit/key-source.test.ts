import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({
  info: vi.fn(),
  debug: vi.fn(),
  warning: vi.fn(),
  setSecret: vi.fn(),
}));

import { ApiCallError } from '../../src/tencent-api/call.js';
import { describeFailure } from '../../src/tencent-api/describe-failure.js';
import { SSM_ADVICE } from '../../src/ssm/advice.js';
import type { Failure } from '../../src/tencent-api/failure.js';
import { obtainKey } from '../../src/ssm/modes.js';
import type { Mode } from '../../src/constants.js';
import type { Settings } from '../../src/settings/settings.js';
import type {
  CreateRequest,
  CreatedSecret,
  KeyStore,
  SshKeySecret,
} from '../../src/ssm/key-store.js';

const NAME = 'deploy-key';

function settings(mode: Mode, secret: Settings['secret'] = { secretName: NAME }): Settings {
  return {
    mode,
    secret,
    sshAgent: true,
    outputPrivateKey: false,
    knownHosts: [],
    sshHosts: [],
    gitRepositories: [],
    region: 'ap-guangzhou',
    endpoint: { protocol: 'https://', host: 'ssm.tencentcloudapi.com' },
    auth: { kind: 'static', source: 'inputs', secretId: 'AKID', secretKey: 'key' },
    create: { projectId: 0, tags: [] },
    maxAttempts: 5,
    timeoutSeconds: 30,
  };
}

const secretOf = (sshKeyId: string): SshKeySecret => ({
  secretName: NAME,
  sshKeyId,
  sshKeyName: 'deploy',
  projectId: 0,
  rawPrivateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${sshKeyId}\n-----END OPENSSH PRIVATE KEY-----\n`,
});

/** The error SsmKeyStore throws for an API error code, with the real message. */
function apiCallError(code: string, action: string): ApiCallError {
  const failure: Failure = { kind: 'api', code, message: `${code}.`, requestId: 'rid-7' };
  const context = {
    action,
    subject: `secret '${NAME}'`,
    region: 'ap-guangzhou',
    endpoint: 'https://ssm.tencentcloudapi.com',
    attempts: 1,
  };
  return new ApiCallError(failure, describeFailure(failure, context, SSM_ADVICE));
}

const NOT_FOUND = apiCallError('ResourceNotFound', 'GetSSHKeyPairValue');
const EXISTS = apiCallError('ResourceInUse.SecretExists', 'CreateSSHKeyPairSecret');

type GetStep = SshKeySecret | Error;
type CreateStep = CreatedSecret | Error;

/** A store that answers from scripts and counts its calls. */
function fakeStore(gets: GetStep[], creates: CreateStep[] = []) {
  const store = {
    get: vi.fn<KeyStore['get']>(async () => {
      const step = gets.shift();
      if (!step) throw new Error('unexpected get');
      if (step instanceof Error) throw step;
      return step;
    }),
    create: vi.fn<KeyStore['create']>(async () => {
      const step = creates.shift();
      if (!step) throw new Error('unexpected create');
      if (step instanceof Error) throw step;
      return step;
    }),
  };
  return store;
}

const CREATED: CreatedSecret = {
  sshKeyId: 'skey-new00001',
  sshKeyName: 'deploy',
};
const REQUEST: CreateRequest = { secretName: NAME, projectId: 0, description: 'by CI', tags: [] };

let request: ReturnType<typeof vi.fn<() => Promise<CreateRequest>>>;

beforeEach(() => {
  request = vi.fn(async () => REQUEST);
});

describe('obtainKey', () => {
  it('get: reads the secret and never creates', async () => {
    const store = fakeStore([secretOf('skey-old00001')]);
    const result = await obtainKey(store, settings('get'), request);
    expect(result).toEqual({ secret: secretOf('skey-old00001'), created: false });
    expect(store.get).toHaveBeenCalledTimes(1);
    expect(store.get).toHaveBeenCalledWith({ secretName: NAME });
    expect(store.create).not.toHaveBeenCalled();
    expect(request).not.toHaveBeenCalled();
  });

  it('get: reads by SSH key ID', async () => {
    const store = fakeStore([secretOf('skey-abcd1234')]);
    await obtainKey(store, settings('get', { sshKeyId: 'skey-abcd1234' }), request);
    expect(store.get).toHaveBeenCalledWith({ sshKeyId: 'skey-abcd1234' });
  });

  it('get: a missing secret fails with the get-or-create hint and creates nothing', async () => {
    const store = fakeStore([NOT_FOUND]);
    await expect(obtainKey(store, settings('get'), request)).rejects.toThrow(
      "'mode: get-or-create'",
    );
    expect(store.create).not.toHaveBeenCalled();
  });

  it('create: creates, then reads the key back', async () => {
    const store = fakeStore([secretOf('skey-new00001')], [CREATED]);
    const result = await obtainKey(store, settings('create'), request);
    expect(result).toEqual({ secret: secretOf('skey-new00001'), created: true });
    expect(store.create).toHaveBeenCalledTimes(1);
    expect(store.create).toHaveBeenCalledWith(REQUEST);
    expect(store.get).toHaveBeenCalledTimes(1);
    expect(store.get).toHaveBeenCalledWith({ secretName: NAME }, { afterCreate: true });
    expect(store.create.mock.invocationCallOrder[0]).toBeLessThan(
      store.get.mock.invocationCallOrder[0] ?? 0,
    );
  });

  it('create: an existing secret fails with the SecretExists message and reads nothing', async () => {
    const store = fakeStore([], [EXISTS]);
    const error = await obtainKey(store, settings('create'), request).catch((e: unknown) => e);
    expect(error).toBe(EXISTS);
    expect((error as Error).message).toContain('ResourceInUse.SecretExists, RequestId rid-7');
    expect((error as Error).message).toContain('already exists');
    expect(store.create).toHaveBeenCalledTimes(1);
    expect(store.get).not.toHaveBeenCalled();
  });

  it('get-or-create: an existing secret is read, not created', async () => {
    const store = fakeStore([secretOf('skey-old00001')]);
    const result = await obtainKey(store, settings('get-or-create'), request);
    expect(result).toEqual({ secret: secretOf('skey-old00001'), created: false });
    expect(store.get).toHaveBeenCalledTimes(1);
    expect(store.create).not.toHaveBeenCalled();
    expect(request).not.toHaveBeenCalled();
  });

  it('get-or-create: a missing secret is created and read back', async () => {
    const store = fakeStore([NOT_FOUND, secretOf('skey-new00001')], [CREATED]);
    const result = await obtainKey(store, settings('get-or-create'), request);
    expect(result).toEqual({ secret: secretOf('skey-new00001'), created: true });
    expect(store.get).toHaveBeenCalledTimes(2);
    expect(store.create).toHaveBeenCalledTimes(1);
    expect(request).toHaveBeenCalledTimes(1);
    expect(store.get).toHaveBeenLastCalledWith({ secretName: NAME }, { afterCreate: true });
  });

  it("get-or-create: losing the create race reads the winner's key", async () => {
    const store = fakeStore([NOT_FOUND, secretOf('skey-winner01')], [EXISTS]);
    const result = await obtainKey(store, settings('get-or-create'), request);
    expect(result).toEqual({ secret: secretOf('skey-winner01'), created: false });
    expect(store.get).toHaveBeenCalledTimes(2);
    expect(store.create).toHaveBeenCalledTimes(1);
    expect(store.get).toHaveBeenLastCalledWith({ secretName: NAME }, { afterCreate: true });
  });

  it.each([
    [
      'a get failure other than ResourceNotFound',
      [apiCallError('AuthFailure.SignatureFailure', 'Get')],
      [],
    ],
    [
      'a create failure other than SecretExists',
      [NOT_FOUND],
      [apiCallError('LimitExceeded', 'Create')],
    ],
    ['a plain error from get', [new Error('boom')], []],
  ])('get-or-create: %s is passed on', async (_label, gets: GetStep[], creates: CreateStep[]) => {
    const expected = gets.find((g) => g !== NOT_FOUND) ?? creates[0];
    const store = fakeStore([...gets], [...creates]);
    await expect(obtainKey(store, settings('get-or-create'), request)).rejects.toBe(expected);
    expect(store.get).toHaveBeenCalledTimes(1);
    expect(store.create).toHaveBeenCalledTimes(creates.length);
  });

  it('get-or-create: a failed read of the winner is passed on', async () => {
    const readError = apiCallError('ResourceNotFound', 'GetSSHKeyPairValue');
    const store = fakeStore([NOT_FOUND, readError], [EXISTS]);
    await expect(obtainKey(store, settings('get-or-create'), request)).rejects.toBe(readError);
    expect(store.get).toHaveBeenCalledTimes(2);
  });
});
