import { fieldProblem, requestIdOf } from './answer-fields.js';
import { oneLine } from '../printable.js';
/**
 * What went wrong with one API call, reduced to facts that are safe to print: never a response
 * body, never a raw exception message that could quote one.
 */
export type Failure =
  | { kind: 'api'; code: string; message: string; requestId?: string }
  | { kind: 'http'; status: number; requestId?: string }
  | { kind: 'timeout'; seconds: number }
  | { kind: 'network'; reason: string }
  /** `keyMaterial`: the envelope was fine, but a key field does not hold key text. */
  | { kind: 'malformed'; reason: string; requestId?: string; keyMaterial?: boolean };

interface SdkLikeError {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  httpCode?: unknown;
  requestId?: unknown;
  type?: unknown;
}

/** Tencent codes are CamelCase (`AuthFailure.SignatureFailure`); errno codes are ECONNRESET. */
const TENCENT_CODE = /^[A-Z][a-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/;
/** What Node's own errors carry in `code`: ECONNRESET, ERR_TLS_CERT_ALTNAME_INVALID, UND_ERR_... */
const ERRNO_CODE = /^(E[A-Z0-9_]+|ERR_[A-Z0-9_]+|UND_ERR_[A-Z0-9_]+)$/;
const NETWORK_CODE = /\b(E[A-Z]{3,}[A-Z_]*)\b/;
const TIMEOUT_TEXT = /network timeout|Response timeout|aborted|ETIMEDOUT|timed? ?out/i;

/** Reduces anything the SDK or fetch can throw to a Failure; `timedOut` is our own deadline. */
export function classifyError(error: unknown, timeoutSeconds: number, timedOut: boolean): Failure {
  if (error instanceof MalformedResponse) {
    return { kind: 'malformed', reason: error.reason, requestId: error.requestId };
  }
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkLikeError;
  const text = typeof e.message === 'string' ? e.message : '';
  if (typeof e.httpCode === 'number') {
    return { kind: 'http', status: e.httpCode, requestId: requestIdOf(e.requestId) };
  }
  const answered = answeredFailure(e, text);
  if (answered) return answered;
  // node-fetch's own type first: an invalid-JSON message quotes the body, which may read like anything.
  if (
    e.type === 'invalid-json' ||
    /^invalid json response body/.test(text) ||
    error instanceof SyntaxError
  ) {
    return { kind: 'malformed', reason: 'the response body is not JSON' };
  }
  if (
    timedOut ||
    e.type === 'request-timeout' ||
    e.type === 'body-timeout' ||
    TIMEOUT_TEXT.test(text)
  ) {
    return { kind: 'timeout', seconds: timeoutSeconds };
  }
  if (error instanceof TypeError) {
    return { kind: 'malformed', reason: 'the response lacks the Response envelope' };
  }
  return { kind: 'network', reason: networkReason(text, e.code) };
}

const TLS_TEXT = /certificate|altnames|\bTLS\b|\bSSL\b/i;

/**
 * What the network layer said, reduced to an errno code or a short phrase of the socket or TLS
 * layer. node-fetch words these `request to <url> failed, reason: <system message>`; the system
 * message never carries a response body, but it is capped and kept to one line all the same.
 */
function networkReason(text: string, code: unknown): string {
  const errno =
    NETWORK_CODE.exec(text)?.[1] ??
    (typeof code === 'string' && ERRNO_CODE.test(code) ? code : undefined);
  const reason = (/reason: (.*)$/s.exec(text)?.[1] ?? text)
    .replace(/\s+/g, ' ')
    .replace(/\/\/[^/@\s]*@/g, '//***@')
    .trim();
  if (/socket hang up/i.test(reason))
    return 'the server closed the connection without an answer (socket hang up)';
  if (TLS_TEXT.test(reason)) return `TLS error: ${oneLine(reason, 120)}`;
  return errno ?? 'the connection failed';
}

/**
 * What an error answer reports, or undefined when the error is not one. Only the SDK's API errors
 * carry a RequestId, and only they set `code` to anything but an errno name: the server's words
 * in them are checked against their documented shapes before any is kept.
 */
function answeredFailure(e: SdkLikeError, text: string): Failure | undefined {
  const errno = typeof e.code === 'string' && ERRNO_CODE.test(e.code);
  if (!isText(e.requestId) && (e.code === undefined || errno)) return undefined;
  const requestId = requestIdOf(e.requestId);
  const problem = serverErrorProblem(e);
  if (problem) return { kind: 'malformed', reason: problem, requestId };
  return { kind: 'api', code: e.code as string, message: safeApiMessage(text), requestId };
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** Why an error answer is malformed: a RequestId or Code not of its documented shape. */
function serverErrorProblem(e: SdkLikeError): string | undefined {
  if (e.code === undefined || e.code === null) return 'the error in the response has no Code';
  if (typeof e.code !== 'string' || !TENCENT_CODE.test(e.code)) {
    return 'the error Code in the response is not an error code';
  }
  return fieldProblem('RequestId', e.requestId);
}

/** A response that parsed but lacks what the API documents; raised by our own checks. */
export class MalformedResponse extends Error {
  constructor(
    readonly reason: string,
    readonly requestId?: string,
  ) {
    super(`malformed response: ${reason}`);
    this.name = 'MalformedResponse';
  }
}

/** Tencent's messages are short and ours to show, but cap them and keep them on one line. */
function safeApiMessage(message: string): string {
  return oneLine(message.replace(/\s+/g, ' ').trim(), 300);
}

const RETRYABLE_API = [/^RequestLimitExceeded/, /^InternalError/, /^ServiceUnavailable/];

/** Network errors, timeouts, HTTP 5xx, throttling and internal errors may pass on a retry. */
export function isRetryable(failure: Failure): boolean {
  switch (failure.kind) {
    case 'network':
    case 'timeout':
      return true;
    case 'http':
      return failure.status >= 500 || failure.status === 429;
    case 'api':
      return RETRYABLE_API.some((pattern) => pattern.test(failure.code));
    case 'malformed':
      return false;
  }
}

/**
 * Throttling clears only when the callers spread out: its retries wait THROTTLE_POLICY's
 * 1.5 to 3.5 s, so a burst of parallel jobs does not retry as a burst.
 */
export function isThrottling(failure: Failure): boolean {
  return (
    (failure.kind === 'api' && failure.code.startsWith('RequestLimitExceeded')) ||
    (failure.kind === 'http' && failure.status === 429)
  );
}

/** A short reason for a retry log line. */
export function failureSummary(failure: Failure): string {
  switch (failure.kind) {
    case 'api':
      return `${failure.code}${failure.requestId ? `, RequestId ${failure.requestId}` : ''}`;
    case 'http':
      return `HTTP ${failure.status}`;
    case 'timeout':
      return `no answer within ${failure.seconds} s`;
    case 'network':
      return `network error ${failure.reason}`;
    case 'malformed':
      return `malformed response: ${failure.reason}`;
  }
}
