import * as core from '@actions/core';
import { ActionError } from './errors.js';
import { oneLine } from './printable.js';
import { DEFAULT_POLICY, RetriesExhausted, withRetry, type Sleep } from './retry.js';

/** Why a token request failed, without the error text (it may quote a response body). */
export type TokenFailure =
  { kind: 'http'; status: number } | { kind: 'network' } | { kind: 'malformed' };

export const ID_TOKEN_PERMISSION_HINT =
  "Add 'permissions: id-token: write' to the workflow or to the job (a job-level 'permissions:' " +
  'block replaces the workflow one, and a called reusable workflow needs it from its caller). ' +
  'GitHub never grants it to pull requests from forks.';

export interface IdTokenOptions {
  maxAttempts: number;
  sleep?: Sleep;
  random?: () => number;
  log?: (line: string) => void;
  /** core.getIDToken by default. */
  getIdToken?: (audience: string) => Promise<string>;
  env?: Record<string, string | undefined>;
}

/**
 * The job's GitHub OIDC token for `audience`, masked before it is returned. Transient failures
 * (HTTP 5xx and 429, network errors) are retried; a refusal (401, 403) is not.
 */
export async function fetchIdToken(audience: string, options: IdTokenOptions): Promise<string> {
  const env = options.env ?? process.env;
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new ActionError(
      'The job cannot request a GitHub OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL and ' +
        `ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set. ${ID_TOKEN_PERMISSION_HINT}`,
    );
  }
  const getIdToken = options.getIdToken ?? core.getIDToken;
  const log = options.log ?? core.info;
  try {
    const token = await withRetry(() => getIdToken(audience), {
      policy: { ...DEFAULT_POLICY, maxAttempts: options.maxAttempts },
      classify: classifyTokenError,
      isRetryable: isRetryableTokenFailure,
      onRetry: (failure, n, delayMs) =>
        log(
          `Getting the GitHub OIDC token: attempt ${n} of ${options.maxAttempts} failed ` +
            `(${summary(failure)}); retrying in ${delayMs} ms`,
        ),
      sleep: options.sleep,
      random: options.random,
    });
    core.setSecret(token);
    return token;
  } catch (error) {
    if (!(error instanceof RetriesExhausted)) throw error;
    throw new ActionError(describeTokenFailure(error.failure, audience, error.attempts));
  }
}

/** Reads @actions/core's error text ("Error Code : 403") without keeping any of it. */
export function classifyTokenError(error: unknown): TokenFailure {
  const text = error instanceof Error ? error.message : String(error);
  const status = /Error Code : (\d{3})\b/.exec(text)?.[1];
  if (status) return { kind: 'http', status: Number(status) };
  if (/do not have ID Token field/.test(text)) return { kind: 'malformed' };
  return { kind: 'network' };
}

export function isRetryableTokenFailure(failure: TokenFailure): boolean {
  if (failure.kind === 'network') return true;
  return failure.kind === 'http' && (failure.status >= 500 || failure.status === 429);
}

function summary(failure: TokenFailure): string {
  if (failure.kind === 'http') return `HTTP ${failure.status}`;
  return failure.kind === 'network' ? 'a network error' : 'an answer without a token';
}

/** What failed and what to do next; never the token or the service's error text. */
export function describeTokenFailure(
  failure: TokenFailure,
  audience: string,
  attempts: number,
): string {
  const head =
    `Getting the GitHub OIDC token for audience '${audience}' failed` +
    `${attempts > 1 ? ` after ${attempts} attempts` : ''} (${summary(failure)}).`;
  if (failure.kind === 'http' && (failure.status === 401 || failure.status === 403)) {
    return `${head} GitHub refused to issue a token to this job. ${ID_TOKEN_PERMISSION_HINT}`;
  }
  if (isRetryableTokenFailure(failure)) {
    return (
      `${head} The GitHub token service did not answer: re-run the job later, or raise ` +
      "'max-attempts'."
    );
  }
  return `${head} Check that nothing in the job overrides ACTIONS_ID_TOKEN_REQUEST_URL.`;
}

/** Claims worth showing when STS rejects a token: who the job is, not the token itself. */
export interface TokenClaims {
  sub?: string;
  aud?: string;
  iss?: string;
  /** Unix seconds. */
  exp?: number;
}

/** Decodes (never verifies) a JWT's payload for error messages; {} when it is not a JWT. */
export function readTokenClaims(token: string): TokenClaims {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    // The claims are quoted in messages: one line each, whatever the token holds.
    const text = (value: unknown) => (typeof value === 'string' ? oneLine(value, 200) : undefined);
    const aud = Array.isArray(claims.aud)
      ? text(claims.aud.map(String).join(', '))
      : text(claims.aud);
    const exp = typeof claims.exp === 'number' ? claims.exp : undefined;
    return { sub: text(claims.sub), aud, iss: text(claims.iss), exp };
  } catch {
    return {};
  }
}
