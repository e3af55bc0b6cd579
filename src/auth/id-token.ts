import { callApi, type RequestClient } from '../tencent-api/call.js';
import { ActionError } from '../errors.js';
import { failureSummary, isRetryable, type Failure } from '../tencent-api/failure.js';
import { oneLine } from '../printable.js';
import { mask } from '../secrets.js';
import type { Sleep } from '../tencent-api/retry.js';
import { tokenRequester, type TokenRequest } from './token-request.js';

const ID_TOKEN_PERMISSION_HINT =
  "Add 'permissions: id-token: write' to the workflow or to the job (a job-level 'permissions:' " +
  'block replaces the workflow one, and a called reusable workflow needs it from its caller). ' +
  'GitHub never grants it to pull requests from forks.';

/** The log and error name of the token request. */
const TOKEN_CALL = 'Getting the GitHub OIDC token';

export interface IdTokenOptions {
  maxAttempts: number;
  timeoutSeconds: number;
  sleep?: Sleep;
  random?: () => number;
  log?: (line: string) => void;
  /** One request to the runner's token endpoint; tokenRequester's by default. */
  requestToken?: TokenRequest;
  env?: Record<string, string | undefined>;
}

/**
 * The job's GitHub OIDC token for `audience`, masked before it is returned. It goes through the
 * same call path as the Tencent APIs: `timeout-seconds` for each whole answer, `max-attempts` in
 * all, each retry logged; transient failures (HTTP 5xx and 429, network errors, timeouts) are
 * retried, a refusal (401, 403) is not.
 */
export async function fetchIdToken(audience: string, options: IdTokenOptions): Promise<string> {
  const env = options.env ?? process.env;
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !bearer) {
    throw new ActionError(
      'The job cannot request a GitHub OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL and ' +
        `ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set. ${ID_TOKEN_PERMISSION_HINT}`,
    );
  }
  mask(bearer);
  const requestToken = options.requestToken ?? tokenRequester(url, bearer);
  const client: RequestClient = {
    request: (_action, _params, { signal }) => requestToken(audience, signal),
  };
  const token = await callApi<string>(
    client,
    TOKEN_CALL,
    {},
    {
      maxAttempts: options.maxAttempts,
      timeoutSeconds: options.timeoutSeconds,
      describe: (failure, { attempts }) => describeTokenFailure(failure, audience, attempts),
      sleep: options.sleep,
      random: options.random,
      log: options.log,
    },
  );
  mask(token);
  return token;
}

/** What failed and what to do next; never the token or the service's error text. */
export function describeTokenFailure(failure: Failure, audience: string, attempts: number): string {
  const head =
    `Getting the GitHub OIDC token for audience '${audience}' failed` +
    `${attempts > 1 ? ` after ${attempts} attempts` : ''} (${failureSummary(failure)}).`;
  if (failure.kind === 'http' && (failure.status === 401 || failure.status === 403)) {
    return `${head} GitHub refused to issue a token to this job. ${ID_TOKEN_PERMISSION_HINT}`;
  }
  if (failure.kind === 'timeout') {
    return (
      `${head} The GitHub token service did not answer in time: check the proxy settings ` +
      "(HTTPS_PROXY, NO_PROXY), re-run the job later, or raise 'timeout-seconds' or 'max-attempts'."
    );
  }
  if (isRetryable(failure)) {
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
