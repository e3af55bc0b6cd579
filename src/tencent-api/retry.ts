/** Exponential backoff with full jitter: wait a random time in [0, min(cap, base * 2^n)). */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Added to every wait: the shortest time worth waiting before trying again. */
  minDelayMs?: number;
}

export type Backoff = Omit<RetryPolicy, 'maxAttempts'>;

export const DEFAULT_POLICY: Backoff = {
  baseDelayMs: 500,
  maxDelayMs: 8_000,
};

/**
 * Throttling: Tencent Cloud counts its limit (20 requests/s per API) per wall-clock second, so a
 * retry within the same second is likely throttled again. Every retry waits a fresh random
 * 1.5 to 3.5 s (the ceiling does not grow): four waits outlast 6 s of backlog at least and 10 s on
 * average. Chosen by scripts/bench/backoff-sim.ts: the simplest candidate with which no simulated
 * job ran out of attempts, and the lowest makespan of parallel jobs (at most 1.23x what no backoff
 * can beat for 40 jobs at 5/s and 20 to 400 at 20/s, 1.45x for short backlogs started at once).
 */
export const THROTTLE_POLICY: Backoff = {
  minDelayMs: 1_500,
  baseDelayMs: 2_000,
  maxDelayMs: 2_000,
};

/**
 * Delay before retry number `retry` (1 for the first retry); `random` returns [0, 1). `floor`
 * (a fraction of the ceiling, 0 for full jitter) guarantees a minimum wait.
 */
export function backoffDelayMs(
  retry: number,
  policy: RetryPolicy,
  random: () => number,
  floor = 0,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return (policy.minDelayMs ?? 0) + Math.floor(ceiling * (floor + random() * (1 - floor)));
}

export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryHooks<F> {
  policy: RetryPolicy;
  /** Reduces a thrown error to a failure value (must not keep raw messages). */
  classify: (error: unknown) => F;
  isRetryable: (failure: F) => boolean;
  /** Called before each wait, so the log names the reason and the wait. */
  onRetry: (failure: F, attempt: number, delayMs: number) => void;
  /** Attempts allowed once this failure happened; policy.maxAttempts by default. */
  attemptsFor?: (failure: F) => number;
  /** The backoff for this failure; hooks.policy's by default. */
  backoffFor?: (failure: F) => Backoff;
  /** Minimum wait after this failure, as a fraction of the backoff ceiling; 0 by default. */
  jitterFloor?: (failure: F) => number;
  sleep?: Sleep;
  random?: () => number;
}

/** The last failure after all attempts, with how many were made. */
export class RetriesExhausted<F> extends Error {
  constructor(
    readonly failure: F,
    readonly attempts: number,
  ) {
    super(`failed after ${attempts} attempt(s)`);
    this.name = 'RetriesExhausted';
  }
}

/** Runs `call` until it succeeds, fails with a non-retryable failure, or attempts run out. */
export async function withRetry<T, F>(call: () => Promise<T>, hooks: RetryHooks<F>): Promise<T> {
  const sleep = hooks.sleep ?? realSleep;
  const random = hooks.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = hooks.classify(error);
      const attempts = hooks.attemptsFor?.(failure) ?? hooks.policy.maxAttempts;
      if (!hooks.isRetryable(failure) || attempt >= attempts) {
        throw new RetriesExhausted(failure, attempt);
      }
      const floor = hooks.jitterFloor?.(failure) ?? 0;
      const policy = { ...hooks.policy, ...hooks.backoffFor?.(failure) };
      const delayMs = backoffDelayMs(attempt, policy, random, floor);
      hooks.onRetry(failure, attempt, delayMs);
      await sleep(delayMs);
    }
  }
}
