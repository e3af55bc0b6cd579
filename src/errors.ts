import type { Failure } from './failure.js';

/** Where a failure happened, for messages that say what to do next. */
export interface FailureContext {
  /** API action, e.g. GetSSHKeyPairValue */
  action: string;
  /** What the call was about, e.g. "secret 'deploy-key'" */
  subject: string;
  region: string;
  endpoint: string;
  attempts: number;
}

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

type Advice = (ctx: FailureContext) => string;

const CREDENTIALS = 'Check secret-id and secret-key (or the TENCENTCLOUD_* variables) for this account.';
const POLICY: Advice = (ctx) =>
  `The CAM identity lacks permission: its policy must allow ssm:${ctx.action} on ${ctx.subject} ` +
  `(qcs::ssm:${ctx.region}:uin/<account>:secret/<name>).`;

/** Every code GetSSHKeyPairValue and CreateSSHKeyPairSecret document, plus the common ones. */
const ADVICE: Record<string, Advice> = {
  ResourceNotFound: (ctx) =>
    `${cap(ctx.subject)} does not exist in region ${ctx.region}. Check 'region' and the name, or set ` +
    "'mode: get-or-create' to create it on first use.",
  'ResourceInUse.SecretExists': (ctx) =>
    `${cap(ctx.subject)} already exists in region ${ctx.region}. Use 'mode: get' or ` +
    "'mode: get-or-create' to reuse it, or choose another 'secret-name'.",
  'ResourceInUse.VersionIdExists': (ctx) => `${cap(ctx.subject)} already has that version; choose another 'secret-name'.`,
  'ResourceUnavailable.NotPurchased': () =>
    'Secrets Manager (SSM) is not activated for this account: activate it in the Tencent Cloud console first.',
  'ResourceUnavailable.ResourceDisabled': (ctx) => `${cap(ctx.subject)} is disabled: enable it in the SSM console.`,
  'ResourceUnavailable.ResourcePendingDeleted': (ctx) =>
    `${cap(ctx.subject)} is scheduled for deletion: restore it in the SSM console, or use another 'secret-name'.`,
  'FailedOperation.AccessKmsError': () =>
    "SSM could not use the KMS key: check 'kms-key-id' exists in this region and is enabled.",
  FailedOperation: () => 'The operation failed on the Tencent Cloud side; see the message above.',
  LimitExceeded: () => 'The account reached its SSM quota (number of secrets): delete unused secrets or raise the quota.',
  'InvalidParameterValue.TagKeysDuplicated': () => "Each tag key may appear once in 'tags'.",
  'InvalidParameterValue.TagsNotExisted': () =>
    "A tag key or value in 'tags' does not exist: create it in the Tag console first.",
  InvalidParameterValue: () => 'Tencent Cloud rejected a parameter value: check the inputs named in the message.',
  InvalidParameter: () => 'Tencent Cloud rejected a parameter: check the inputs named in the message.',
  MissingParameter: () => 'A required parameter was missing: check the inputs named in the message.',
  UnknownParameter: () => 'Tencent Cloud did not know a parameter: check that the endpoint is an SSM endpoint.',
  UnauthorizedOperation: POLICY,
  'AuthFailure.UnauthorizedOperation': POLICY,
  'AuthFailure.SignatureFailure': () => `The request signature was rejected. ${CREDENTIALS}`,
  'AuthFailure.SecretIdNotFound': () =>
    `The secret-id does not exist or is disabled. ${CREDENTIALS}`,
  'AuthFailure.InvalidSecretId': () => `The secret-id is not a valid API key ID. ${CREDENTIALS}`,
  'AuthFailure.SignatureExpire': () =>
    "The request's timestamp is more than 5 minutes off: fix the runner's clock (NTP).",
  'AuthFailure.TokenFailure': () =>
    'The session token is invalid or expired: refresh the temporary credentials (session-token).',
  'AuthFailure.InvalidAuthorization': () => `The Authorization header was malformed. ${CREDENTIALS}`,
  'AuthFailure.MFAFailure': () => 'The account requires MFA for this call: use an API key that does not.',
  InternalError: () => 'Tencent Cloud had an internal error on every attempt: retry later, or raise max-attempts.',
  RequestLimitExceeded: () =>
    "Tencent Cloud throttled every attempt (20 requests/s per API): raise 'max-attempts' or stagger parallel jobs.",
  ServiceUnavailable: () => 'The service was unavailable on every attempt: retry later.',
  InvalidAction: (ctx) => `The endpoint ${ctx.endpoint} does not offer ${ctx.action}: check 'endpoint'.`,
  NoSuchVersion: (ctx) => `The endpoint ${ctx.endpoint} does not offer this API version: check 'endpoint'.`,
  UnsupportedRegion: (ctx) => `SSM is not offered in region ${ctx.region}: check 'region'.`,
  UnsupportedOperation: () => 'Tencent Cloud does not support this operation for this secret.',
  IpInBlacklist: () => "The runner's IP address is blocked by the account's API access rules.",
  IpNotInWhitelist: () => "The runner's IP address is not in the account's API IP allowlist.",
  RequestSizeLimitExceeded: () => "The request was too large: shorten 'description' or 'tags'.",
};

/** The most specific advice: the exact code, then its prefixes (`AuthFailure.X` -> `AuthFailure`). */
function adviceFor(code: string): Advice {
  for (let key = code; key; key = key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : '') {
    const advice = ADVICE[key];
    if (advice) return advice;
  }
  if (code.startsWith('AuthFailure')) return () => `Authentication failed. ${CREDENTIALS}`;
  if (code.startsWith('RequestLimitExceeded')) return ADVICE.RequestLimitExceeded;
  return () => 'See the Tencent Cloud error code reference for this code.';
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
        (failure.status >= 500 ? 'The service or a proxy in between failed: retry later.' : "Check 'endpoint' and any proxy settings.")
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
      return (
        `${head}: the response from ${ctx.endpoint} was malformed (${failure.reason}${rid(failure.requestId)}). ` +
        "Check that 'endpoint' is a Tencent Cloud SSM endpoint and no proxy rewrites responses."
      );
  }
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const BASE64_RUN = /[A-Za-z0-9+/=]{40,}/g;

/**
 * The message of anything thrown, for the top-level handler. Known errors are written to be safe;
 * anything else is scrubbed of every known secret and of long base64 runs before it is shown.
 */
export function safeMessage(error: unknown, secrets: readonly string[] = []): string {
  if (error instanceof ActionError) return error.message;
  const raw = error instanceof Error ? error.message : String(error);
  let text = raw;
  for (const secret of secrets) {
    if (secret.length >= 4) text = text.split(secret).join('***');
  }
  text = text.replace(BASE64_RUN, '[redacted]');
  const name = error instanceof Error ? error.name : 'error';
  return text || `Unexpected ${name} without a message`;
}
