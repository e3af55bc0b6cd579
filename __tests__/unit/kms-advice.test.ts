import { describe, expect, it } from 'vitest';
import {
  KMS_ADVICE,
  KMS_CAM_ACTIONS,
  describeKmsFailure,
  type KmsContext,
} from '../../src/certificate/kms-advice.js';
import { hasSpecificAdvice } from '../../src/tencent-api/describe-failure.js';
import type { Failure } from '../../src/tencent-api/failure.js';

const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
const CTX: KmsContext = {
  keyId: KEY,
  region: 'ap-guangzhou',
  endpoint: 'https://kms.tencentcloudapi.com',
  credentialSource: 'the role qcs::cam::uin/100000000001:roleName/deploy (GitHub OIDC)',
};
const at = (action: string, attempts = 1) => ({ ...CTX, action, attempts });
const api = (code: string): Failure => ({
  kind: 'api',
  code,
  message: 'KMS says no',
  requestId: 'rid-7',
});

/** The codes Tencent documents for GetPublicKey and SignByAsymmetricKey (KMS 2019-01-18). */
const DOCUMENTED = [
  'AuthFailure',
  'InternalError',
  'InvalidParameter',
  'InvalidParameterValue.InvalidKeyId',
  'MissingParameter',
  'ResourceUnavailable.CmkNotFound',
  'ResourceUnavailable.CmkStateNotSupport',
  'UnauthorizedOperation',
];

describe('describeKmsFailure: API errors', () => {
  it.each([
    [
      'ResourceUnavailable.CmkNotFound',
      [/does not exist in region ap-guangzhou/, /'ca-kms-key-id'/, /'region'/],
    ],
    ['ResourceNotFound', [/does not exist/]],
    ['InvalidParameterValue.InvalidKeyId', [/is not a KMS key ID/, /UUID/]],
    ['ResourceUnavailable.CmkDisabled', [/is disabled/, /EnableKey/]],
    ['ResourceUnavailable.KeyDisabled', [/is disabled/]],
    ['ResourceUnavailable.CmkStateNotSupport', [/not in the Enabled state/, /pending deletion/]],
    ['ResourceUnavailable.CmkArchived', [/archived/]],
    ['ResourceUnavailable.NotPurchased', [/not activated/]],
    [
      'UnsupportedOperation',
      [
        /cannot sign SSH certificates/,
        /ASYMMETRIC_SIGN_VERIFY_ECC/,
        /ASYMMETRIC_SIGN_VERIFY_RSA_2048/,
      ],
    ],
    ['InvalidParameterValue.InvalidKeyUsage', [/cannot sign SSH certificates/]],
    [
      'UnauthorizedOperation',
      [
        /kms:SignByAsymmetricKey and kms:GetPublicKey/,
        new RegExp(`key/creatorUin/<creator-uin>/${KEY}`),
        /roleName\/deploy \(GitHub OIDC\)/,
      ],
    ],
    ['AuthFailure.UnauthorizedOperation', [/kms:SignByAsymmetricKey/]],
    ['AuthFailure.TokenFailure', [/temporary credentials/, /role-duration-seconds/]],
    ['AuthFailure.SignatureFailure', [/Authentication failed/]],
    ['AuthFailureOdd', [/Authentication failed/]],
    ['RequestLimitExceeded', [/throttled every attempt/, /'max-attempts'/]],
    ['RequestLimitExceededGlobal', [/throttled/]],
    ['InternalError', [/internal error on every attempt/]],
    ['InvalidAction', [/'kms-endpoint' \(https:\/\/kms\.tencentcloudapi\.com\)/, /2019-01-18/]],
    ['UnknownParameter', [/'kms-endpoint'/]],
    ['UnsupportedRegion', [/region ap-guangzhou/]],
    ['Brand.New', [/KMS error code reference/]],
  ])('%s', (code, advice) => {
    const message = describeKmsFailure(api(code), at('SignByAsymmetricKey', 3));
    expect(message).toMatch(
      new RegExp(
        `^SignByAsymmetricKey for KMS key '${KEY}' failed after 3 attempts: ${code.replace(/\./g, '\\.')}, RequestId rid-7: KMS says no\\. `,
      ),
    );
    for (const pattern of advice) expect(message).toMatch(pattern);
  });

  it.each(DOCUMENTED)('%s has advice of its own', (code) => {
    expect(hasSpecificAdvice(KMS_ADVICE, code)).toBe(true);
  });

  it('names the two CAM actions the CA needs', () => {
    expect(KMS_CAM_ACTIONS).toEqual(['kms:SignByAsymmetricKey', 'kms:GetPublicKey']);
  });
});

describe('describeKmsFailure: other failures', () => {
  it.each<[Failure, RegExp[]]>([
    [{ kind: 'http', status: 502 }, [/HTTP 502 from https:\/\/kms/, /KMS or a proxy/]],
    [{ kind: 'http', status: 404 }, [/'kms-endpoint'/]],
    [{ kind: 'timeout', seconds: 5 }, [/did not answer within 5 s \(timed out\)/]],
    [{ kind: 'network', reason: 'ECONNREFUSED' }, [/could not reach/, /Check 'kms-endpoint'/]],
    [
      { kind: 'malformed', reason: 'Signature is not base64', requestId: 'rid-1' },
      [
        /malformed \(Signature is not base64, RequestId rid-1\)/,
        /'kms-endpoint' is a Tencent Cloud KMS endpoint/,
      ],
    ],
  ])('%j', (failure, patterns) => {
    const message = describeKmsFailure(failure, at('GetPublicKey'));
    expect(message).toMatch(/^GetPublicKey for KMS key '1234abcd-/);
    for (const pattern of patterns) expect(message).toMatch(pattern);
  });
});
