import { KEY_ADVICE } from '../errors.js';
import type { Advice, AdviceProfile, FailureContext } from '../tencent-api/describe-failure.js';

/** The codes GetSSHKeyPairValue and CreateSSHKeyPairSecret document (SSM 2019-09-23). */
export const SSM_CODES = [
  'FailedOperation',
  'FailedOperation.AccessKmsError',
  'InternalError',
  'InvalidParameterValue',
  'InvalidParameterValue.TagKeysDuplicated',
  'InvalidParameterValue.TagsNotExisted',
  'LimitExceeded',
  'ResourceInUse.SecretExists',
  'ResourceInUse.VersionIdExists',
  'ResourceNotFound',
  'ResourceUnavailable.NotPurchased',
  'ResourceUnavailable.ResourceDisabled',
  'ResourceUnavailable.ResourcePendingDeleted',
  'UnauthorizedOperation',
] as const;

/** Tencent Cloud API 3.0 common error codes, which any action may return. */
export const COMMON_CODES = [
  'ActionOffline',
  'AuthFailure.InvalidAuthorization',
  'AuthFailure.InvalidSecretId',
  'AuthFailure.MFAFailure',
  'AuthFailure.SecretIdNotFound',
  'AuthFailure.SignatureExpire',
  'AuthFailure.SignatureFailure',
  'AuthFailure.TokenFailure',
  'AuthFailure.UnauthorizedOperation',
  'DryRunOperation',
  'FailedOperation',
  'InternalError',
  'InvalidAction',
  'InvalidParameter',
  'InvalidParameterValue',
  'InvalidRequest',
  'IpInBlacklist',
  'IpNotInWhitelist',
  'LimitExceeded',
  'MissingParameter',
  'NoSuchProduct',
  'NoSuchVersion',
  'RequestLimitExceeded',
  'RequestLimitExceeded.GlobalRegionUinLimitExceeded',
  'RequestLimitExceeded.IPLimitExceeded',
  'RequestLimitExceeded.UinLimitExceeded',
  'RequestSizeLimitExceeded',
  'ResourceInUse',
  'ResourceInsufficient',
  'ResourceNotFound',
  'ResourceUnavailable',
  'ResponseSizeLimitExceeded',
  'ServiceUnavailable',
  'UnauthorizedOperation',
  'UnknownParameter',
  'UnsupportedOperation',
  'UnsupportedProtocol',
  'UnsupportedRegion',
] as const;

const CREDENTIALS =
  'Check secret-id and secret-key (or the TENCENTCLOUD_* variables) for this account.';
const SUPPORT = 'If it persists, contact Tencent Cloud support.';
const ENDPOINT: Advice = (ctx) =>
  `Check that 'endpoint' (${ctx.endpoint}) is a Tencent Cloud SSM endpoint such as ` +
  'ssm.tencentcloudapi.com, and that no proxy rewrites requests.';
const POLICY: Advice = (ctx) =>
  `The CAM identity lacks permission: its policy must allow ssm:${ctx.action} on ${ctx.subject} ` +
  `(qcs::ssm:${ctx.region}:uin/<account>:secret/<name>); modes create and get-or-create need ` +
  'ssm:CreateSSHKeyPairSecret and ssm:GetSSHKeyPairValue.';
const THROTTLED: Advice = () =>
  'Tencent Cloud throttled every attempt (20 requests/s per API): raise ' +
  "'max-attempts' or stagger parallel jobs.";

const cap = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const byKeyId = (ctx: FailureContext): boolean => ctx.subject.startsWith('SSH key');

