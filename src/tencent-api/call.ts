import * as core from '@actions/core';
import { ActionError } from '../errors.js';
import {
  classifyError,
  failureSummary,
  isRetryable,
  isThrottling,
  type Failure,
} from './failure.js';
import {
  DEFAULT_POLICY,
  THROTTLE_POLICY,
  RetriesExhausted,
  withRetry,
  type RetryHooks,
  type Sleep,
} from './retry.js';

/** The one SDK method we use: AbstractClient.request(action, params, {signal}). */
export interface RequestClient {
  request(
    action: string,
    params: object,
    options: { signal: AbortSignal; skipSign?: boolean },
  ): Promise<unknown>;
}

/** What callApi knows of a call that failed for good, for the caller's message. */
interface CallEnd {
  action: string;
  attempts: number;
}

export interface CallOptions {
  maxAttempts: number;
  timeoutSeconds: number;
  /** The message of a failure that retries did not cure: what failed and what to do next. */
  describe: (failure: Failure, end: CallEnd) => string;
  /** Failures that should also be retried for this call, like the retryable ones. */
  alsoRetry?: (failure: Failure) => boolean;
  /**
   * Failures that mean "not visible yet" (a read right after a create): waited out with a
   * minimum wait per retry and at least SETTLE_ATTEMPTS attempts, whatever max-attempts says,
   * because they are not errors but the service catching up.
   */
  settling?: (failure: Failure) => boolean;
  /** Unsigned call (STS AssumeRoleWithWebIdentity): the SDK sends `Authorization: SKIP`. */
  skipSign?: boolean;
  sleep?: Sleep;
  random?: () => number;
  log?: (line: string) => void;
}

/** An API call that failed for good; the message is safe to print and says what to do. */
export class ApiCallError extends ActionError {
  constructor(
    readonly failure: Failure,
    message: string,
    /** How many requests were made before giving up. */
    readonly attempts = 1,
  ) {
    super(message, failure.kind === 'api' ? failure.code : undefined);
    this.name = 'ApiCallError';
  }
}

/** Attempts for a settling failure: with equal jitter, at least 3.75 s of waits in all. */
export const SETTLE_ATTEMPTS = 5;

type Thrown = { error: unknown; timedOut: boolean };

/** Calls one API action with a deadline per attempt and retries by error class. */
export async function callApi<T>(
  client: RequestClient,
  action: string,
  params: object,
  options: CallOptions,
): Promise<T> {
  const attempt = async (): Promise<T> => {
    const signal = AbortSignal.timeout(options.timeoutSeconds * 1000);
    try {
      return (await client.request(action, params, { signal, skipSign: options.skipSign })) as T;
    } catch (error) {
      throw { error, timedOut: signal.aborted } satisfies Thrown;
    }
  };
  try {
    return await withRetry(attempt, retryHooks(action, options));
  } catch (error) {
    if (!(error instanceof RetriesExhausted)) throw error;
    const failure = error.failure as Failure;
    const message = options.describe(failure, { action, attempts: error.attempts });
    throw new ApiCallError(failure, message, error.attempts);
  }
}

/** Which failures are retried, how often and how long to wait; one log line per retry. */
function retryHooks(action: string, options: CallOptions): RetryHooks<Failure> {
  const log = options.log ?? core.info;
  const settling = (failure: Failure): boolean => options.settling?.(failure) ?? false;
  const attemptsFor = (failure: Failure): number =>
    settling(failure) ? Math.max(SETTLE_ATTEMPTS, options.maxAttempts) : options.maxAttempts;
  return {
    policy: { ...DEFAULT_POLICY, maxAttempts: options.maxAttempts },
    classify: (thrown) => {
      const { error, timedOut } = thrown as Thrown;
      return classifyError(error, options.timeoutSeconds, timedOut);
    },
    isRetryable: (failure) =>
      isRetryable(failure) || (options.alsoRetry?.(failure) ?? false) || settling(failure),
    attemptsFor,
    backoffFor: (failure) => (isThrottling(failure) ? THROTTLE_POLICY : DEFAULT_POLICY),
    jitterFloor: (failure) => (settling(failure) ? 0.5 : 0),
    onRetry: (failure, n, delayMs) =>
      log(
        `${action}: attempt ${n} of ${attemptsFor(failure)} failed (${failureSummary(failure)}); ` +
          `retrying in ${delayMs} ms`,
      ),
    sleep: options.sleep,
    random: options.random,
  };
}
