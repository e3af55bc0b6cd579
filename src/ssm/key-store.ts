import { Client as SsmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ssm/v20190923/ssm_client.js';
import {
  ApiCallError,
  callApi,
  type CallOptions,
  type RequestClient,
} from '../tencent-api/call.js';
import { describeFailure } from '../tencent-api/describe-failure.js';
import { SSM_ADVICE } from './advice.js';
import type { Failure } from '../tencent-api/failure.js';
import { freeText, requestIdOf } from '../tencent-api/answer-fields.js';
import {
  createdProblem,
  isFailure,
  secretFromResponse,
  type CreateResponse,
  type GetResponse,
  type SshKeySecret,
} from './response.js';
import type { SecretRef, Tag } from '../settings/settings.js';
import { mask } from '../secrets.js';
import { clientConfig, type ServiceOptions } from '../tencent-api/client-config.js';

export type { SshKeySecret } from './response.js';

export interface CreateRequest {
  secretName: string;
  projectId: number;
  description: string;
  kmsKeyId?: string;
  sshKeyName?: string;
  tags: Tag[];
}

/** What CreateSSHKeyPairSecret answered; the secret's name is the one asked for, not echoed. */
export interface CreatedSecret {
  sshKeyId: string;
  sshKeyName: string;
}

/** What the mode logic needs from SSM; tests replace it. */
export interface KeyStore {
  get(ref: SecretRef, options?: { afterCreate?: boolean }): Promise<SshKeySecret>;
  create(request: CreateRequest): Promise<CreatedSecret>;
}

export type SsmOptions = ServiceOptions;

function createSsmClient(options: SsmOptions): RequestClient {
  return new SsmClient(clientConfig(options)) as unknown as RequestClient;
}

/** The SSM key store: GetSSHKeyPairValue and CreateSSHKeyPairSecret with retries and checks. */
export function ssmKeyStore(
  options: SsmOptions,
  client: RequestClient = createSsmClient(options),
): KeyStore {
  return new SsmKeyStore(options, client);
}

class SsmKeyStore implements KeyStore {
  private readonly endpoint: string;

  constructor(
    private readonly options: SsmOptions,
    private readonly client: RequestClient,
  ) {
    this.endpoint = `${options.endpoint.protocol}${options.endpoint.host}`;
  }

  async get(ref: SecretRef, { afterCreate = false } = {}): Promise<SshKeySecret> {
    const subject = describeRef(ref);
    const response = await this.readKeyPair(ref, subject, afterCreate);
    if (typeof response?.PrivateKey === 'string' && response.PrivateKey) {
      mask(response.PrivateKey);
    }
    const secret = secretFromResponse(response, ref);
    if (isFailure(secret)) throw this.failed('GetSSHKeyPairValue', subject, secret);
    return secret;
  }

  async create(request: CreateRequest): Promise<CreatedSecret> {
    const subject = describeRef({ secretName: request.secretName });
    const response = await callApi<CreateResponse>(
      this.client,
      'CreateSSHKeyPairSecret',
      createParams(request),
      this.callOptions(subject),
    );
    const problem = createdProblem(response);
    if (problem) {
      const requestId = requestIdOf(response?.RequestId);
      const failure: Failure = { kind: 'malformed', reason: problem, requestId };
      throw this.failed('CreateSSHKeyPairSecret', subject, failure);
    }
    return { sshKeyId: response.SSHKeyID as string, sshKeyName: freeText(response.SSHKeyName) };
  }

  private async readKeyPair(ref: SecretRef, subject: string, afterCreate: boolean) {
    const params =
      'secretName' in ref ? { SecretName: ref.secretName } : { SSHKeyId: ref.sshKeyId };
    // A secret just created may take a moment to become readable.
    const settling = (f: Failure) =>
      afterCreate && f.kind === 'api' && f.code === 'ResourceNotFound';
    try {
      return await callApi<GetResponse>(this.client, 'GetSSHKeyPairValue', params, {
        ...this.callOptions(subject),
        settling,
      });
    } catch (error) {
      throw afterCreate ? stillMissingAfterCreate(error, subject) : error;
    }
  }

  private callOptions(subject: string): CallOptions {
    const { maxAttempts, timeoutSeconds, region, call } = this.options;
    return {
      maxAttempts,
      timeoutSeconds,
      describe: (failure, end) =>
        describeFailure(failure, { subject, region, endpoint: this.endpoint, ...end }, SSM_ADVICE),
      ...call,
    };
  }

  private failed(action: string, subject: string, failure: Failure): ApiCallError {
    const { region } = this.options;
    const context = { subject, region, endpoint: this.endpoint, action, attempts: 1 };
    return new ApiCallError(failure, describeFailure(failure, context, SSM_ADVICE));
  }
}

/** A secret created a moment ago that still reads as missing: say so, not "use get-or-create". */
function stillMissingAfterCreate(error: unknown, subject: string): unknown {
  if (!(error instanceof ApiCallError) || error.code !== 'ResourceNotFound') return error;
  const { failure } = error;
  const rid = failure.kind === 'api' && failure.requestId ? `, RequestId ${failure.requestId}` : '';
  return new ApiCallError(
    failure,
    `GetSSHKeyPairValue for ${subject} failed: it was just created but still reads as missing ` +
      `(ResourceNotFound${rid}). SSM is catching up: re-run the job; 'mode: get-or-create' ` +
      'will read it.',
    error.attempts,
  );
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
