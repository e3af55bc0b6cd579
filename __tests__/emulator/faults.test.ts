import { createPrivateKey } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { normalizeFault } from '../../emulator/faults.js';
import { createRateLimiter } from '../../emulator/rate-limit.js';
import { startEmulator, type Emulator } from '../../emulator/server.js';
import { codeOf, rejectionOf, signedFetch, ssmClient } from './helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
  emulator.addSecret({ name: 'target' });
});
afterAll(() => emulator.close());
afterEach(() => {
  emulator.clearFaults();
  emulator.setRateLimit(null);
  emulator.resetCalls();
});

const getTarget = () => ssmClient(emulator).GetSSHKeyPairValue({ SecretName: 'target' });

describe('faults that answer with an API error', () => {
  it.each([
    [{ type: 'throttle' as const }, 'RequestLimitExceeded'],
    [{ type: 'internal-error' as const }, 'InternalError'],
    [
      { type: 'error' as const, code: 'ResourceUnavailable.NotPurchased', message: 'not bought' },
      'ResourceUnavailable.NotPurchased',
    ],
  ])('%j -> %s, recorded, then the next call succeeds', async (fault, code) => {
    emulator.injectFault(fault);
    const error = await rejectionOf(getTarget());
    expect(error.code).toBe(code);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(emulator.calls.at(-1)).toMatchObject({
      action: 'GetSSHKeyPairValue',
      code,
      fault: fault.type,
    });
    expect((await getTarget()).SSHKeyID).toBe(emulator.getSecret('target')?.sshKeyId);
  });
});

describe('faults that break the transport or the envelope', () => {
  it.each([
    [
      { type: 'http-status' as const, status: 502 },
      (error: { httpCode?: number }) => error.httpCode === 502,
    ],
    [
      { type: 'http-status' as const, status: 503 },
      (error: { httpCode?: number }) => error.httpCode === 503,
    ],
    [
      { type: 'reset' as const },
      (error: { message: string }) => /socket hang up|ECONNRESET/i.test(error.message),
    ],
    [
      { type: 'malformed-json' as const },
      (error: { message: string }) => /json/i.test(error.message),
    ],
    [
      { type: 'missing-response' as const },
      (error: { message: string }) => /Error/.test(error.message),
    ],
  ])('%j makes the SDK call fail without an API code', async (fault, check) => {
    emulator.injectFault(fault);
    const error = await rejectionOf(getTarget());
    expect(error.code).toBeUndefined();
    expect(check(error)).toBe(true);
    expect(emulator.calls.at(-1)?.fault).toBe(fault.type);
  });

  it('serves an HTML body for an HTTP status fault', async () => {
    emulator.injectFault({ type: 'http-status', status: 502 });
    const response = await fetch(`${emulator.url}/`, {
      method: 'POST',
      headers: { 'X-TC-Action': 'GetSSHKeyPairValue' },
      body: '{}',
    });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toMatch(/^<html>/);
  });
});

describe('faults that spoil a successful answer', () => {
  it('missing-fields drops PrivateKey and keeps the rest', async () => {
    emulator.injectFault({ type: 'missing-fields', action: 'GetSSHKeyPairValue' });
    const value = await getTarget();
    expect(value).not.toHaveProperty('PrivateKey');
    expect(value.PublicKey).toBe(emulator.getSecret('target')?.publicKey);
  });

  it('invalid-key returns base64 that is not a key', async () => {
    emulator.injectFault({ type: 'invalid-key' });
    const value = await getTarget();
    expect(value.PrivateKey).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(() => createPrivateKey(Buffer.from(value.PrivateKey ?? '', 'base64'))).toThrow();
  });
});

describe('plant: hostile text in a chosen answer field', () => {
  const HOSTILE = 'x\n::warning::planted';

  it.each(['SSHKeyID', 'SSHKeyName', 'PublicKey'])(
    'overwrites %s and keeps the rest',
    async (field) => {
      emulator.injectFault({ type: 'plant', action: 'GetSSHKeyPairValue', field, value: HOSTILE });
      const value = (await getTarget()) as Record<string, unknown>;
      expect(value[field]).toBe(HOSTILE);
      expect(value.PrivateKey).toBe(emulator.getSecret('target')?.privateKey);
      expect(emulator.calls.at(-1)).toMatchObject({ fault: 'plant' });
    },
  );

  it('overwrites the RequestId of the envelope', async () => {
    emulator.injectFault({ type: 'plant', field: 'RequestId', value: HOSTILE });
    const answer = await signedFetch(emulator, {
      action: 'GetSSHKeyPairValue',
      params: { SecretName: 'target' },
    });
    expect(answer.RequestId).toBe(HOSTILE);
    expect(answer.SSHKeyID).toBe(emulator.getSecret('target')?.sshKeyId);
  });

  it('plants values of any JSON type', async () => {
    emulator.injectFault({ type: 'plant', field: 'ProjectID', value: { nested: HOSTILE } });
    expect(((await getTarget()) as Record<string, unknown>).ProjectID).toEqual({ nested: HOSTILE });
  });

  it('answers an API error with the RequestId an error fault names', async () => {
    emulator.injectFault({ type: 'throttle', requestId: HOSTILE });
    expect((await rejectionOf(getTarget())).requestId).toBe(HOSTILE);
  });

  it('needs a field', () => {
    expect(() => normalizeFault({ type: 'plant', value: 'x' })).toThrow(/needs a `field`/);
  });
});

