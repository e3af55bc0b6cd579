// Shared by the emulator tests: SDK clients aimed at an emulator, and hand-signed requests for
// the cases the SDK cannot produce (old timestamps, garbled headers, tampered bodies).
import { Client as KmsClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/kms/v20190118/kms_client.js';
import { Client as SsmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ssm/v20190923/ssm_client.js';
import { Client as StsClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/sts/v20180813/sts_client.js';
import type { Emulator } from '../../emulator/server.js';
import { computeSignature, formatAuthorization } from '../../emulator/tc3.js';

const REGION = 'ap-guangzhou';

export interface KeyPair {
  secretId: string;
  secretKey: string;
  token?: string;
}

function profile(emulator: Emulator, reqTimeout?: number) {
  return {
    httpProfile: {
      endpoint: `127.0.0.1:${emulator.port}`,
      protocol: 'http://',
      ...(reqTimeout ? { reqTimeout } : {}),
    },
  };
}

export function ssmClient(
  emulator: Emulator,
  credential: KeyPair = emulator.credentials,
  reqTimeout?: number,
) {
  return new SsmClient({ credential, region: REGION, profile: profile(emulator, reqTimeout) });
}

export function kmsClient(emulator: Emulator, credential: KeyPair = emulator.credentials) {
  return new KmsClient({ credential, region: REGION, profile: profile(emulator) });
}

export function stsClient(emulator: Emulator) {
  return new StsClient({ credential: {}, region: REGION, profile: profile(emulator) });
}

/** The error code of an SDK rejection, or 'resolved' when the call succeeded. */
export async function errorCodeOf(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return 'resolved';
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

export async function rejectionOf(
  call: Promise<unknown>,
): Promise<Error & { code?: string; httpCode?: number; requestId?: string }> {
  try {
    await call;
  } catch (error) {
    return error as Error & { code?: string; httpCode?: number; requestId?: string };
  }
  throw new Error('expected the call to fail');
}

export interface SignedRequest {
  action: string;
  version?: string;
  params?: unknown;
  body?: string;
  credential?: KeyPair;
  /** X-TC-Region; null leaves the header out. */
  region?: string | null;
  /** Seconds added to the current time for X-TC-Timestamp and the signature. */
  clockOffset?: number;
  /** Overrides the Authorization header entirely. */
  authorization?: string;
  /** Sent instead of the signed body, to tamper after signing. */
  sentBody?: string;
}

/** A TC3-signed POST built by hand, as the SDK would build it (host signed without port). */
export async function signedFetch(
  emulator: Emulator,
  request: SignedRequest,
): Promise<Record<string, unknown>> {
  const credential: KeyPair = request.credential ?? emulator.credentials;
  const body = request.body ?? JSON.stringify(request.params ?? {});
  const timestamp = Math.floor(Date.now() / 1000) + (request.clockOffset ?? 0);
  const signed = computeSignature({
    secretKey: credential.secretKey,
    service: 'ssm',
    timestamp,
    headers: { 'content-type': 'application/json', host: '127.0.0.1' },
    payload: body,
  });
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Authorization: request.authorization ?? formatAuthorization(credential.secretId, signed),
    'X-TC-Action': request.action,
    'X-TC-Version': request.version ?? '2019-09-23',
    'X-TC-Timestamp': String(timestamp),
  };
  const region = request.region === undefined ? REGION : request.region;
  if (region !== null) headers['X-TC-Region'] = region;
  if (credential.token) headers['X-TC-Token'] = credential.token;
  const response = await fetch(`${emulator.url}/`, {
    method: 'POST',
    headers,
    body: request.sentBody ?? body,
  });
  const json = (await response.json()) as { Response: Record<string, unknown> };
  return json.Response;
}

/** The error code in a raw API response, or 'OK'. */
export function codeOf(response: Record<string, unknown>): string {
  const error = response.Error as { Code?: string } | undefined;
  return error?.Code ?? 'OK';
}

export async function oidcToken(
  emulator: Emulator,
  audience = 'sts.tencentcloudapi.com',
): Promise<string> {
  const response = await fetch(
    `${emulator.oidc.requestUrl}&audience=${encodeURIComponent(audience)}`,
    {
      headers: { Authorization: `Bearer ${emulator.oidc.requestToken}` },
    },
  );
  const body = (await response.json()) as { value: string };
  return body.value;
}

export function decodeJwtPayload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}
