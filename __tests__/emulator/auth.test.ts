import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/server.js';
import { codeOf, errorCodeOf, rejectionOf, signedFetch, ssmClient } from './helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    credentials: [
      { secretId: 'AKIDemulatortestkey0000000000000001', secretKey: 'test-secret-key-1' },
      {
        secretId: 'AKIDreadonly',
        secretKey: 'read-only-key',
        allowedActions: ['GetSSHKeyPairValue'],
      },
    ],
  });
  emulator.addSecret({ name: 'existing' });
});
afterAll(() => emulator.close());

const get = { action: 'GetSSHKeyPairValue', params: { SecretName: 'existing' } };

describe('signature verification', () => {
  it('accepts what the SDK signs (host without port, service `127`)', async () => {
    const value = await ssmClient(emulator).GetSSHKeyPairValue({ SecretName: 'existing' });
    expect(value.SSHKeyID).toBe(emulator.getSecret('existing')?.sshKeyId);
    expect(emulator.calls.at(-1)).toMatchObject({ scopeService: '127', auth: 'tc3', code: 'OK' });
  });

  it('accepts a signature over the host with its port', async () => {
    const response = await signedFetch(emulator, get);
    expect(codeOf(response)).toBe('OK');
  });

  it('rejects a wrong secret key from the SDK with AuthFailure.SignatureFailure', async () => {
    const client = ssmClient(emulator, {
      secretId: emulator.credentials.secretId,
      secretKey: 'wrong',
    });
    const error = await rejectionOf(client.GetSSHKeyPairValue({ SecretName: 'existing' }));
    expect(error.code).toBe('AuthFailure.SignatureFailure');
    expect(error.message).not.toContain('wrong');
    expect(error.message).not.toContain(emulator.credentials.secretKey);
  });

  it.each([
    [
      'an unknown SecretId',
      { credential: { secretId: 'AKIDunknown', secretKey: 'x' } },
      'AuthFailure.SecretIdNotFound',
    ],
    // The server reads its clock a moment after the client: +302 stays over 300 across a tick.
    ['a timestamp 301 s old', { clockOffset: -301 }, 'AuthFailure.SignatureExpire'],
    ['a timestamp 302 s ahead', { clockOffset: 302 }, 'AuthFailure.SignatureExpire'],
    ['no Authorization', { authorization: '' }, 'AuthFailure.InvalidAuthorization'],
    [
      'a garbled Authorization',
      { authorization: 'TC3-HMAC-SHA256 garbage' },
      'AuthFailure.InvalidAuthorization',
    ],
    ['Authorization SKIP', { authorization: 'SKIP' }, 'AuthFailure.InvalidAuthorization'],
    [
      'a body changed after signing',
      { sentBody: JSON.stringify({ SecretName: 'other' }) },
      'AuthFailure.SignatureFailure',
    ],
    ['an unknown action', { action: 'DeleteSecret' }, 'InvalidAction'],
    ['no region', { region: null }, 'MissingParameter'],
    ['the STS version', { version: '2018-08-13' }, 'InvalidAction'],
  ])('answers %s with %s', async (_case, change, code) => {
    const response = await signedFetch(emulator, { ...get, ...change });
    expect(codeOf(response)).toBe(code);
    expect(response.RequestId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it.each([-299, 299])('accepts a timestamp %i s off', async (clockOffset) => {
    const response = await signedFetch(emulator, { ...get, clockOffset });
    expect(codeOf(response)).toBe('OK');
  });
});

describe('per-credential allowed actions', () => {
  const readOnly = { secretId: 'AKIDreadonly', secretKey: 'read-only-key' };

  it('allows a listed action', async () => {
    expect(
      await errorCodeOf(
        ssmClient(emulator, readOnly).GetSSHKeyPairValue({ SecretName: 'existing' }),
      ),
    ).toBe('resolved');
  });

  it('answers another action with UnauthorizedOperation', async () => {
    const error = await rejectionOf(
      ssmClient(emulator, readOnly).CreateSSHKeyPairSecret({ SecretName: 'denied', ProjectId: 0 }),
    );
    expect(error.code).toBe('UnauthorizedOperation');
    expect(emulator.getSecret('denied')).toBeUndefined();
  });
});

describe('credentials added later', () => {
  it('work once added', async () => {
    const credential = emulator.addCredential();
    expect(credential.secretId).toMatch(/^AKID[A-Za-z0-9]{32}$/);
    expect(
      await errorCodeOf(
        ssmClient(emulator, credential).GetSSHKeyPairValue({ SecretName: 'existing' }),
      ),
    ).toBe('resolved');
  });
});
