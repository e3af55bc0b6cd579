import { sentence } from './printable.js';
import { KeyMaterialError } from './ssh-key/key-material-error.js';
import { maskedValues, scrub } from './secrets.js';

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

/** The message of anything thrown, as it is: not scrubbed (safeMessage is, for the top level). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** SSM generates the key pair itself, so a value that is not a key was damaged on the way. */
export const KEY_ADVICE =
  "Check the secret in the SSM console, that 'endpoint' is a Tencent Cloud SSM endpoint, and " +
  'that no proxy rewrites responses.';

const BASE64_RUN = /[A-Za-z0-9+/=]{40,}/g;

/**
 * The message of anything thrown, for the top-level handler. Known errors are written to be safe;
 * anything else is scrubbed of every masked value (the registry in secrets.ts, unless `secrets`
 * is given) and of long base64 runs before it is shown.
 */
export function safeMessage(error: unknown, secrets: readonly string[] = maskedValues()): string {
  if (error instanceof ActionError) return error.message;
  const text = scrub(errorMessage(error), secrets);
  // Written never to quote the key, and they may name fingerprints (base64): no run redaction.
  if (error instanceof KeyMaterialError) {
    return `The SSH key in the secret cannot be used: ${sentence(text)} ${KEY_ADVICE}`;
  }
  const name = error instanceof Error ? error.name : 'error';
  return text.replace(BASE64_RUN, '[redacted]') || `Unexpected ${name} without a message`;
}
