import * as core from '@actions/core';
import { Client as StsClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/sts/v20180813/sts_client.js';
import {
  fieldProblem,
  firstProblem,
  requestIdOf,
  unixTimeProblem,
} from '../tencent-api/answer-fields.js';
import { ApiCallError, callApi, type RequestClient } from '../tencent-api/call.js';
import type { Credentials } from '../tencent-api/credentials.js';
import type { Failure } from '../tencent-api/failure.js';
import { fetchIdToken, readTokenClaims, type IdTokenOptions } from './id-token.js';
import { agentFor } from '../tencent-api/connections.js';
import { mask } from '../secrets.js';
import type { Sleep } from '../tencent-api/retry.js';
import { defaultRoleSessionName, readRunContext } from '../settings/run-context.js';
import type { OidcAuth } from '../settings/settings.js';
import { STS_ACTION, describeStsFailure, isStsThrottle, type StsContext } from './sts-advice.js';
import { clientConfig } from '../tencent-api/client-config.js';

export interface OidcCallSettings {
  region: string;
  maxAttempts: number;
  timeoutSeconds: number;
  sleep?: Sleep;
  random?: () => number;
}

/** What tests replace: the STS client and the token source. */
export interface OidcDeps {
  stsClient?: RequestClient;
  requestToken?: IdTokenOptions['requestToken'];
  env?: IdTokenOptions['env'];
  log?: (line: string) => void;
}

interface AssumeRoleResponse {
  Credentials?: { Token?: unknown; TmpSecretId?: unknown; TmpSecretKey?: unknown };
  ExpiredTime?: unknown;
  Expiration?: unknown;
  RequestId?: unknown;
}

/**
 * GitHub OIDC token -> STS AssumeRoleWithWebIdentity (unsigned) -> temporary credentials. The
 * token is masked before STS sees it and the temporary values before anything else runs.
 */
export async function exchangeOidcToken(
  auth: OidcAuth,
  call: OidcCallSettings,
  deps: OidcDeps = {},
): Promise<Credentials> {
  const log = deps.log ?? core.info;
  const token = await fetchIdToken(auth.audience, {
    maxAttempts: call.maxAttempts,
    timeoutSeconds: call.timeoutSeconds,
    sleep: call.sleep,
    random: call.random,
    requestToken: deps.requestToken,
    env: deps.env,
    log,
  });
  const sessionName = auth.roleSessionName ?? defaultRoleSessionName(readRunContext());
  const response = await assumeRole(auth, call, deps, { token, sessionName });
  const credentials = takeCredentials(response, auth, call, readTokenClaims(token));
  log(`Assumed the role ${auth.roleArn} as session '${sessionName}'${expiry(response)}.`);
  return credentials;
}

/** Called once takeCredentials has checked both fields' shapes. */
function expiry(response: AssumeRoleResponse): string {
  if (typeof response.Expiration === 'string' && response.Expiration) {
    return ` until ${response.Expiration}`;
  }
  return typeof response.ExpiredTime === 'number'
    ? ` until ${new Date(response.ExpiredTime * 1000).toISOString()}`
    : '';
}

function endpointOf(auth: OidcAuth): string {
  return `${auth.stsEndpoint.protocol}${auth.stsEndpoint.host}`;
}

async function createStsClient(auth: OidcAuth, call: OidcCallSettings): Promise<RequestClient> {
  const agent = await agentFor(auth.stsEndpoint);
  const target = { endpoint: auth.stsEndpoint, region: call.region, agent };
  return new StsClient(
    clientConfig({ ...target, timeoutSeconds: call.timeoutSeconds }),
  ) as unknown as RequestClient;
}

async function assumeRole(
  auth: OidcAuth,
  call: OidcCallSettings,
  deps: OidcDeps,
  request: { token: string; sessionName: string },
): Promise<AssumeRoleResponse> {
  const sts = deps.stsClient ?? (await createStsClient(auth, call));
  const params = {
    ProviderId: auth.providerId,
    WebIdentityToken: request.token,
    RoleArn: auth.roleArn,
    RoleSessionName: request.sessionName,
    DurationSeconds: auth.durationSeconds,
  };
  const facts = stsFacts(auth, call, readTokenClaims(request.token));
  return callApi<AssumeRoleResponse>(sts, STS_ACTION, params, {
    maxAttempts: call.maxAttempts,
    timeoutSeconds: call.timeoutSeconds,
    // The documented call is unsigned: the SDK then sends `Authorization: SKIP`.
    skipSign: true,
    alsoRetry: isStsThrottle,
    sleep: call.sleep,
    random: call.random,
    log: deps.log,
    describe: (failure, { attempts }) => describeStsFailure(failure, { ...facts, attempts }),
  });
}

/** What STS messages say about the call, apart from the attempts made. */
function stsFacts(
  auth: OidcAuth,
  call: OidcCallSettings,
  claims: StsContext['claims'],
): Omit<StsContext, 'attempts'> {
  const { roleArn, providerId, audience } = auth;
  return { roleArn, providerId, audience, region: call.region, endpoint: endpointOf(auth), claims };
}

/**
 * Masks all three temporary values first, then checks that none is missing and that the fields
 * the log quotes (RequestId, Expiration, ExpiredTime) have their documented shapes.
 */
function takeCredentials(
  response: AssumeRoleResponse,
  auth: OidcAuth,
  call: OidcCallSettings,
  claims: StsContext['claims'],
): Credentials {
  const { TmpSecretId, TmpSecretKey, Token } = response?.Credentials ?? {};
  for (const value of [TmpSecretId, TmpSecretKey, Token]) {
    if (isText(value)) mask(value);
  }
  const complete = isText(TmpSecretId) && isText(TmpSecretKey) && isText(Token);
  const problem = complete
    ? firstProblem(
        fieldProblem('RequestId', response.RequestId),
        fieldProblem('Expiration', response.Expiration),
        unixTimeProblem('ExpiredTime', response.ExpiredTime),
      )
    : 'Credentials lacks TmpSecretId, TmpSecretKey or Token';
  if (problem || !complete) {
    const requestId = requestIdOf(response?.RequestId);
    const failure: Failure = { kind: 'malformed', reason: problem ?? '', requestId };
    const ctx = { ...stsFacts(auth, call, claims), attempts: 1 };
    throw new ApiCallError(failure, describeStsFailure(failure, ctx));
  }
  return {
    secretId: TmpSecretId,
    secretKey: TmpSecretKey,
    token: Token,
    source: `the role ${auth.roleArn} (GitHub OIDC)`,
  };
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
