import { createHash, createPublicKey, verify, constants, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/server.js';
import {
  codeOf,
  errorCodeOf,
  kmsClient,
  oidcToken,
  rejectionOf,
  signedFetch,
  stsClient,
} from './helpers.js';

let emulator: Emulator;
let ecKey: string;
let rsaKey: string;
beforeAll(async () => {
  emulator = await startEmulator();
  ecKey = emulator.addKmsKey({ type: 'ec' }).keyId;
  rsaKey = emulator.addKmsKey({ type: 'rsa' }).keyId;
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.clearFaults();
  emulator.resetCalls();
});

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

async function publicKeyOf(keyId: string): Promise<KeyObject> {
  const answer = await kmsClient(emulator).GetPublicKey({ KeyId: keyId });
  return createPublicKey({
    key: Buffer.from(answer.PublicKey, 'base64'),
    format: 'der',
    type: 'spki',
  });
}

function verifies(key: KeyObject, algorithm: string, message: Buffer, signature: Buffer): boolean {
  const padding =
    algorithm === 'RSA_PSS_SHA_256' ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING;
  return verify('sha256', message, { key, padding, dsaEncoding: 'der' }, signature);
}

describe('GetPublicKey', () => {
  it.each([
    ['EC P-256', () => ecKey, 'ec', { namedCurve: 'prime256v1' }],
    ['RSA 2048', () => rsaKey, 'rsa', { modulusLength: 2048 }],
  ])('answers the %s key as base64 DER SPKI and PEM', async (_name, keyId, type, details) => {
    const answer = await kmsClient(emulator).GetPublicKey({ KeyId: keyId() });
    expect(answer.KeyId).toBe(keyId());
    const der = createPublicKey({
      key: Buffer.from(answer.PublicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    expect(der.asymmetricKeyType).toBe(type);
    expect(der.asymmetricKeyDetails).toMatchObject(details);
    expect(createPublicKey(answer.PublicKeyPem).export({ type: 'spki', format: 'der' })).toEqual(
      Buffer.from(answer.PublicKey, 'base64'),
    );
    expect(emulator.calls.at(-1)).toMatchObject({ service: 'kms', auth: 'tc3', code: 'OK' });
  });
});

describe('SignByAsymmetricKey', () => {
  const message = Buffer.from('ssh-ed25519-cert-v01@openssh.com certificate body');
  it.each([
    ['ECC_P256_R1', 'RAW', () => ecKey],
    ['ECC_P256_R1', 'DIGEST', () => ecKey],
    ['RSA_PKCS1_SHA_256', 'RAW', () => rsaKey],
    ['RSA_PKCS1_SHA_256', 'DIGEST', () => rsaKey],
    ['RSA_PSS_SHA_256', 'RAW', () => rsaKey],
  ])('signs with %s over %s: node:crypto verifies it', async (algorithm, type, keyId) => {
    const sent = type === 'RAW' ? message : sha256(message);
    const answer = await kmsClient(emulator).SignByAsymmetricKey({
      KeyId: keyId(),
      Algorithm: algorithm,
      Message: b64(sent),
      MessageType: type,
    });
    const signature = Buffer.from(answer.Signature ?? '', 'base64');
    expect(verifies(await publicKeyOf(keyId()), algorithm, message, signature)).toBe(true);
    if (algorithm.startsWith('RSA')) expect(signature).toHaveLength(256);
    else expect(signature[0]).toBe(0x30);
    expect(emulator.kmsSignatures().at(-1)).toMatchObject({
      keyId: keyId(),
      algorithm,
      messageType: type,
      message: b64(sent),
      signature: answer.Signature,
    });
  });

  it('takes RAW when MessageType is left out, and up to 4096 bytes', async () => {
    const long = Buffer.alloc(4096, 7);
    const answer = await kmsClient(emulator).SignByAsymmetricKey({
      KeyId: ecKey,
      Algorithm: 'ECC_P256_R1',
      Message: b64(long),
    });
    const signature = Buffer.from(answer.Signature ?? '', 'base64');
    expect(verifies(await publicKeyOf(ecKey), 'ECC_P256_R1', long, signature)).toBe(true);
  });
});

describe('KMS errors', () => {
  const sign = (params: Record<string, unknown>) =>
    errorCodeOf(
      kmsClient(emulator).SignByAsymmetricKey({
        KeyId: ecKey,
        Algorithm: 'ECC_P256_R1',
        Message: b64('m'),
        ...params,
      } as never),
    );
  it.each([
    [
      'an unknown key',
      () => ({ KeyId: '00000000-0000-0000-0000-000000000000' }),
      'ResourceUnavailable.CmkNotFound',
    ],
    [
      'a key ID that is no UUID',
      () => ({ KeyId: 'alias/ca' }),
      'InvalidParameterValue.InvalidKeyId',
    ],
    [
      'a disabled key',
      () => ({ KeyId: emulator.addKmsKey({ state: 'Disabled' }).keyId }),
      'ResourceUnavailable.CmkDisabled',
    ],
    [
      'a key pending deletion',
      () => ({ KeyId: emulator.addKmsKey({ state: 'PendingDelete' }).keyId }),
      'ResourceUnavailable.CmkStateNotSupport',
    ],
    [
      'a symmetric key',
      () => ({ KeyId: emulator.addKmsKey({ usage: 'ENCRYPT_DECRYPT' }).keyId }),
      'UnsupportedOperation',
    ],
    [
      'a decryption key',
      () => ({
        KeyId: emulator.addKmsKey({ usage: 'ASYMMETRIC_DECRYPT_RSA_2048' }).keyId,
        Algorithm: 'RSA_PKCS1_SHA_256',
      }),
      'UnsupportedOperation',
    ],
    [
      'an RSA algorithm on an EC key',
      () => ({ Algorithm: 'RSA_PKCS1_SHA_256' }),
      'UnsupportedOperation',
    ],
    ['the EC algorithm on an RSA key', () => ({ KeyId: rsaKey }), 'UnsupportedOperation'],
    ['SM2DSA, not emulated', () => ({ Algorithm: 'SM2DSA' }), 'UnsupportedOperation'],
    ['an unknown algorithm', () => ({ Algorithm: 'ECDSA_SHA_1' }), 'InvalidParameterValue'],
    ['a Message that is not base64', () => ({ Message: 'not base64!' }), 'InvalidParameterValue'],
    ['an empty Message', () => ({ Message: '' }), 'InvalidParameterValue'],
    [
      'a RAW Message over 4096 bytes',
      () => ({ Message: b64(Buffer.alloc(4097)) }),
      'InvalidParameterValue',
    ],
    [
      'a DIGEST that is not 32 bytes',
      () => ({ Message: b64(Buffer.alloc(31)), MessageType: 'DIGEST' }),
      'InvalidParameterValue',
    ],
    ['an unknown MessageType', () => ({ MessageType: 'HASH' }), 'InvalidParameterValue'],
    ['an unknown parameter', () => ({ Padding: 'PSS' }), 'UnknownParameter'],
  ])('refuses %s', async (_name, params, code) => {
    expect(await sign(params())).toBe(code);
  });

  it.each([
    ['a disabled key', { state: 'Disabled' as const }, 'ResourceUnavailable.CmkDisabled'],
    ['a symmetric key', { usage: 'ENCRYPT_DECRYPT' as const }, 'UnsupportedOperation'],
  ])('GetPublicKey refuses %s', async (_name, options, code) => {
    const { keyId } = emulator.addKmsKey(options);
    expect(await errorCodeOf(kmsClient(emulator).GetPublicKey({ KeyId: keyId }))).toBe(code);
  });

  it('answers again once a disabled key is enabled', async () => {
    const { keyId } = emulator.addKmsKey({ state: 'Disabled' });
    emulator.setKmsKeyState(keyId, 'Enabled');
    expect(await errorCodeOf(kmsClient(emulator).GetPublicKey({ KeyId: keyId }))).toBe('resolved');
  });

  it('needs X-TC-Region and the 2019-01-18 version', async () => {
    const params = { KeyId: ecKey };
    const noRegion = await signedFetch(emulator, {
      action: 'GetPublicKey',
      version: '2019-01-18',
      params,
      region: null,
    });
    expect(codeOf(noRegion)).toBe('MissingParameter');
    const oldVersion = await signedFetch(emulator, {
      action: 'GetPublicKey',
      version: '2019-09-23',
      params,
    });
    expect(codeOf(oldVersion)).toBe('InvalidAction');
    const ok = await signedFetch(emulator, {
      action: 'GetPublicKey',
      version: '2019-01-18',
      params,
    });
    expect(codeOf(ok)).toBe('OK');
  });

  it('checks the TC3 signature', async () => {
    const params = { KeyId: ecKey, Algorithm: 'ECC_P256_R1', Message: b64('a') };
    const tampered = await signedFetch(emulator, {
      action: 'SignByAsymmetricKey',
      version: '2019-01-18',
      params,
      sentBody: JSON.stringify({ ...params, Message: b64('b') }),
    });
    expect(codeOf(tampered)).toBe('AuthFailure.SignatureFailure');
    expect(emulator.kmsSignatures().some((entry) => entry.message === b64('b'))).toBe(false);
  });

  it('answers UnauthorizedOperation naming the kms: CAM action', async () => {
    const credential = emulator.addCredential({ allowedActions: ['GetPublicKey'] });
    const error = await rejectionOf(
      kmsClient(emulator, credential).SignByAsymmetricKey({
        KeyId: ecKey,
        Algorithm: 'ECC_P256_R1',
        Message: b64('m'),
      }),
    );
    expect(error.code).toBe('UnauthorizedOperation');
    expect(error.message).toContain('kms:SignByAsymmetricKey');
  });
});

describe('KMS with temporary STS credentials', () => {
  it('signs with the credentials of AssumeRoleWithWebIdentity, token included', async () => {
    const [role] = emulator.roles;
    const assumed = (await stsClient(emulator).AssumeRoleWithWebIdentity({
      ProviderId: role?.providerId ?? '',
      RoleArn: role?.roleArn ?? '',
      RoleSessionName: 'kms-test',
      WebIdentityToken: await oidcToken(emulator),
    })) as { Credentials: { TmpSecretId: string; TmpSecretKey: string; Token: string } };
    const { TmpSecretId, TmpSecretKey, Token } = assumed.Credentials;
    const temporary = { secretId: TmpSecretId, secretKey: TmpSecretKey, token: Token };
    const message = Buffer.from('keyless');
    const answer = await kmsClient(emulator, temporary).SignByAsymmetricKey({
      KeyId: ecKey,
      Algorithm: 'ECC_P256_R1',
      Message: b64(message),
    });
    const signature = Buffer.from(answer.Signature ?? '', 'base64');
    expect(verifies(await publicKeyOf(ecKey), 'ECC_P256_R1', message, signature)).toBe(true);
    expect(emulator.calls.find((call) => call.action === 'SignByAsymmetricKey')?.token).toBe(Token);
    const withoutToken = { secretId: TmpSecretId, secretKey: TmpSecretKey };
    expect(
      await errorCodeOf(kmsClient(emulator, withoutToken).GetPublicKey({ KeyId: ecKey })),
    ).toBe('AuthFailure.TokenFailure');
  });
});

describe('KMS with a role that may not use it', () => {
  it('answers UnauthorizedOperation to the temporary credentials of a role limited to SSM', async () => {
    const roleArn = 'qcs::cam::uin/100000000001:roleName/ssm-only';
    emulator.addRole({
      roleArn,
      providerId: 'github-actions',
      allowedActions: ['GetSSHKeyPairValue'],
    });
    const assumed = (await stsClient(emulator).AssumeRoleWithWebIdentity({
      ProviderId: 'github-actions',
      RoleArn: roleArn,
      RoleSessionName: 'kms-denied',
      WebIdentityToken: await oidcToken(emulator),
    })) as { Credentials: { TmpSecretId: string; TmpSecretKey: string; Token: string } };
    const { TmpSecretId, TmpSecretKey, Token } = assumed.Credentials;
    const error = await rejectionOf(
      kmsClient(emulator, {
        secretId: TmpSecretId,
        secretKey: TmpSecretKey,
        token: Token,
      }).GetPublicKey({
        KeyId: ecKey,
      }),
    );
    expect(error.code).toBe('UnauthorizedOperation');
    expect(error.message).toContain('kms:GetPublicKey');
  });
});

describe('KMS faults', () => {
  const signOnce = () =>
    kmsClient(emulator).SignByAsymmetricKey({
      KeyId: ecKey,
      Algorithm: 'ECC_P256_R1',
      Message: b64('f'),
    });

  it.each([
    ['throttle', 'RequestLimitExceeded'],
    ['internal-error', 'InternalError'],
  ] as const)('%s answers %s, then the next call succeeds', async (type, code) => {
    emulator.injectFault({ type, action: 'SignByAsymmetricKey' });
    expect(await errorCodeOf(signOnce())).toBe(code);
    expect(await errorCodeOf(signOnce())).toBe('resolved');
  });

  it('http-status answers a 503', async () => {
    emulator.injectFault({ type: 'http-status', action: 'SignByAsymmetricKey' });
    expect((await rejectionOf(signOnce())).httpCode).toBe(503);
  });

  it.each([
    ['missing-fields', 'SignByAsymmetricKey', 'Signature', undefined],
    ['missing-fields', 'GetPublicKey', 'PublicKey', undefined],
    ['invalid-key', 'SignByAsymmetricKey', 'Signature', 'base64'],
    ['invalid-key', 'GetPublicKey', 'PublicKey', 'base64'],
  ] as const)('%s spoils the %s answer field %s', async (type, action, field, kind) => {
    emulator.injectFault({ type, action });
    const response = await signedFetch(emulator, {
      action,
      version: '2019-01-18',
      params:
        action === 'GetPublicKey'
          ? { KeyId: ecKey }
          : { KeyId: ecKey, Algorithm: 'ECC_P256_R1', Message: b64('x') },
    });
    if (kind === undefined) expect(response).not.toHaveProperty(field);
    else expect(Buffer.from(String(response[field]), 'base64')).toHaveLength(96);
  });

  it('plant puts hostile text into a field', async () => {
    emulator.injectFault({
      type: 'plant',
      action: 'SignByAsymmetricKey',
      field: 'Signature',
      value: '::error::x',
    });
    expect((await signOnce()).Signature).toBe('::error::x');
  });

  it('malformed-json answers a body that is not JSON', async () => {
    emulator.injectFault({ type: 'malformed-json', action: 'GetPublicKey' });
    expect(await errorCodeOf(kmsClient(emulator).GetPublicKey({ KeyId: ecKey }))).not.toBe(
      'resolved',
    );
  });
});

describe('KMS admin API', () => {
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}/__emulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()) as Record<string, unknown>;
  };

  it('adds keys, lists them without private halves, and lists the signatures made', async () => {
    const added = (await admin('POST', 'kms-keys', [{ type: 'rsa' }, { state: 'Disabled' }])) as {
      keys: { keyId: string; type: string; state: string; publicKeyPem: string }[];
    };
    expect(added.keys.map(({ type, state }) => [type, state])).toEqual([
      ['rsa', 'Enabled'],
      ['ec', 'Disabled'],
    ]);
    const listed = JSON.stringify(await admin('GET', 'kms-keys'));
    expect(listed).toContain(added.keys[0]?.keyId);
    expect(listed).not.toMatch(/PRIVATE KEY|"d":/);
    const enabled = await admin('POST', 'kms-keys/state', {
      keyId: added.keys[1]?.keyId,
      state: 'Enabled',
    });
    expect(enabled).toMatchObject({ state: 'Enabled' });
    await signOnceWith(added.keys[0]?.keyId ?? '');
    const { signatures } = (await admin('GET', 'kms-signatures')) as {
      signatures: { keyId: string }[];
    };
    expect(signatures.at(-1)?.keyId).toBe(added.keys[0]?.keyId);
  });

  it('refuses a usage that does not fit the key type', async () => {
    expect(
      await admin('POST', 'kms-keys', { type: 'ec', usage: 'ASYMMETRIC_SIGN_VERIFY_RSA_2048' }),
    ).toHaveProperty('error');
  });

  const signOnceWith = (keyId: string) =>
    kmsClient(emulator).SignByAsymmetricKey({
      KeyId: keyId,
      Algorithm: 'RSA_PKCS1_SHA_256',
      Message: b64('admin'),
    });
});
