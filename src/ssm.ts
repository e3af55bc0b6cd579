import { Client as SsmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ssm/v20190923/ssm_client.js';
import { ApiCallError, callApi, type CallOptions, type RequestClient } from './api-call.js';
import { describeFailure } from './errors.js';
import type { Failure } from './failure.js';
import { KeyMaterialError } from './key-material-error.js';
import { decodeKeyText, type KeyField } from './key-text.js';
import type { Credentials } from './credentials.js';
import type { Endpoint, Tag } from './validate.js';
import type { SecretRef } from './settings.js';
import type { Agent } from 'node:http';

/** The key pair secret as the API returned it; key fields are raw (plain or base64). */
export interface SshKeySecret {
  secretName?: string;
  sshKeyId: string;
  sshKeyName: string;
  projectId: number;
  rawPublicKey?: string;
  rawPrivateKey: string;
  /** RequestId of the GetSSHKeyPairValue answer, for messages about its key material. */
  requestId?: string;
}

export interface CreateRequest {
  secretName: string;
  projectId: number;
  description: string;
  kmsKeyId?: string;
  sshKeyName?: string;
  tags: Tag[];
}

export interface CreatedSecret {
  secretName: string;
  sshKeyId: string;
  sshKeyName: string;
}

/** What the mode logic needs from SSM; tests replace it. */
export interface KeyStore {
  get(ref: SecretRef, options?: { afterCreate?: boolean }): Promise<SshKeySecret>;
  create(request: CreateRequest): Promise<CreatedSecret>;
}

export interface SsmOptions {
  region: string;
  endpoint: Endpoint;
  credentials: Credentials;
  maxAttempts: number;
  timeoutSeconds: number;
  agent?: Agent;
  /** Registers raw secret values with the runner's masker the moment they arrive. */
  maskRaw: (value: string) => void;
  call?: Pick<CallOptions, 'sleep' | 'random' | 'log'>;
}

interface GetResponse {
  SSHKeyID?: string;
  PublicKey?: string;
  PrivateKey?: string;
  ProjectID?: number;
  SSHKeyName?: string;
  RequestId?: string;
}

interface CreateResponse {
  SecretName?: string;
  SSHKeyID?: string;
  SSHKeyName?: string;
  RequestId?: string;
}

export function createSsmClient(options: SsmOptions): RequestClient {
  return new SsmClient({
    credential: {
      secretId: options.credentials.secretId,
      secretKey: options.credentials.secretKey,
      token: options.credentials.token,
    },
    region: options.region,
    profile: {
      httpProfile: {
        endpoint: options.endpoint.host,
        protocol: options.endpoint.protocol,
        reqTimeout: options.timeoutSeconds,
        agent: options.agent,
      },
    },
  }) as unknown as RequestClient;
}

/** The SSM key store: GetSSHKeyPairValue and CreateSSHKeyPairSecret with retries and checks. */
export function ssmKeyStore(
  options: SsmOptions,
  client: RequestClient = createSsmClient(options),
): KeyStore {
  const endpoint = `${options.endpoint.protocol}${options.endpoint.host}`;
  const callOptions = (subject: string): CallOptions => ({
    maxAttempts: options.maxAttempts,
    timeoutSeconds: options.timeoutSeconds,
    context: { subject, region: options.region, endpoint },
    ...options.call,
  });
  const failed = (action: string, subject: string, failure: Failure): ApiCallError => {
    const context = { subject, region: options.region, endpoint, action, attempts: 1 };
    return new ApiCallError(failure, describeFailure(failure, context));
  };
  const malformed = (action: string, subject: string, reason: string, requestId?: string) =>
    failed(action, subject, { kind: 'malformed', reason, requestId });
  return {
    async get(ref, { afterCreate = false } = {}) {
      const subject = describeRef(ref);
      const params =
        'secretName' in ref ? { SecretName: ref.secretName } : { SSHKeyId: ref.sshKeyId };
      const response = await callApi<GetResponse>(client, 'GetSSHKeyPairValue', params, {
        ...callOptions(subject),
        // A secret we just created may take a moment to become readable.
        alsoRetry: afterCreate
          ? (f) => f.kind === 'api' && f.code === 'ResourceNotFound'
          : undefined,
      });
      if (typeof response?.PrivateKey === 'string' && response.PrivateKey)
        options.maskRaw(response.PrivateKey);
      const requestId = typeof response?.RequestId === 'string' ? response.RequestId : undefined;
      const secret = toSecret(response, ref, (reason) =>
        malformed('GetSSHKeyPairValue', subject, reason, requestId),
      );
      const notAKey = keyShapeProblem(secret);
      if (notAKey)
        throw failed('GetSSHKeyPairValue', subject, {
          kind: 'malformed',
          reason: notAKey,
          requestId,
          keyMaterial: true,
        });
      return { ...secret, requestId };
    },
    async create(request) {
      const subject = describeRef({ secretName: request.secretName });
      const response = await callApi<CreateResponse>(
        client,
        'CreateSSHKeyPairSecret',
        createParams(request),
        callOptions(subject),
      );
      if (!response?.SSHKeyID)
        throw malformed(
          'CreateSSHKeyPairSecret',
          subject,
          'SSHKeyID is missing',
          response?.RequestId,
        );
      return {
        secretName: response.SecretName || request.secretName,
        sshKeyId: response.SSHKeyID,
        sshKeyName: response.SSHKeyName ?? '',
      };
    },
  };
}

/**
 * Why the key fields are not key text (plain, or base64 of it), if they are not. Only the shape
 * is checked here, where the RequestId is known; whether the key parses is for ssh-key.ts.
 * KeyMaterialError messages never quote the value.
 */
function keyShapeProblem(secret: SshKeySecret): string | undefined {
  const fields: [KeyField, string | undefined][] = [
    ['PrivateKey', secret.rawPrivateKey],
    ['PublicKey', secret.rawPublicKey],
  ];
  for (const [field, value] of fields) {
    if (value === undefined) continue;
    try {
      decodeKeyText(value, field);
    } catch (error) {
      if (error instanceof KeyMaterialError) return error.message;
      throw error;
    }
  }
  return undefined;
}

export function describeRef(ref: SecretRef): string {
  return 'secretName' in ref ? `secret '${ref.secretName}'` : `SSH key '${ref.sshKeyId}'`;
}

function createParams(request: CreateRequest): Record<string, unknown> {
  return {
    SecretName: request.secretName,
    ProjectId: request.projectId,
    Description: request.description,
    KmsKeyId: request.kmsKeyId,
    SSHKeyName: request.sshKeyName,
    Tags: request.tags.length ? request.tags : undefined,
  };
}

function toSecret(
  response: GetResponse | undefined,
  ref: SecretRef,
  malformed: (reason: string) => Error,
): SshKeySecret {
  if (!response || typeof response !== 'object') throw malformed('the Response envelope is empty');
  if (typeof response.PrivateKey !== 'string' || !response.PrivateKey)
    throw malformed('PrivateKey is missing');
  if (typeof response.SSHKeyID !== 'string' || !response.SSHKeyID)
    throw malformed('SSHKeyID is missing');
  return {
    secretName: 'secretName' in ref ? ref.secretName : undefined,
    sshKeyId: response.SSHKeyID,
    sshKeyName: typeof response.SSHKeyName === 'string' ? response.SSHKeyName : '',
    projectId: typeof response.ProjectID === 'number' ? response.ProjectID : 0,
    rawPublicKey:
      typeof response.PublicKey === 'string' && response.PublicKey ? response.PublicKey : undefined,
    rawPrivateKey: response.PrivateKey,
  };
}