/** What to do next, by error code: every code of SSM_CODES and COMMON_CODES has an entry. */
const ADVICE: Record<string, Advice> = {
  ResourceNotFound: (ctx) =>
    byKeyId(ctx)
      ? `${cap(ctx.subject)} does not exist in region ${ctx.region}. Check 'ssh-key-id' and 'region'.`
      : `${cap(ctx.subject)} does not exist in region ${ctx.region}. Check 'region' and the ` +
        "name, or set 'mode: get-or-create' to create it on first use.",
  'ResourceInUse.SecretExists': (ctx) =>
    `${cap(ctx.subject)} already exists in region ${ctx.region}. Use 'mode: get' or ` +
    "'mode: get-or-create' to reuse it, or choose another 'secret-name'.",
  'ResourceInUse.VersionIdExists': (ctx) =>
    `${cap(ctx.subject)} already has that version; choose another 'secret-name'.`,
  ResourceInUse: (ctx) => `${cap(ctx.subject)} is in use by another operation: retry later.`,
  'ResourceUnavailable.NotPurchased': () =>
    'Secrets Manager (SSM) is not activated for this account: activate it in the Tencent Cloud ' +
    'console first.',
  'ResourceUnavailable.ResourceDisabled': (ctx) =>
    `${cap(ctx.subject)} is disabled: enable it in the SSM console.`,
  'ResourceUnavailable.ResourcePendingDeleted': (ctx) =>
    `${cap(ctx.subject)} is scheduled for deletion: restore it in the SSM console, or use ` +
    "another 'secret-name'.",
  ResourceUnavailable: (ctx) =>
    `${cap(ctx.subject)} is not available: check its status in the SSM console.`,
  ResourceInsufficient: () =>
    `Tencent Cloud lacks the resources for this request now: retry later.`,
  'FailedOperation.AccessKmsError': () =>
    "SSM could not use the KMS key: check that 'kms-key-id' exists in this region and is " +
    'enabled, and that the CAM identity may use it.',
  FailedOperation: () => `The operation failed on the Tencent Cloud side: retry later. ${SUPPORT}`,
  LimitExceeded: () =>
    'The account reached its SSM quota (number of secrets): delete unused secrets or raise the quota.',
  'InvalidParameterValue.TagKeysDuplicated': () => "Each tag key may appear once in 'tags'.",
  'InvalidParameterValue.TagsNotExisted': () =>
    "A tag key or value in 'tags' does not exist: create it in the Tag console first.",
  InvalidParameterValue: () =>
    'Tencent Cloud rejected a parameter value: check the inputs named in the message.',
  InvalidParameter: () =>
    'Tencent Cloud rejected a parameter: check the inputs named in the message.',
  MissingParameter: () =>
    'A required parameter was missing: check the inputs named in the message.',
  UnknownParameter: ENDPOINT,
  InvalidRequest: ENDPOINT,
  UnsupportedProtocol: ENDPOINT,
  DryRunOperation: ENDPOINT,
  ResponseSizeLimitExceeded: ENDPOINT,
  UnauthorizedOperation: POLICY,
  'AuthFailure.UnauthorizedOperation': POLICY,
  'AuthFailure.SignatureFailure': () => `The request signature was rejected. ${CREDENTIALS}`,
  'AuthFailure.SecretIdNotFound': () =>
    `The secret-id does not exist or is disabled (no spaces around it?). ${CREDENTIALS}`,
  'AuthFailure.InvalidSecretId': () => `The secret-id is not a valid API key ID. ${CREDENTIALS}`,
  'AuthFailure.SignatureExpire': () =>
    "The request's timestamp is more than 5 minutes off: fix the runner's clock (NTP).",
  'AuthFailure.TokenFailure': () =>
    'The session token is invalid or expired: refresh the temporary credentials (session-token), ' +
    'or use keyless auth (role-arn) to get fresh ones in every run.',
  'AuthFailure.InvalidAuthorization': () =>
    `The Authorization header was malformed. ${CREDENTIALS}`,
  'AuthFailure.MFAFailure': () =>
    'The account requires MFA for this call: use an API key of a CAM user without MFA for API calls.',
  AuthFailure: () => `Authentication failed. ${CREDENTIALS}`,
  InternalError: () =>
    `Tencent Cloud had an internal error on every attempt: retry later, or raise 'max-attempts'. ${SUPPORT}`,
  RequestLimitExceeded: THROTTLED,
  ServiceUnavailable: () => `The service was unavailable on every attempt: retry later. ${SUPPORT}`,
  InvalidAction: (ctx) =>
    `The endpoint ${ctx.endpoint} does not offer ${ctx.action}: check 'endpoint'.`,
  ActionOffline: (ctx) =>
    `Tencent Cloud has taken ${ctx.action} offline: update this action to a newer release.`,
  NoSuchVersion: (ctx) =>
    `The endpoint ${ctx.endpoint} does not offer this API version: check 'endpoint'.`,
  NoSuchProduct: ENDPOINT,
  UnsupportedRegion: (ctx) => `SSM is not offered in region ${ctx.region}: check 'region'.`,
  UnsupportedOperation: () => 'Tencent Cloud does not support this operation for this secret.',
  IpInBlacklist: () => "The runner's IP address is blocked by the account's API access rules.",
  IpNotInWhitelist: () =>
    "The runner's IP address is not in the account's API IP allowlist: add the runner's egress " +
    'IP, or use a self-hosted runner with an allowed address.',
  RequestSizeLimitExceeded: () => "The request was too large: shorten 'description' or 'tags'.",
};

/** What to do after an HTTP status that is not 200. */
function httpAdvice(status: number): string {
  if (status === 407) {
    return (
      'The proxy requires authentication: put the user and password in the proxy URL ' +
      '(HTTPS_PROXY=http://user:password@proxy:3128).'
    );
  }
  if (status === 429)
    return "The endpoint or a proxy throttled every attempt: raise 'max-attempts'.";
  if (status >= 500) return 'The service or a proxy in between failed: retry later.';
  return "Check 'endpoint' and any proxy settings (HTTPS_PROXY, NO_PROXY).";
}

/** Families spelled without a dot (RequestLimitExceededGlobal), then the code reference. */
function otherCode(code: string): Advice {
  if (code.startsWith('AuthFailure')) return ADVICE.AuthFailure as Advice;
  if (code.startsWith('RequestLimitExceeded')) return THROTTLED;
  return () => 'See the Tencent Cloud error code reference for this code.';
}

/** What SSM failures tell the user to do: every SSM message goes through this profile. */
export const SSM_ADVICE: AdviceProfile = {
  service: 'SSM',
  endpointInput: 'endpoint',
  codes: ADVICE,
  otherCode,
  httpStatus: httpAdvice,
  keyMaterial: KEY_ADVICE,
  saysTimedOut: true,
  countsMalformedAttempts: false,
};