describe('hang', () => {
  it('never answers, and close() still ends the server promptly', async () => {
    const local = await startEmulator();
    local.addSecret({ name: 'slow' });
    local.injectFault({ type: 'hang' });
    const started = Date.now();
    const error = await rejectionOf(
      ssmClient(local, local.credentials, 1).GetSSHKeyPairValue({ SecretName: 'slow' }),
    );
    expect(error.message).toMatch(/timeout/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    local.injectFault({ type: 'hang' });
    const pending = ssmClient(local, local.credentials, 30).GetSSHKeyPairValue({
      SecretName: 'slow',
    });
    pending.catch(() => undefined);
    await vi.waitFor(() =>
      expect(local.calls.filter((call) => call.code === 'hang')).toHaveLength(2),
    );
    const closeStarted = Date.now();
    await local.close();
    expect(Date.now() - closeStarted).toBeLessThan(2000);
    await expect(pending).rejects.toThrow();
  });
});

describe('fault queue', () => {
  it('hits only the named action', async () => {
    emulator.injectFault({ type: 'throttle', action: 'CreateSSHKeyPairSecret' });
    expect((await getTarget()).PrivateKey).toBeDefined();
    expect(emulator.pendingFaults()).toHaveLength(1);
  });

  it('hits `times` requests, then lets requests through', async () => {
    emulator.injectFault({ type: 'internal-error', times: 2 });
    const codes = [];
    for (let i = 0; i < 3; i += 1)
      codes.push(
        codeOf(
          await signedFetch(emulator, {
            action: 'GetSSHKeyPairValue',
            params: { SecretName: 'target' },
          }),
        ),
      );
    expect(codes).toEqual(['InternalError', 'InternalError', 'OK']);
  });

  it('hits every request with times -1 until cleared', async () => {
    emulator.injectFault({ type: 'throttle', times: -1 });
    for (let i = 0; i < 3; i += 1)
      expect((await rejectionOf(getTarget())).code).toBe('RequestLimitExceeded');
    emulator.clearFaults();
    expect((await getTarget()).SSHKeyID).toBeDefined();
  });

  it.each([
    [{ type: 'explode' }, /unknown fault type/],
    [{ type: 'error' }, /needs a `code`/],
    [{ type: 'throttle', times: 0 }, /times/],
    [{ type: 'throttle', times: 1.5 }, /times/],
  ])('rejects %j', (fault, message) => {
    expect(() => normalizeFault(fault)).toThrow(message);
  });
});

describe('rate limit', () => {
  it('answers RequestLimitExceeded beyond R requests per second, per action', async () => {
    // Rate 2: a token comes back every 500 ms, so a burst of 8 that takes under that lets 2 through.
    emulator.setRateLimit(2);
    const request = () =>
      signedFetch(emulator, { action: 'GetSSHKeyPairValue', params: { SecretName: 'target' } });
    const codes = (await Promise.all(Array.from({ length: 8 }, request))).map(codeOf);
    const ok = codes.filter((code) => code === 'OK').length;
    expect(ok).toBeGreaterThanOrEqual(2);
    expect(ok).toBeLessThanOrEqual(3);
    expect(codes.filter((code) => code === 'RequestLimitExceeded')).toHaveLength(8 - ok);
    expect(emulator.calls.filter((call) => call.code === 'RequestLimitExceeded')).toHaveLength(
      8 - ok,
    );
    const other = await signedFetch(emulator, {
      action: 'CreateSSHKeyPairSecret',
      params: { SecretName: 'rate-other', ProjectId: 0 },
    });
    expect(codeOf(other)).toBe('OK');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(codeOf(await request())).toBe('OK');
  });

  it('refills the token bucket at R per second with bursts up to R', () => {
    let now = 0;
    const limiter = createRateLimiter(2, () => now);
    const take = () => limiter.tryTake('A');
    expect([take(), take(), take()]).toEqual([true, true, false]);
    now = 499;
    expect(take()).toBe(false);
    now = 500;
    expect([take(), take()]).toEqual([true, false]);
    now = 10_000;
    expect([take(), take(), take()]).toEqual([true, true, false]);
    expect(limiter.tryTake('B')).toBe(true);
    limiter.setRate(null);
    expect(Array.from({ length: 50 }, take).every(Boolean)).toBe(true);
  });
});
