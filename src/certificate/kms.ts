import { createHash, createPublicKey } from 'node:crypto';
import { Client as KmsClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/kms/v20190118/kms_client.js';
import { requestIdOf } from '../tencent-api/answer-fields.js';
import { ApiCallError, callApi, type RequestClient } from '../tencent-api/call.js';
import type { Failure } from '../tencent-api/failure.js';
import { describeKmsFailure, type KmsContext } from './kms-advice.js';
import { publicKeyOf, signatureOf, type PublicKeyAnswer, type SignAnswer } from './kms-answers.js';
import type { CaAlgorithm, CaSigner } from './types.js';
import { clientConfig, type ServiceOptions } from '../tencent-api/client-config.js';

export interface KmsSignerOptions extends ServiceOptions {
  /** `ca-kms-key-id` */
  keyId: string;
}

/** KMS signs a RAW message of at most this size; a longer one is sent as its SHA-256 digest. */
const MAX_RAW_BYTES = 4096;

function createKmsClient(options: KmsSignerOptions): RequestClient {
  return new KmsClient(clientConfig(options)) as unknown as RequestClient;
}

/**
 * The SSH certificate authority whose private half stays in Tencent KMS: GetPublicKey once
 * (cached), SignByAsymmetricKey per certificate, with retries, timeouts and KMS advice.
 */
export function kmsCaSigner(
  options: KmsSignerOptions,
  client: RequestClient = createKmsClient(options),
): CaSigner {
  return new KmsCaSigner(options, client);
}

class KmsCaSigner implements CaSigner {
  private readonly ctx: KmsContext;
  private cached: Promise<Buffer> | undefined;

  constructor(
    private readonly options: KmsSignerOptions,
    private readonly client: RequestClient,
  ) {
    this.ctx = {
      keyId: options.keyId,
      region: options.region,
      endpoint: `${options.endpoint.protocol}${options.endpoint.host}`,
      credentialSource: options.credentials.source,
    };
  }

  publicKey(): Promise<Buffer> {
    const { keyId } = this.options;
    this.cached ??= this.call<PublicKeyAnswer>('GetPublicKey', { KeyId: keyId }).then((answer) => {
      const der = publicKeyOf(answer, keyId);
      if (typeof der === 'string') throw this.malformed('GetPublicKey', der, answer);
      return der;
    });
    // A failed lookup is not kept: the next caller asks again.
    this.cached.catch(() => (this.cached = undefined));
    return this.cached;
  }

  async sign(message: Buffer, algorithm: CaAlgorithm): Promise<Buffer> {
    const rsaBytes = algorithm === 'ECC_P256_R1' ? undefined : modulusBytes(await this.publicKey());
    const raw = message.length <= MAX_RAW_BYTES;
    const sent = raw ? message : createHash('sha256').update(message).digest();
    const answer = await this.call<SignAnswer>('SignByAsymmetricKey', {
      KeyId: this.options.keyId,
      Algorithm: algorithm,
      Message: sent.toString('base64'),
      MessageType: raw ? 'RAW' : 'DIGEST',
    });
    const signature = signatureOf(answer, algorithm, rsaBytes);
    if (typeof signature === 'string') {
      throw this.malformed('SignByAsymmetricKey', signature, answer);
    }
    return signature;
  }

  private call<T>(action: string, params: object): Promise<T> {
    const { maxAttempts, timeoutSeconds, call } = this.options;
    return callApi<T>(this.client, action, params, {
      maxAttempts,
      timeoutSeconds,
      describe: (failure, end) => describeKmsFailure(failure, { ...this.ctx, ...end }),
      ...call,
    });
  }

  private malformed(action: string, reason: string, answer: { RequestId?: unknown }) {
    const requestId = requestIdOf(answer?.RequestId);
    const failure: Failure = { kind: 'malformed', reason, requestId };
    return new ApiCallError(
      failure,
      describeKmsFailure(failure, { ...this.ctx, action, attempts: 1 }),
    );
  }
}

/** The RSA modulus length in bytes, or undefined when the CA key is not RSA. */
function modulusBytes(spki: Buffer): number | undefined {
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  const bits = key.asymmetricKeyDetails?.modulusLength;
  return key.asymmetricKeyType === 'rsa' && bits ? Math.ceil(bits / 8) : undefined;
}
