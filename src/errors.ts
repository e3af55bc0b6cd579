import { adviceFor, httpAdvice, type FailureContext } from './ssm/advice.js';
import type { Failure } from './tencent-api/failure.js';
import { KeyMaterialError } from './ssh-key/key-material-error.js';
import { maskedValues, scrub } from './secrets.js';

export type { FailureContext } from './ssm/advice.js';

/** A failure of the action whose message is safe to print as is. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ActionError';
  }
}

/** One clear message: what failed, the code and RequestId, and what to do next. */
export function describeFailure(failure: Failure, ctx: FailureContext): string {
  const head = `${ctx.action} for ${ctx.subject} failed`;
  const tries = ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : '';
  const rid = (id?: string): string => (id ? `, RequestId ${id}` : '');
  switch (failure.kind) {
    case 'api':
      return (
        `${head}${tries}: ${failure.code}${rid(failure.requestId)}: ${sentence(failure.message || '(no message)')} ` +
        adviceFor(failure.code)(ctx)
      );
    case 'http':
      return (
        `${head}${tries}: HTTP ${failure.status} from ${ctx.endpoint}${rid(failure.requestId)}. ` +
        httpAdvice(failure.status)
      );
    case 'timeout':
      return (
        `${head}${tries}: ${ctx.endpoint} did not answer within ${failure.seconds} s (timed out). ` +
        "Check the network or proxy settings (HTTPS_PROXY, NO_PROXY), or raise 'timeout-seconds'."
      );
    case 'network':
      return (
        `${head}${tries}: could not reach ${ctx.endpoint} (${failure.reason}). ` +
        "Check 'endpoint', DNS, the firewall and proxy settings (HTTPS_PROXY, NO_PROXY)."
      );
    case 'malformed':
      if (failure.keyMaterial) {
        return (
          `${head}: the response holds no usable SSH key (${failure.reason}${rid(failure.requestId)}). ` +
          KEY_ADVICE
        );
      }
      return (
        `${head}: the response from ${ctx.endpoint} was malformed (${failure.reason}${rid(failure.requestId)}). ` +
        "Check that 'endpoint' is a Tencent Cloud SSM endpoint and no proxy rewrites responses."
      );
  }
}

/** SSM generates the key pair itself, so a value that is not a key was damaged on the way. */
const KEY_ADVICE =
  "Check the secret in the SSM console, that 'endpoint' is a Tencent Cloud SSM endpoint, and " +
  'that no proxy rewrites responses.';

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

const BASE64_RUN = /[A-Za-z0-9+/=]{40,}/g;

/**
 * The message of anything thrown, for the top-level handler. Known errors are written to be safe;
 * anything else is scrubbed of every masked value (the registry in secrets.ts, unless `secrets`
 * is given) and of long base64 runs before it is shown.
 */
export function safeMessage(error: unknown, secrets: readonly string[] = maskedValues()): string {
  if (error instanceof ActionError) return error.message;
  const raw = error instanceof Error ? error.message : String(error);
  const text = scrub(raw, secrets);
  // Written never to quote the key, and they may name fingerprints (base64): no run redaction.
  if (error instanceof KeyMaterialError) {
    return `The SSH key in the secret cannot be used: ${sentence(text)} ${KEY_ADVICE}`;
  }
  const name = error instanceof Error ? error.name : 'error';
  return text.replace(BASE64_RUN, '[redacted]') || `Unexpected ${name} without a message`;
}
