import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_POLICY,
  RetriesExhausted,
  THROTTLE_POLICY,
  backoffDelayMs,
  withRetry,
  type RetryHooks,
  type RetryPolicy,
} from '../../src/tencent-api/retry.js';

const POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8_000 };
const ALMOST_ONE = 1 - Number.EPSILON;

describe('backoffDelayMs', () => {
  it.each([
    [1, 500],
    [2, 1_000],
    [3, 2_000],
    [4, 4_000],
    [5, 8_000],
    [6, 8_000],
    [30, 8_000],
  ])('retry %d waits in [0, %d)', (retry, ceiling) => {
    expect(backoffDelayMs(retry, POLICY, () => 0)).toBe(0);
    expect(backoffDelayMs(retry, POLICY, () => ALMOST_ONE)).toBe(ceiling - 1);
    expect(backoffDelayMs(retry, POLICY, () => 0.5)).toBe(ceiling / 2);
  });

  it('stays within bounds for many random draws', () => {
    for (let retry = 1; retry <= 8; retry++) {
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelayMs(retry, POLICY, Math.random);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(Math.min(8_000, 500 * 2 ** (retry - 1)));
      }
    }
  });

  it('uses a sensible default policy', () => {
    expect(DEFAULT_POLICY.baseDelayMs).toBeGreaterThan(0);
    expect(DEFAULT_POLICY.maxDelayMs).toBeGreaterThanOrEqual(DEFAULT_POLICY.baseDelayMs);
  });
});

type Outcome = 'ok' | 'retryable' | 'fatal';

/** A call that plays `script` one outcome per attempt, and hooks that record what happened. */
function scripted(script: Outcome[], maxAttempts = 5) {
  let calls = 0;
  const call = vi.fn(async () => {
    const outcome = script[calls++] ?? 'ok';
    if (outcome === 'ok') return `result after ${calls}`;
    throw new Error(outcome);
  });
  const sleep = vi.fn(async (_ms: number) => undefined);
  const onRetry = vi.fn();
  const hooks: RetryHooks<string> = {
    policy: { ...POLICY, maxAttempts },
    classify: (error) => (error instanceof Error ? error.message : 'unknown'),
    isRetryable: (failure) => failure === 'retryable',
    onRetry,
    sleep,
    random: () => 0.5,
  };
  return { call, sleep, onRetry, hooks };
}

async function exhausted(promise: Promise<unknown>): Promise<RetriesExhausted<string>> {
  const error = await promise.then(
    () => expect.fail('expected the retries to run out'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RetriesExhausted);
  return error as RetriesExhausted<string>;
}

describe('withRetry', () => {
  it('returns the first success without waiting', async () => {
    const { call, sleep, onRetry, hooks } = scripted(['ok']);
    await expect(withRetry(call, hooks)).resolves.toBe('result after 1');
    expect(sleep).not.toHaveBeenCalled();
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('retries retryable failures, then succeeds', async () => {
    const { call, sleep, onRetry, hooks } = scripted(['retryable', 'retryable', 'ok']);
    await expect(withRetry(call, hooks)).resolves.toBe('result after 3');
    expect(call).toHaveBeenCalledTimes(3);
    expect(onRetry.mock.calls).toEqual([
      ['retryable', 1, 250],
      ['retryable', 2, 500],
    ]);
    expect(sleep.mock.calls).toEqual([[250], [500]]);
  });

  it('calls onRetry before each wait', async () => {
    const order: string[] = [];
    const { call, hooks } = scripted(['retryable', 'ok']);
    hooks.onRetry = () => order.push('onRetry');
    hooks.sleep = async () => {
      order.push('sleep');
    };
    await withRetry(call, hooks);
    expect(order).toEqual(['onRetry', 'sleep']);
  });

  it('does not retry a non-retryable failure', async () => {
    const { call, sleep, onRetry, hooks } = scripted(['fatal', 'ok']);
    const error = await exhausted(withRetry(call, hooks));
    expect(error.failure).toBe('fatal');
    expect(error.attempts).toBe(1);
    expect(call).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('stops a retry series at a non-retryable failure', async () => {
    const { call, hooks } = scripted(['retryable', 'fatal', 'ok']);
    const error = await exhausted(withRetry(call, hooks));
    expect(error).toMatchObject({ failure: 'fatal', attempts: 2 });
  });

  it('gives a failure the attempts and minimum wait its hooks ask for', async () => {
    const { call, sleep, hooks } = scripted(Array(10).fill('retryable'), 2);
    hooks.attemptsFor = () => 4;
    hooks.jitterFloor = () => 0.5;
    hooks.random = () => 0;
    const error = await exhausted(withRetry(call, hooks));
    expect(error.attempts).toBe(4);
    // Equal jitter: at least half of each ceiling (500 ms base).
    expect(sleep.mock.calls).toEqual([[250], [500], [1000]]);
  });

  it.each([1, 2, 3, 5])('stops after maxAttempts = %d', async (maxAttempts) => {
    const { call, sleep, onRetry, hooks } = scripted(Array(10).fill('retryable'), maxAttempts);
    const error = await exhausted(withRetry(call, hooks));
    expect(error).toMatchObject({ failure: 'retryable', attempts: maxAttempts });
    expect(error.message).toContain(`${maxAttempts} attempt`);
    expect(call).toHaveBeenCalledTimes(maxAttempts);
    expect(sleep).toHaveBeenCalledTimes(maxAttempts - 1);
    expect(onRetry.mock.calls.map((c: unknown[]) => c[1])).toEqual(
      Array.from({ length: maxAttempts - 1 }, (_, i) => i + 1),
    );
  });

  it('uses the injected random for full jitter', async () => {
    const { call, sleep, hooks } = scripted(['retryable', 'retryable', 'retryable', 'ok']);
    const draws = [0, ALMOST_ONE, 0.25];
    hooks.random = () => draws.shift() ?? 0;
    await withRetry(call, hooks);
    expect(sleep.mock.calls).toEqual([[0], [999], [500]]);
  });
});

describe('THROTTLE_POLICY', () => {
  it.each([
    [1, 0, 1500],
    [1, 0.5, 2500],
    [1, 0.999, 3498],
    [2, 0, 1500],
    [4, 0.5, 2500],
    [4, 0.999, 3498],
  ])('retry %i with random %f waits %i ms (1.5 to 3.5 s, never growing)', (retry, r, expected) => {
    const policy = { ...THROTTLE_POLICY, maxAttempts: 5 };
    expect(backoffDelayMs(retry, policy, () => r)).toBe(expected);
  });
});
