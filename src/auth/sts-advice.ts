import {
  describeFailure,
  type AdviceProfile,
  type FailureContext,
} from '../tencent-api/describe-failure.js';
import type { Failure } from '../tencent-api/failure.js';
import type { TokenClaims } from './id-token.js';

export const STS_ACTION = 'AssumeRoleWithWebIdentity';

/** Where AssumeRoleWithWebIdentity failed, for messages that say what to fix. */
export interface StsContext {
  roleArn: string;
  providerId: string;
  audience: string;
  region: string;
  /** protocol and host, e.g. https://sts.tencentcloudapi.com */
  endpoint: string;
  attempts: number;
  /** The job's token as STS saw it (never the token itself). */
  claims: TokenClaims;
}

/** The context the describer sees: the action is STS_ACTION, the subject the role. */
type StsFailureContext = StsContext & FailureContext;

type Advice = (ctx: StsFailureContext) => string;

const PROVIDER_URL = 'https://token.actions.githubusercontent.com';
const THROTTLED =
  'STS throttled every attempt (AssumeRoleWithWebIdentity allows 20 requests/s): ' +
  "raise 'max-attempts' or stagger parallel jobs.";
const ENDPOINT: Advice = (ctx) =>
  `${ctx.endpoint} does not serve STS AssumeRoleWithWebIdentity (2018-08-13): ` +
  "check 'sts-endpoint' (sts.tencentcloudapi.com, or sts.intl.tencentcloudapi.com).";
const TRUST: Advice = (ctx) =>
  `The role '${ctx.roleArn}' does not trust this job${tokenFacts(ctx)}. Its trust policy must ` +
  'allow name/sts:AssumeRoleWithWebIdentity for ' +
  `qcs::cam::uin/<account>:oidc-provider/${ctx.providerId}, and its conditions on oidc:sub and ` +
  "oidc:aud must match the job's token (pull requests, tags and environments have their own " +
  "'sub', e.g. repo:OWNER/REPO:environment:NAME).";

function tokenFacts({ claims }: StsContext): string {
  const facts = [
    claims.sub !== undefined ? `sub '${claims.sub}'` : '',
    claims.aud !== undefined ? `aud '${claims.aud}'` : '',
    claims.exp !== undefined && claims.exp * 1000 <= Date.now() ? 'expired' : '',
  ].filter(Boolean);
  return facts.length > 0 ? ` (this job's token: ${facts.join(', ')})` : '';
}

/** The codes the Go SDK lists for AssumeRoleWithWebIdentity, plus common ones STS may send. */
const ADVICE: Record<string, Advice> = {
  'InvalidParameter.WebIdentityTokenError': (ctx) =>
    `STS rejected the job's GitHub OIDC token${tokenFacts(ctx)}: it has expired, or its ` +
    'issuer, audience or signature does not match the CAM OIDC identity provider ' +
    `'${ctx.providerId}'. Check that the provider's URL is ${PROVIDER_URL}, that its client ` +
    `IDs include '${ctx.audience}' (the 'audience' input), and that its signing public key is ` +
    `GitHub's current key set (${PROVIDER_URL}/.well-known/jwks).`,
  UnauthorizedOperation: TRUST,
  'AuthFailure.UnauthorizedOperation': TRUST,
  'ResourceNotFound.RoleNotFound': (ctx) =>
    `The role '${ctx.roleArn}' does not exist in this account: check 'role-arn' ` +
    '(qcs::cam::uin/<account>:roleName/<name>).',
  'InvalidParameter.ParamError': (ctx) =>
    `STS rejected a parameter: check that 'oidc-provider-id' ('${ctx.providerId}') names a ` +
    "CAM OIDC identity provider of the role's account (CAM console: Identity Providers > " +
    "Role SSO), and check 'role-arn', 'role-session-name' and 'role-duration-seconds'.",
  'InvalidParameter.OverTimeError': () =>
    "'role-duration-seconds' is longer than the role allows: lower it, or raise the role's " +
    'maximum session duration (at most 43200 s).',
  'InvalidParameter.OverLimit': () => THROTTLED,
  RequestLimitExceeded: () => THROTTLED,
  'InternalError.GetRoleError': (ctx) =>
    `STS could not load the role '${ctx.roleArn}' on any attempt: check 'role-arn', or ` +
    'retry later.',
  InternalError: () =>
    "STS had an internal error on every attempt: retry later, or raise 'max-attempts'.",
  AuthFailure: (ctx) =>
    `STS refused the unsigned request: check that 'sts-endpoint' (${ctx.endpoint}) is a ` +
    'Tencent Cloud STS endpoint and that no proxy rewrites the request.',
  InvalidAction: ENDPOINT,
  NoSuchVersion: ENDPOINT,
  UnknownParameter: ENDPOINT,
  MissingParameter: ENDPOINT,
  UnsupportedRegion: (ctx) => `STS does not accept region '${ctx.region}': check 'region'.`,
  InvalidParameterValue: () =>
    "STS rejected a parameter value: check 'role-arn', 'role-session-name' and " +
    "'role-duration-seconds'.",
};

/** Families spelled without a dot (RequestLimitExceededGlobal), then the code reference. */
function otherCode(code: string): Advice {
  if (code.startsWith('RequestLimitExceeded')) return () => THROTTLED;
  return () => 'See the STS error code reference for this code.';
}

/** What STS failures tell the user to do: every STS message goes through this profile. */
const STS_ADVICE: AdviceProfile<StsFailureContext> = {
  service: 'STS',
  endpointInput: 'sts-endpoint',
  codes: ADVICE,
  otherCode,
  httpStatus: (status) =>
    status >= 500
      ? 'STS or a proxy in between failed: retry later.'
      : "Check 'sts-endpoint' and any proxy settings.",
  saysTimedOut: false,
  countsMalformedAttempts: true,
};

/** Throttling that STS reports as a parameter error: retried like RequestLimitExceeded. */
export function isStsThrottle(failure: Failure): boolean {
  return failure.kind === 'api' && failure.code === 'InvalidParameter.OverLimit';
}

/** One message: what failed, the code and RequestId, and what to do next. Never a secret. */
export function describeStsFailure(failure: Failure, ctx: StsContext): string {
  const full = { ...ctx, action: STS_ACTION, subject: `role '${ctx.roleArn}'` };
  return describeFailure(failure, full, STS_ADVICE);
}
