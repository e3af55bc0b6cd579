import { describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({
  info: vi.fn(),
  debug: vi.fn(),
  warning: vi.fn(),
  setSecret: vi.fn(),
}));

import * as core from '@actions/core';
import {
  ApiCallError,
  SETTLE_ATTEMPTS,
  callApi,
  type CallOptions,
  type RequestClient,
} from '../../src/tencent-api/call.js';
import { ActionError } from '../../src/errors.js';
import { describeFailure } from '../../src/tencent-api/describe-failure.js';
import { SSM_ADVICE } from '../../src/ssm/advice.js';

const WHERE = {
  subject: "secret 'deploy-key'",
  region: 'ap-guangzhou',
  endpoint: 'https://ssm.tencentcloudapi.com',
};

/** The shape AbstractClient.parseResponse throws for an API error. */
function apiError(code: string, message = `${code} happened`, requestId = 'rid-42'): Error {
  return Object.assign(new Error(message), { code, requestId, traceId: 't' });
}

type Step = { reply: unknown } | { error: unknown } | 'hang';

/** A client that plays one step per request and records what it was asked. */
function fakeClient(steps: Step[]) {
  const calls: { action: string; params: object; signal: AbortSignal; skipSign?: boolean }[] = [];
  const client: RequestClient = {
    request(action, params, { signal, skipSign }) {
      calls.push({ action, params, signal, skipSign });
      const step = steps[Math.min(calls.length, steps.length) - 1];
      if (step === undefined) return Promise.reject(new Error('no step scripted'));
      if (step === 'hang') {
        // Like node-fetch: nothing happens until the signal aborts the request.
        return new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () =>
            reject(Object.assign(new Error('The user aborted a request.'), { type: 'aborted' })),
          ),
        );
      }
      return 'error' in step ? Promise.reject(step.error) : Promise.resolve(step.reply);
    },
  };
  return { client, calls };
}

function options(overrides: Partial<CallOptions> = {}) {
  const lines: string[] = [];
  const sleeps: number[] = [];
  const opts: CallOptions = {
    maxAttempts: 5,
    timeoutSeconds: 30,
    describe: (failure, end) => describeFailure(failure, { ...WHERE, ...end }, SSM_ADVICE),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    log: (line) => lines.push(line),
    ...overrides,
  };
  return { opts, lines, sleeps };
}

async function rejection(promise: Promise<unknown>): Promise<ApiCallError> {
  const error = await promise.then(
    () => expect.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiCallError);
  expect(error).toBeInstanceOf(ActionError);
  return error as ApiCallError;
}

