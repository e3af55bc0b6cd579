import {
  describeFailure,
  type AdviceProfile,
  type FailureContext,
} from '../tencent-api/describe-failure.js';
import type { Failure } from '../tencent-api/failure.js';

/** Where a KMS call failed, for messages that say what to fix. */
export interface KmsContext {
  /** `ca-kms-key-id` */
  keyId: string;
  region: string;
  /** protocol and host, e.g. https://kms.tencentcloudapi.com */
  endpoint: string;
  /** Where the signing credentials came from (Credentials.source), never their values. */
  credentialSource: string;
}

type KmsFailureContext = KmsContext & FailureContext;
type Advice = (ctx: KmsFailureContext) => string;

/** The CAM actions the CA needs, on the one key. */
export const KMS_CAM_ACTIONS = ['kms:SignByAsymmetricKey', 'kms:GetPublicKey'] as const;

const KEY_INPUT = "'ca-kms-key-id'";
const SIGNING_USAGES =
  'ASYMMETRIC_SIGN_VERIFY_ECC (an EC P-256 key, signing as ecdsa-sha2-nistp256) or ' +
  'ASYMMETRIC_SIGN_VERIFY_RSA_2048 (signing as rsa-sha2-256)';
const CREDENTIALS =
  'Check secret-id and secret-key (or the TENCENTCLOUD_* variables), or the keyless role.';
const THROTTLED = () =>
  "KMS throttled every attempt: raise 'max-attempts' or stagger parallel jobs.";
const ENDPOINT: Advice = (ctx) =>
  `Check that 'kms-endpoint' (${ctx.endpoint}) is a Tencent Cloud KMS endpoint (API 2019-01-18) ` +
  'such as kms.tencentcloudapi.com, and that no proxy rewrites requests.';
const MISSING: Advice = (ctx) =>
  `The KMS key '${ctx.keyId}' does not exist in region ${ctx.region}: check ${KEY_INPUT} and ` +
  "'region' (a KMS key lives in the region where it was created).";
const DISABLED: Advice = (ctx) =>
  `The KMS key '${ctx.keyId}' is disabled: enable it in the KMS console (or with EnableKey).`;
const NOT_ENABLED: Advice = (ctx) =>
  `The KMS key '${ctx.keyId}' is not in the Enabled state (disabled, pending deletion or ` +
  'archived): enable it, cancel its deletion or archiving in the KMS console.';
const USAGE: Advice = (ctx) =>
  `The KMS key '${ctx.keyId}' cannot sign SSH certificates: its key usage must be ` +
  `${SIGNING_USAGES}. A key's usage cannot be changed: create a new key with one of these ` +
  `usages and set ${KEY_INPUT} to it.`;
const POLICY: Advice = (ctx) =>
  `The CAM identity (${ctx.credentialSource}) lacks permission: its policy must allow ` +
  `${KMS_CAM_ACTIONS.join(' and ')} on the key ` +
  `(qcs::kms:${ctx.region}:uin/<account>:key/creatorUin/<creator-uin>/${ctx.keyId}).`;

/**
 * What to do next, by error code: the codes Tencent documents for GetPublicKey and
 * SignByAsymmetricKey, the KMS key states, and the common codes that need KMS words.
 */
const ADVICE: Record<string, Advice> = {
  'ResourceUnavailable.CmkNotFound': MISSING,
  ResourceNotFound: MISSING,
  'InvalidParameterValue.InvalidKeyId': (ctx) =>
    `${KEY_INPUT} ('${ctx.keyId}') is not a KMS key ID: use the key's ID (a UUID such as ` +
    '1234abcd-12ab-34cd-56ef-1234567890ab) from the KMS console.',
  'ResourceUnavailable.CmkDisabled': DISABLED,
  'ResourceUnavailable.KeyDisabled': DISABLED,
  'ResourceUnavailable.CmkStateNotSupport': NOT_ENABLED,
  'ResourceUnavailable.CmkArchived': (ctx) =>
    `The KMS key '${ctx.keyId}' is archived: cancel the archiving in the KMS console.`,
  'ResourceUnavailable.NotPurchased': () =>
    'KMS is not activated for this account: activate it in the Tencent Cloud console first.',
  ResourceUnavailable: NOT_ENABLED,
  'InvalidParameterValue.InvalidKeyUsage': USAGE,
  UnsupportedOperation: USAGE,
  'UnsupportedOperation.ServiceTemporaryUnavailable': () =>
    'KMS was temporarily unavailable on every attempt: retry later.',
  UnauthorizedOperation: POLICY,
  'AuthFailure.UnauthorizedOperation': POLICY,
  'AuthFailure.TokenFailure': () =>
    'The temporary credentials (session token) are invalid or expired: with keyless auth ' +
    "(role-arn), check 'role-duration-seconds'; else refresh 'session-token'.",
  'AuthFailure.SignatureExpire': () =>
    "The request's timestamp is more than 5 minutes off: fix the runner's clock (NTP).",
  AuthFailure: () => `Authentication failed. ${CREDENTIALS}`,
  InvalidParameterValue: () =>
    `KMS rejected a parameter value: check ${KEY_INPUT} and the certificate inputs.`,
  InvalidParameter: () => `KMS rejected a parameter: check ${KEY_INPUT}.`,
  MissingParameter: ENDPOINT,
  UnknownParameter: ENDPOINT,
  InvalidAction: ENDPOINT,
  NoSuchVersion: ENDPOINT,
  NoSuchProduct: ENDPOINT,
  UnsupportedProtocol: ENDPOINT,
  UnsupportedRegion: (ctx) => `KMS is not offered in region ${ctx.region}: check 'region'.`,
  RequestLimitExceeded: THROTTLED,
  InternalError: () =>
    "KMS had an internal error on every attempt: retry later, or raise 'max-attempts'.",
  ServiceUnavailable: () => 'KMS was unavailable on every attempt: retry later.',
  IpNotInWhitelist: () =>
    "The runner's IP address is not in the account's API IP allowlist: add the runner's " +
    'egress IP, or use a self-hosted runner with an allowed address.',
  LimitExceeded: THROTTLED,
};

/** Families spelled without a dot (RequestLimitExceededGlobal), then the code reference. */
function otherCode(code: string): Advice {
  if (code.startsWith('RequestLimitExceeded')) return THROTTLED;
  if (code.startsWith('AuthFailure')) return ADVICE.AuthFailure as Advice;
  return () => 'See the KMS error code reference for this code.';
}

/** What KMS failures tell the user to do: every KMS message goes through this profile. */
export const KMS_ADVICE: AdviceProfile<KmsFailureContext> = {
  service: 'KMS',
  endpointInput: 'kms-endpoint',
  codes: ADVICE,
  otherCode,
  httpStatus: (status) =>
    status >= 500
      ? 'KMS or a proxy in between failed: retry later.'
      : "Check 'kms-endpoint' and any proxy settings (HTTPS_PROXY, NO_PROXY).",
  saysTimedOut: true,
  countsMalformedAttempts: true,
};

/** One message: what failed, the code and RequestId, and what to do next. Never a secret. */
export function describeKmsFailure(
  failure: Failure,
  ctx: KmsContext & { action: string; attempts: number },
): string {
  return describeFailure(failure, { ...ctx, subject: `KMS key '${ctx.keyId}'` }, KMS_ADVICE);
}
