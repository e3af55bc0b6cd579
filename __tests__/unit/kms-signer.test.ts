// kmsCaSigner against the real emulator, in process: real keys, TC3 signatures, faults.
import * as http from 'node:http';
import { constants, createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/server.js';
import { kmsCaSigner, type KmsSignerOptions } from '../../src/certificate/kms.js';
import { ApiCallError } from '../../src/tencent-api/call.js';
import type { Credentials } from '../../src/tencent-api/credentials.js';
import { oidcToken, stsClient } from '../emulator/helpers.js';

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

const staticCredentials = (): Credentials => ({ ...emulator.credentials, source: 'secret-id' });

async function temporaryCredentials(): Promise<Credentials> {
  const [role] = emulator.roles;
  const answer = (await stsClient(emulator).AssumeRoleWithWebIdentity({
    ProviderId: role?.providerId ?? '',
    RoleArn: role?.roleArn ?? '',
    RoleSessionName: 'kms-signer',
    WebIdentityToken: await oidcToken(emulator),
  })) as { Credentials: { TmpSecretId: string; TmpSecretKey: string; Token: string } };
  const { TmpSecretId, TmpSecretKey, Token } = answer.Credentials;
  return { secretId: TmpSecretId, secretKey: TmpSecretKey, token: Token, source: 'the role' };
}

function signer(
  keyId: string,
  credentials: Credentials,
  log: string[] = [],
  extra: Partial<KmsSignerOptions> = {},
) {
  return kmsCaSigner({
    endpoint: { protocol: 'http://', host: `127.0.0.1:${emulator.port}` },
    region: 'ap-guangzhou',
    agent: new http.Agent(),
    credentials,
    keyId,
    maxAttempts: 3,
    timeoutSeconds: 5,
    call: { sleep: async () => {}, log: (line) => log.push(line) },
    ...extra,
  });
}

function verifies(spki: Buffer, message: Buffer, signature: Buffer) {
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return verify(
    'sha256',
    message,
    { key, padding: constants.RSA_PKCS1_PADDING, dsaEncoding: 'der' },
    signature,
  );
}

const certificateBody = Buffer.from('ssh-ed25519-cert-v01@openssh.com to be signed');

describe('kmsCaSigner against the emulator', () => {
  it.each([
    ['EC P-256', () => ecKey, 'ECC_P256_R1', 'static', staticCredentials],
    ['RSA 2048', () => rsaKey, 'RSA_PKCS1_SHA_256', 'static', staticCredentials],
    ['EC P-256', () => ecKey, 'ECC_P256_R1', 'STS temporary', temporaryCredentials],
    ['RSA 2048', () => rsaKey, 'RSA_PKCS1_SHA_256', 'STS temporary', temporaryCredentials],
  ] as const)(
    '%s signs (%s, %s credentials) what node:crypto verifies',
    async (_kind, keyId, algorithm, _how, credentials) => {
      const using = await credentials();
      const ca = signer(keyId(), using);
      const spki = await ca.publicKey();
      const signature = await ca.sign(certificateBody, algorithm);
      expect(verifies(spki, certificateBody, signature)).toBe(true);
      const kmsCalls = emulator.calls.filter((call) => call.service === 'kms');
      expect(kmsCalls.map((call) => [call.action, call.code, call.secretId, call.token])).toEqual([
        ['GetPublicKey', 'OK', using.secretId, using.token],
        ['SignByAsymmetricKey', 'OK', using.secretId, using.token],
      ]);
      expect(kmsCalls[1]?.params).toMatchObject({
        KeyId: keyId(),
        Algorithm: algorithm,
        MessageType: 'RAW',
      });
    },
  );

  it('asks GetPublicKey once for many signatures', async () => {
    const ca = signer(rsaKey, staticCredentials());
    await Promise.all([ca.publicKey(), ca.publicKey()]);
    await ca.sign(certificateBody, 'RSA_PKCS1_SHA_256');
    await ca.sign(certificateBody, 'RSA_PKCS1_SHA_256');
    const actions = emulator.calls.map((call) => call.action);
    expect(actions.filter((action) => action === 'GetPublicKey')).toHaveLength(1);
  });

  it('sends a message over 4096 bytes as its SHA-256 digest', async () => {
    const ca = signer(ecKey, staticCredentials());
    const long = Buffer.alloc(5000, 3);
    const signature = await ca.sign(long, 'ECC_P256_R1');
    expect(verifies(await ca.publicKey(), long, signature)).toBe(true);
    expect(emulator.kmsSignatures().at(-1)).toMatchObject({ messageType: 'DIGEST' });
  });

  it('retries throttled signing, then succeeds', async () => {
    const log: string[] = [];
    emulator.injectFault({ type: 'throttle', action: 'SignByAsymmetricKey', times: 2 });
    const ca = signer(ecKey, staticCredentials(), log);
    const signature = await ca.sign(certificateBody, 'ECC_P256_R1');
    expect(verifies(await ca.publicKey(), certificateBody, signature)).toBe(true);
    const signs = emulator.calls.filter((call) => call.action === 'SignByAsymmetricKey');
    expect(signs.map((call) => call.code)).toEqual([
      'RequestLimitExceeded',
      'RequestLimitExceeded',
      'OK',
    ]);
    expect(log.join('\n')).toMatch(
      /SignByAsymmetricKey: attempt 1 of 3 failed \(RequestLimitExceeded/,
    );
  });

  it('retries a 503 from a gateway', async () => {
    emulator.injectFault({ type: 'http-status', action: 'GetPublicKey' });
    await expect(signer(ecKey, staticCredentials()).publicKey()).resolves.toBeInstanceOf(Buffer);
  });

  it('gives up after max-attempts with the throttling advice', async () => {
    emulator.injectFault({ type: 'throttle', action: 'SignByAsymmetricKey', times: 3 });
    const failed = signer(ecKey, staticCredentials()).sign(certificateBody, 'ECC_P256_R1');
    await expect(failed).rejects.toThrow(
      /failed after 3 attempts: RequestLimitExceeded.*raise 'max-attempts'/,
    );
  });
});

describe('kmsCaSigner failures', () => {
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiCallError);
    return (error as ApiCallError).message;
  };

  it.each([
    [
      'a missing key',
      () => '00000000-0000-0000-0000-000000000000',
      /ResourceUnavailable\.CmkNotFound.*does not exist in region ap-guangzhou/,
    ],
    [
      'a disabled key',
      () => emulator.addKmsKey({ state: 'Disabled' }).keyId,
      /ResourceUnavailable\.CmkDisabled.*is disabled/,
    ],
    [
      'a symmetric key',
      () => emulator.addKmsKey({ usage: 'ENCRYPT_DECRYPT' }).keyId,
      /UnsupportedOperation.*ASYMMETRIC_SIGN_VERIFY_ECC/,
    ],
  ])('GetPublicKey of %s says what to do', async (_name, keyId, pattern) => {
    expect(await failure(signer(keyId(), staticCredentials()).publicKey())).toMatch(pattern);
  });

  it('a decryption key cannot sign: the usage advice', async () => {
    const keyId = emulator.addKmsKey({ usage: 'ASYMMETRIC_DECRYPT_RSA_2048' }).keyId;
    const message = await failure(
      signer(keyId, staticCredentials()).sign(certificateBody, 'RSA_PKCS1_SHA_256'),
    );
    expect(message).toMatch(/^SignByAsymmetricKey for KMS key '.*' failed: UnsupportedOperation/);
    expect(message).toMatch(/cannot sign SSH certificates/);
  });

  it('UnauthorizedOperation names kms:SignByAsymmetricKey and kms:GetPublicKey on the key', async () => {
    const credential = emulator.addCredential({ allowedActions: ['GetPublicKey'] });
    const ca = signer(ecKey, { ...credential, source: 'secret-id' });
    const message = await failure(ca.sign(certificateBody, 'ECC_P256_R1'));
    expect(message).toContain('kms:SignByAsymmetricKey and kms:GetPublicKey');
    expect(message).toContain(ecKey);
    expect(message).not.toContain(credential.secretKey);
  });

  it('a keyless role without KMS permission: the advice names the role and both CAM actions', async () => {
    const roleArn = 'qcs::cam::uin/100000000001:roleName/no-kms';
    emulator.addRole({
      roleArn,
      providerId: 'github-actions',
      allowedActions: ['GetSSHKeyPairValue'],
    });
    const answer = (await stsClient(emulator).AssumeRoleWithWebIdentity({
      ProviderId: 'github-actions',
      RoleArn: roleArn,
      RoleSessionName: 'no-kms',
      WebIdentityToken: await oidcToken(emulator),
    })) as { Credentials: { TmpSecretId: string; TmpSecretKey: string; Token: string } };
    const { TmpSecretId, TmpSecretKey, Token } = answer.Credentials;
    const source = `the role ${roleArn} (GitHub OIDC)`;
    const ca = signer(ecKey, {
      secretId: TmpSecretId,
      secretKey: TmpSecretKey,
      token: Token,
      source,
    });
    const message = await failure(ca.publicKey());
    expect(message).toMatch(/^GetPublicKey for KMS key '.*' failed: UnauthorizedOperation/);
    expect(message).toContain(`The CAM identity (${source}) lacks permission`);
    expect(message).toContain('kms:SignByAsymmetricKey and kms:GetPublicKey');
    for (const secret of [TmpSecretKey, Token]) expect(message).not.toContain(secret);
  });

  it.each([
    ['plant', 'SignByAsymmetricKey', 'Signature is not base64'],
    ['invalid-key', 'SignByAsymmetricKey', 'Signature is not a DER ECDSA P-256 signature'],
    ['missing-fields', 'SignByAsymmetricKey', 'Signature is missing'],
    ['invalid-key', 'GetPublicKey', 'PublicKey is not a DER public key'],
    ['missing-fields', 'GetPublicKey', 'PublicKey is missing'],
  ] as const)('a %s fault on %s is a malformed answer', async (type, action, reason) => {
    emulator.injectFault({ type, action, field: 'Signature', value: '::error::planted' });
    const ca = signer(ecKey, staticCredentials());
    const work =
      action === 'GetPublicKey' ? ca.publicKey() : ca.sign(certificateBody, 'ECC_P256_R1');
    const message = await failure(work);
    expect(message).toContain(`malformed (${reason}, RequestId `);
    expect(message).toContain("'kms-endpoint' is a Tencent Cloud KMS endpoint");
    expect(message).not.toContain('::error::');
  });

  it('asks GetPublicKey again after a failed lookup', async () => {
    emulator.injectFault({
      type: 'error',
      code: 'ResourceUnavailable.CmkNotFound',
      action: 'GetPublicKey',
    });
    const ca = signer(ecKey, staticCredentials());
    await expect(ca.publicKey()).rejects.toThrow(/CmkNotFound/);
    await expect(ca.publicKey()).resolves.toBeInstanceOf(Buffer);
  });
});