describe('callApi', () => {
  it('passes the action, params, a signal and skipSign to the client', async () => {
    const { client, calls } = fakeClient([{ reply: { SSHKeyID: 'skey-1' } }]);
    const { opts } = options({ skipSign: true });
    await expect(callApi(client, 'GetSSHKeyPairValue', { SecretName: 'k' }, opts)).resolves.toEqual(
      {
        SSHKeyID: 'skey-1',
      },
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      action: 'GetSSHKeyPairValue',
      params: { SecretName: 'k' },
      skipSign: true,
    });
    expect(calls[0]?.signal).toBeInstanceOf(AbortSignal);
    expect(calls[0]?.signal.aborted).toBe(false);
  });

  it('retries RequestLimitExceeded, logging one line per retry, then succeeds', async () => {
    const throttled = { error: apiError('RequestLimitExceeded') };
    const { client, calls } = fakeClient([throttled, throttled, { reply: { ok: 1 } }]);
    const { opts, lines, sleeps } = options();
    await expect(callApi(client, 'GetSSHKeyPairValue', {}, opts)).resolves.toEqual({ ok: 1 });
    expect(calls).toHaveLength(3);
    // Throttling waits 1.5 s plus up to 2 s at random (0.5 here), the same window every time.
    expect(sleeps).toEqual([2500, 2500]);
    expect(lines).toEqual([
      'GetSSHKeyPairValue: attempt 1 of 5 failed (RequestLimitExceeded, RequestId rid-42); retrying in 2500 ms',
      'GetSSHKeyPairValue: attempt 2 of 5 failed (RequestLimitExceeded, RequestId rid-42); retrying in 2500 ms',
    ]);
    expect(core.info).not.toHaveBeenCalled();
  });

  it('fails after one call on AuthFailure, with code, RequestId and advice', async () => {
    const { client, calls } = fakeClient([{ error: apiError('AuthFailure.SignatureFailure') }]);
    const { opts, lines, sleeps } = options();
    const error = await rejection(callApi(client, 'GetSSHKeyPairValue', {}, opts));
    expect(calls).toHaveLength(1);
    expect(lines).toEqual([]);
    expect(sleeps).toEqual([]);
    expect(error.code).toBe('AuthFailure.SignatureFailure');
    expect(error.failure).toMatchObject({ kind: 'api', requestId: 'rid-42' });
    expect(error.message).toContain('AuthFailure.SignatureFailure, RequestId rid-42');
    expect(error.message).toContain('secret-id and secret-key');
  });

  it('stops at maxAttempts and says how many were made', async () => {
    const { client, calls } = fakeClient([{ error: apiError('InternalError') }]);
    const { opts, lines } = options({ maxAttempts: 3 });
    const error = await rejection(callApi(client, 'CreateSSHKeyPairSecret', {}, opts));
    expect(calls).toHaveLength(3);
    expect(lines).toHaveLength(2);
    expect(error.message).toContain('CreateSSHKeyPairSecret for secret');
    expect(error.message).toContain('after 3 attempts: InternalError');
  });

  it.each([
    ['HTTP 503', Object.assign(new Error('Service Unavailable'), { httpCode: 503 }), 'HTTP 503'],
    [
      'a refused connection',
      new Error(
        'request to https://ssm.tencentcloudapi.com/ failed, reason: connect ECONNREFUSED 1.2.3.4:443',
      ),
      'network error ECONNREFUSED',
    ],
  ])('retries %s', async (_label, error, reason) => {
    const { client, calls } = fakeClient([{ error }, { reply: {} }]);
    const { opts, lines } = options();
    await callApi(client, 'GetSSHKeyPairValue', {}, opts);
    expect(calls).toHaveLength(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`(${reason})`);
    expect(lines[0]).toMatch(/retrying in \d+ ms$/);
  });

  it('retries what alsoRetry accepts, and nothing else', async () => {
    const missing = { error: apiError('ResourceNotFound') };
    const alsoRetry = vi.fn((f: { kind: string }) => f.kind === 'api');
    const first = fakeClient([missing, { reply: { ok: 1 } }]);
    await callApi(first.client, 'GetSSHKeyPairValue', {}, options({ alsoRetry }).opts);
    expect(first.calls).toHaveLength(2);
    const second = fakeClient([missing, { reply: { ok: 1 } }]);
    const error = await rejection(callApi(second.client, 'GetSSHKeyPairValue', {}, options().opts));
    expect(second.calls).toHaveLength(1);
    expect(error.message).toContain("'mode: get-or-create'");
  });

  it('waits out settling failures at least SETTLE_ATTEMPTS times, with a minimum wait', async () => {
    const missing = { error: apiError('ResourceNotFound') };
    const settling = (f: { kind: string }) => f.kind === 'api';
    const { client, calls } = fakeClient([
      missing,
      missing,
      missing,
      missing,
      { reply: { ok: 1 } },
    ]);
    const { opts, lines, sleeps } = options({ maxAttempts: 1, settling, random: () => 0 });
    await expect(callApi(client, 'GetSSHKeyPairValue', {}, opts)).resolves.toEqual({ ok: 1 });
    expect(calls).toHaveLength(SETTLE_ATTEMPTS);
    expect(sleeps).toEqual([250, 500, 1000, 2000]);
    expect(lines[0]).toBe(
      'GetSSHKeyPairValue: attempt 1 of 5 failed (ResourceNotFound, RequestId rid-42); retrying in 250 ms',
    );
  });

  it('gives up on a settling failure after SETTLE_ATTEMPTS', async () => {
    const { client, calls } = fakeClient([{ error: apiError('ResourceNotFound') }]);
    const settling = () => true;
    const { opts } = options({ maxAttempts: 2, settling });
    const error = await rejection(callApi(client, 'GetSSHKeyPairValue', {}, opts));
    expect(calls).toHaveLength(SETTLE_ATTEMPTS);
    expect(error.message).toContain(`after ${SETTLE_ATTEMPTS} attempts: ResourceNotFound`);
  });

  it('never puts a quoted response body into the error or the log', async () => {
    const body = 'MIIEpAIBAA';
    const invalidJson = Object.assign(
      new Error(
        `invalid json response body at https://x/ reason: Unexpected token 'M', "${body}" is not valid JSON`,
      ),
      { type: 'invalid-json' },
    );
    const { client } = fakeClient([{ error: invalidJson }]);
    const { opts, lines } = options();
    const error = await rejection(callApi(client, 'GetSSHKeyPairValue', {}, opts));
    expect(error.message).toContain('malformed');
    expect(error.message).not.toContain(body);
    expect(lines.join('\n')).not.toContain(body);
  });

  it('bounds a hanging request by timeoutSeconds', async () => {
    const { client, calls } = fakeClient(['hang']);
    const { opts } = options({ timeoutSeconds: 1, maxAttempts: 1 });
    const started = Date.now();
    const error = await rejection(callApi(client, 'GetSSHKeyPairValue', {}, opts));
    const elapsed = Date.now() - started;
    expect(calls).toHaveLength(1);
    expect(calls[0]?.signal.aborted).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(5_000);
    expect(error.failure).toEqual({ kind: 'timeout', seconds: 1 });
    expect(error.message).toContain('timed out');
    expect(error.message).toContain('within 1 s');
  });

  it('retries a timed-out request with a fresh deadline', async () => {
    const { client, calls } = fakeClient(['hang', { reply: { ok: 1 } }]);
    const { opts, lines } = options({ timeoutSeconds: 1, maxAttempts: 2 });
    await expect(callApi(client, 'GetSSHKeyPairValue', {}, opts)).resolves.toEqual({ ok: 1 });
    expect(calls).toHaveLength(2);
    expect(calls[1]?.signal).not.toBe(calls[0]?.signal);
    expect(lines).toEqual([
      'GetSSHKeyPairValue: attempt 1 of 2 failed (no answer within 1 s); retrying in 250 ms',
    ]);
  });
});
