import * as core from '@actions/core';
import { Client as StsClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/sts/v20180813/sts_client.js';
import { ApiCallError, callApi, type RequestClient } from './api-call.js';
import type { Credentials } from './credentials.js';
import { ActionError, describeFailure } from './errors.js';
import type { Failure } from './failure.js';
import { proxyAgentFor } from './proxy.js';
import { withRetry, RetriesExhausted, DEFAULT_POLICY, type Sleep } from './retry.js';
import { defaultRoleSessionName, loadRunContext } from './run-context.js';
import type { OidcAuth } from './settings.js';

export interface OidcCallSettings {
  region: string;
  maxAttempts: number;
  timeoutSeconds: number;
  sleep?: Sleep;
}

interface AssumeRoleResponse {
  Credentials?: { Token?: string; TmpSecretId?: string; TmpSecretKey?: string };
  ExpiredTime?: number;
  Expiration?: string;
  RequestId?: string;
}

/** GitHub OIDC token -> STS AssumeRoleWithWebIdentity -> temporary credentials, all masked. */
export async function exchangeOidcToken(auth: OidcAuth, call: OidcCallSettings): Promise<Credentials> {
  const token = await fetchIdToken(auth.audience, call);
  core.setSecret(token);
  const sessionName = auth.roleSessionName ?? defaultRoleSessionName(await loadRunContext());
  const endpoint = `${auth.stsEndpoint.protocol}${auth.stsEndpoint.host}`;
  const response = await callApi<AssumeRoleResponse>(
    stsClient(auth, call),
    'AssumeRoleWithWebIdentity',
    {
      ProviderId: auth.providerId,
      WebIdentityToken: token,
      RoleArn: auth.roleArn,
      RoleSessionName: sessionName,
      DurationSeconds: auth.durationSeconds,
    },
    {
      maxAttempts: call.maxAttempts,
      timeoutSeconds: call.timeoutSeconds,
      skipSign: true,
      sleep: call.sleep,
      context: { subject: `role '${auth.roleArn}'`, region: call.region, endpoint },
    },
  );
  const credentials = checkCredentials(response, auth, call.region, endpoint);
  core.info(`Assumed ${auth.roleArn} as session '${sessionName}' until ${response.Expiration ?? 'expiry'}.`);
  return credentials;
}

function stsClient(auth: OidcAuth, call: OidcCallSettings): RequestClient {
  return new StsClient({
    credential: {},
    region: call.region,
    profile: {
      httpProfile: {
        endpoint: auth.stsEndpoint.host,
        protocol: auth.stsEndpoint.protocol,
        reqTimeout: call.timeoutSeconds,
        agent: proxyAgentFor(auth.stsEndpoint),
      },
    },
  }) as unknown as RequestClient;
}

function checkCredentials(response: AssumeRoleResponse, auth: OidcAuth, region: string, endpoint: string): Credentials {
  const { TmpSecretId, TmpSecretKey, Token } = response?.Credentials ?? {};
  [TmpSecretId, TmpSecretKey, Token].forEach((value) => value && core.setSecret(value));
  if (!TmpSecretId || !TmpSecretKey || !Token) {
    const failure: Failure = { kind: 'malformed', reason: 'Credentials are missing', requestId: response?.RequestId };
    const context = { action: 'AssumeRoleWithWebIdentity', subject: `role '${auth.roleArn}'`, region, endpoint, attempts: 1 };
    throw new ApiCallError(failure, describeFailure(failure, context));
  }
  return { secretId: TmpSecretId, secretKey: TmpSecretKey, token: Token, source: `the role ${auth.roleArn} (GitHub OIDC)` };
}

const TOKEN_PERMISSION_HINT =
  "The job cannot request a GitHub OIDC token: add 'permissions: id-token: write' to the workflow or job " +
  '(on pull requests from forks, GitHub never grants it).';

/** Fetches the job's OIDC token, retrying transient failures; never prints the token. */
async function fetchIdToken(audience: string, call: OidcCallSettings): Promise<string> {
  if (!process.env.ACTIONS_ID_TOKEN_REQUEST_URL || !process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new ActionError(TOKEN_PERMISSION_HINT);
  }
  try {
    return await withRetry(() => core.getIDToken(audience), {
      policy: { ...DEFAULT_POLICY, maxAttempts: call.maxAttempts },
      classify: tokenFailureStatus,
      isRetryable: (status) => status === 0 || status === 429 || status >= 500,
      onRetry: (status, n, delayMs) =>
        core.info(`Getting the OIDC token: attempt ${n} failed (${status ? `HTTP ${status}` : 'network'}); retrying in ${delayMs} ms`),
      sleep: call.sleep,
    });
  } catch (error) {
    if (!(error instanceof RetriesExhausted)) throw error;
    const status = error.failure as number;
    const what = status ? `HTTP ${status}` : 'a network error';
    const hint = status === 401 || status === 403 ? ` ${TOKEN_PERMISSION_HINT}` : ' Retry later.';
    throw new ActionError(`Getting the GitHub OIDC token for audience '${audience}' failed after ${error.attempts} attempt(s) with ${what}.${hint}`);
  }
}

/** The HTTP status inside @actions/core's token error text, or 0 for network failures. */
function tokenFailureStatus(error: unknown): number {
  const text = error instanceof Error ? error.message : '';
  const match = /Error Code : (\d{3})/.exec(text);
  return match ? Number(match[1]) : 0;
}
