import { createPrivateKey } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { publicLineOfPem } from '../../emulator/keys.js';
import { startEmulator, type Emulator } from '../../emulator/server.js';
import { codeOf, errorCodeOf, signedFetch, ssmClient } from './helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.resetCalls());

let counter = 0;
const uniqueName = (prefix = 'secret') => `${prefix}-${Date.now()}-${(counter += 1)}`;

describe('SSM with the real SDK client', () => {
  it('creates a secret, then reads back a real RSA key pair', async () => {
    const client = ssmClient(emulator);
    const name = uniqueName();
    const created = await client.CreateSSHKeyPairSecret({
      SecretName: name,
      ProjectId: 7,
      Description: 'deploy key',
      Tags: [{ TagKey: 'team', TagValue: 'ops' }],
      SSHKeyName: 'deploy_key',
    });
    expect(created).toMatchObject({ SecretName: name, SSHKeyName: 'deploy_key', TagCode: 0 });
    expect(created.SSHKeyID).toMatch(/^skey-[a-z0-9]{8}$/);
    expect(created).not.toHaveProperty('PrivateKey');

    const value = await client.GetSSHKeyPairValue({ SecretName: name });
    expect(value).toMatchObject({
      SSHKeyID: created.SSHKeyID,
      ProjectID: 7,
      SSHKeyDescription: 'deploy key',
      SSHKeyName: 'deploy_key',
    });
    expect(value.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(value.PrivateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(createPrivateKey(value.PrivateKey ?? '').asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(value.PublicKey).toBe(publicLineOfPem(value.PrivateKey ?? '', created.SSHKeyID ?? ''));
  });

  it('generates an SSH key name within the 25-character rule when none is given', async () => {
    const created = await ssmClient(emulator).CreateSSHKeyPairSecret({
      SecretName: uniqueName(),
      ProjectId: 0,
    });
    expect(created.SSHKeyName).toMatch(/^[A-Za-z0-9][A-Za-z0-9_]{0,24}$/);
  });

  it('reads a secret by SSHKeyId', async () => {
    const record = emulator.addSecret({ name: uniqueName() });
    const value = await ssmClient(emulator).GetSSHKeyPairValue({ SSHKeyId: record.sshKeyId });
    expect(value.PrivateKey).toBe(record.privateKey);
  });

  it.each([
    ['a missing secret name', { SecretName: 'does-not-exist' }, 'ResourceNotFound'],
    ['a missing key ID', { SSHKeyId: 'skey-00000000' }, 'ResourceNotFound'],
    ['neither name nor ID', {}, 'MissingParameter'],
    ['an invalid name', { SecretName: '-starts-with-dash' }, 'InvalidParameterValue'],
    ['an unknown parameter', { SecretName: 'x', Unknown: 1 }, 'UnknownParameter'],
  ])('GetSSHKeyPairValue with %s fails with %s', async (_case, params, code) => {
    expect(await errorCodeOf(ssmClient(emulator).GetSSHKeyPairValue(params))).toBe(code);
  });

  it('refuses to create a secret that exists', async () => {
    const name = uniqueName();
    emulator.addSecret({ name });
    const code = await errorCodeOf(
      ssmClient(emulator).CreateSSHKeyPairSecret({ SecretName: name, ProjectId: 0 }),
    );
    expect(code).toBe('ResourceInUse.SecretExists');
  });

  it('lets exactly one of several concurrent creates of one name win', async () => {
    const name = uniqueName();
    const client = ssmClient(emulator);
    const codes = await Promise.all(
      Array.from({ length: 4 }, () =>
        errorCodeOf(client.CreateSSHKeyPairSecret({ SecretName: name, ProjectId: 0 })),
      ),
    );
    expect(codes.filter((code) => code === 'resolved')).toHaveLength(1);
    expect(codes.filter((code) => code === 'ResourceInUse.SecretExists')).toHaveLength(3);
  });

  it.each([
    [
      'a name of 129 characters',
      { SecretName: 'a'.repeat(129), ProjectId: 0 },
      'InvalidParameterValue',
    ],
    ['a name with a dot', { SecretName: 'a.b', ProjectId: 0 }, 'InvalidParameterValue'],
    ['no ProjectId', { SecretName: 'ok-name' }, 'MissingParameter'],
    ['a string ProjectId', { SecretName: 'ok-name', ProjectId: '0' }, 'InvalidParameter'],
    [
      'an SSH key name of 26 characters',
      { SecretName: 'ok-name', ProjectId: 0, SSHKeyName: 'k'.repeat(26) },
      'InvalidParameterValue',
    ],
    [
      'an SSH key name with a dash',
      { SecretName: 'ok-name', ProjectId: 0, SSHKeyName: 'a-b' },
      'InvalidParameterValue',
    ],
    [
      'a description over 2048 bytes',
      { SecretName: 'ok-name', ProjectId: 0, Description: 'é'.repeat(1025) },
      'InvalidParameterValue',
    ],
    [
      'malformed tags',
      { SecretName: 'ok-name', ProjectId: 0, Tags: [{ Key: 'a' }] },
      'InvalidParameter',
    ],
  ])('CreateSSHKeyPairSecret with %s fails with %s', async (_case, params, code) => {
    const response = await signedFetch(emulator, { action: 'CreateSSHKeyPairSecret', params });
    expect(codeOf(response)).toBe(code);
    expect(emulator.getSecret('ok-name')).toBeUndefined();
  });

  it.each(['a', 'A1', 'a'.repeat(128), 'deploy_key-2'])(
    'accepts the secret name %s',
    async (name) => {
      const response = await signedFetch(emulator, {
        action: 'CreateSSHKeyPairSecret',
        params: { SecretName: name, ProjectId: 0 },
      });
      expect(codeOf(response)).toBe('OK');
    },
  );
});

describe('how GetSSHKeyPairValue shapes the key material', () => {
  it('returns base64 for a secret stored that way', async () => {
    const record = emulator.addSecret({ name: uniqueName(), encoding: 'base64' });
    const value = await ssmClient(emulator).GetSSHKeyPairValue({ SecretName: record.name });
    expect(Buffer.from(value.PrivateKey ?? '', 'base64').toString('utf8')).toBe(record.privateKey);
    expect(Buffer.from(value.PublicKey ?? '', 'base64').toString('utf8')).toBe(record.publicKey);
  });

  it.each([
    [{ newline: 'crlf' as const }, (key: string) => key.includes('\r\n') && key.endsWith('\r\n')],
    [{ trailingNewline: false }, (key: string) => !key.endsWith('\n') && key.endsWith('-----')],
    [
      { newline: 'crlf' as const, trailingNewline: false },
      (key: string) => key.includes('\r\n') && key.endsWith('-----'),
    ],
  ])('honours %j', async (options, check) => {
    const record = emulator.addSecret({ name: uniqueName(), ...options });
    const value = await ssmClient(emulator).GetSSHKeyPairValue({ SecretName: record.name });
    expect(check(value.PrivateKey ?? '')).toBe(true);
  });

  it('serves an ed25519 key in the OpenSSH format', async () => {
    const record = emulator.addSecret({ name: uniqueName(), keyType: 'ed25519' });
    const value = await ssmClient(emulator).GetSSHKeyPairValue({ SecretName: record.name });
    expect(value.PrivateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    expect(value.PublicKey).toMatch(/^ssh-ed25519 AAAA\S+ skey-[a-z0-9]{8}$/);
  });

  it('serves explicit key material as given', async () => {
    const record = emulator.addSecret({
      name: uniqueName(),
      privateKey: 'opaque-private',
      publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== test',
      sshKeyId: 'skey-fixed001',
      sshKeyName: 'fixed',
      projectId: 3,
    });
    const value = await ssmClient(emulator).GetSSHKeyPairValue({ SecretName: record.name });
    expect(value).toMatchObject({
      PrivateKey: 'opaque-private',
      SSHKeyID: 'skey-fixed001',
      SSHKeyName: 'fixed',
      ProjectID: 3,
    });
  });

  it('refuses to seed a duplicate or badly named secret', () => {
    const name = uniqueName();
    emulator.addSecret({ name });
    expect(() => emulator.addSecret({ name })).toThrow(/already exists/);
    expect(() => emulator.addSecret({ name: 'bad name' })).toThrow(/SecretName/);
  });
});
