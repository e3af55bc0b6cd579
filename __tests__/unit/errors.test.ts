import { describe, expect, it } from 'vitest';
import { ActionError, safeMessage } from '../../src/errors.js';
import { COMMON_CODES, SSM_ADVICE, SSM_CODES } from '../../src/ssm/advice.js';
import {
  describeFailure as describeWith,
  hasSpecificAdvice as hasAdvice,
  type FailureContext,
} from '../../src/tencent-api/describe-failure.js';
import type { Failure } from '../../src/tencent-api/failure.js';
import { KeyMaterialError } from '../../src/ssh-key/key-material-error.js';
import { InputError } from '../../src/settings/validate.js';

/** The SSM profile: these tests predate the describer that SSM and STS now share. */
const describeFailure = (failure: Failure, ctx: FailureContext) =>
  describeWith(failure, ctx, SSM_ADVICE);
const hasSpecificAdvice = (code: string) => hasAdvice(SSM_ADVICE, code);

const CTX: FailureContext = {
  action: 'GetSSHKeyPairValue',
  subject: "secret 'deploy-key'",
  region: 'ap-guangzhou',
  endpoint: 'https://ssm.tencentcloudapi.com',
  attempts: 1,
};

const api = (code: string, message = 'Tencent says no.'): Failure => ({
  kind: 'api',
  code,
  message,
  requestId: 'rid-0123',
});

/** "Check the credentials", as the action's inputs name them. */
const CREDENTIALS = /Check secret-id and secret-key \(or the TENCENTCLOUD_\* variables\)/;
const POLICY = /CAM .*policy must allow ssm:GetSSHKeyPairValue/;

/** Every code in the ADVICE table, and what its next step must say. */
const ADVICE_CASES: [string, RegExp[]][] = [
  [
    'ResourceNotFound',
    [/Secret 'deploy-key' does not exist in region ap-guangzhou/, /'mode: get-or-create'/],
  ],
  ['ResourceInUse.SecretExists', [/already exists/, /'mode: get'/, /'mode: get-or-create'/]],
  ['ResourceInUse.VersionIdExists', [/another 'secret-name'/]],
  ['ResourceUnavailable.NotPurchased', [/not activated/, /activate it/]],
  ['ResourceUnavailable.ResourceDisabled', [/disabled/, /enable it/]],
  ['ResourceUnavailable.ResourcePendingDeleted', [/scheduled for deletion/, /restore it/]],
  ['FailedOperation.AccessKmsError', [/'kms-key-id'/]],
  ['FailedOperation', [/Tencent Cloud side/]],
  ['LimitExceeded', [/quota/]],
  ['InvalidParameterValue.TagKeysDuplicated', [/'tags'/]],
  ['InvalidParameterValue.TagsNotExisted', [/'tags'/, /Tag console/]],
  ['InvalidParameterValue', [/parameter value/]],
  ['InvalidParameter', [/rejected a parameter/]],
  ['MissingParameter', [/required parameter/]],
  ['UnknownParameter', [/SSM endpoint/]],
  ['UnauthorizedOperation', [POLICY]],
  ['AuthFailure.UnauthorizedOperation', [POLICY]],
  ['AuthFailure.SignatureFailure', [/signature was rejected/, CREDENTIALS]],
  ['AuthFailure.SecretIdNotFound', [/secret-id does not exist/, CREDENTIALS]],
  ['AuthFailure.InvalidSecretId', [/not a valid API key ID/, CREDENTIALS]],
  ['AuthFailure.SignatureExpire', [/clock/]],
  ['AuthFailure.TokenFailure', [/session-token/, /credentials/]],
  ['AuthFailure.InvalidAuthorization', [/Authorization header/, CREDENTIALS]],
  ['AuthFailure.MFAFailure', [/MFA/, /API key/]],
  ['InternalError', [/retry later/, /max-attempts/]],
  ['RequestLimitExceeded', [/throttled/, /'max-attempts'/]],
  ['ServiceUnavailable', [/retry later/]],
  [
    'InvalidAction',
    [/https:\/\/ssm\.tencentcloudapi\.com does not offer GetSSHKeyPairValue/, /'endpoint'/],
  ],
  ['NoSuchVersion', [/API version/, /'endpoint'/]],
  ['UnsupportedRegion', [/region ap-guangzhou/, /'region'/]],
  ['UnsupportedOperation', [/does not support/]],
  ['IpInBlacklist', [/IP address is blocked/]],
  ['IpNotInWhitelist', [/IP allowlist/]],
  ['RequestSizeLimitExceeded', [/'description'/]],
];

/** Codes not in the table fall back to their prefix, then to a family default. */
const FALLBACK_CASES: [string, RegExp[]][] = [
  ['ResourceNotFound.SecretNotExist', [/'mode: get-or-create'/]],
  ['UnauthorizedOperation.NotAllowed', [POLICY]],
  ['AuthFailure.SomethingNew', [/Authentication failed/, CREDENTIALS]],
  ['RequestLimitExceeded.UinLimitExceeded', [/'max-attempts'/]],
  ['RequestLimitExceededGlobal', [/'max-attempts'/]],
  ['InvalidParameterValue.SecretNameTooLong', [/parameter value/]],
  ['FailedOperation.Unknown', [/Tencent Cloud side/]],
  ['BrandNewError', [/error code reference/]],
];

describe('describeFailure for API errors', () => {
  it.each([...ADVICE_CASES, ...FALLBACK_CASES])('%s', (code, nextSteps) => {
    const message = describeFailure(api(code), CTX);
    expect(message).toContain("GetSSHKeyPairValue for secret 'deploy-key' failed");
    expect(message).toContain(`${code}, RequestId rid-0123`);
    expect(message).toContain('Tencent says no.');
    for (const step of nextSteps) expect(message).toMatch(step);
  });

  it('names the action of the call in the CAM advice', () => {
    const message = describeFailure(api('UnauthorizedOperation'), {
      ...CTX,
      action: 'CreateSSHKeyPairSecret',
    });
    expect(message).toContain('ssm:CreateSSHKeyPairSecret');
    expect(message).toContain('qcs::ssm:ap-guangzhou:');
  });

  it('says how many attempts were made, only when more than one', () => {
    expect(describeFailure(api('InternalError'), { ...CTX, attempts: 5 })).toContain(
      'failed after 5 attempts: InternalError',
    );
    expect(describeFailure(api('InternalError'), CTX)).not.toMatch(/failed after/);
  });

  it('does not double the full stop after a message that ends with one', () => {
    expect(describeFailure(api('InternalError', 'Internal error.'), CTX)).not.toContain('..');
  });

  it('copes with an error without message or RequestId', () => {
    const message = describeFailure({ kind: 'api', code: 'InternalError', message: '' }, CTX);
    expect(message).toContain('InternalError: (no message)');
    expect(message).not.toContain('RequestId');
  });
});

describe('the error catalogue', () => {
  it.each([...SSM_CODES, ...COMMON_CODES])('%s has advice of its own', (code) => {
    expect(hasSpecificAdvice(code)).toBe(true);
    const message = describeFailure(api(code), CTX);
    expect(message).not.toMatch(/error code reference/);
    expect(message).toContain(`${code}, RequestId rid-0123`);
  });

  it('falls back for a code it does not know', () => {
    expect(hasSpecificAdvice('BrandNewError')).toBe(false);
  });

  it('points a missing SSH key ID at ssh-key-id, not at get-or-create', () => {
    const message = describeFailure(api('ResourceNotFound'), {
      ...CTX,
      subject: "SSH key 'skey-abcd1234'",
    });
    expect(message).toContain("Check 'ssh-key-id' and 'region'");
    expect(message).not.toContain('get-or-create');
  });
});

describe('describeFailure for other failures', () => {
  it.each<[string, Failure, RegExp[]]>([
    [
      'HTTP 5xx',
      { kind: 'http', status: 502, requestId: 'rid-1' },
      [/HTTP 502 from https:\/\/ssm/, /RequestId rid-1/, /retry later/],
    ],
    [
      'HTTP 4xx',
      { kind: 'http', status: 404 },
      [/HTTP 404/, /Check 'endpoint' and any proxy settings/],
    ],
    [
      'a timeout',
      { kind: 'timeout', seconds: 30 },
      [/did not answer within 30 s \(timed out\)/, /'timeout-seconds'/, /HTTPS_PROXY/],
    ],
    [
      'a network error',
      { kind: 'network', reason: 'ECONNREFUSED' },
      [/could not reach https:\/\/ssm\.tencentcloudapi\.com \(ECONNREFUSED\)/, /DNS/, /NO_PROXY/],
    ],
    [
      'a proxy that wants credentials',
      { kind: 'http', status: 407 },
      [/HTTP 407/, /proxy requires authentication/, /HTTPS_PROXY=http:\/\/user:password@/],
    ],
    ['throttling at the HTTP level', { kind: 'http', status: 429 }, [/HTTP 429/, /'max-attempts'/]],
    [
      'key material that is not a key',
      {
        kind: 'malformed',
        reason: 'PrivateKey is neither PEM/OpenSSH private key text nor base64 of it',
        requestId: 'rid-3',
        keyMaterial: true,
      },
      [/holds no usable SSH key \(PrivateKey is neither .*, RequestId rid-3\)/, /SSM console/],
    ],
    [
      'a malformed response',
      { kind: 'malformed', reason: 'PrivateKey is missing', requestId: 'rid-2' },
      [/malformed \(PrivateKey is missing, RequestId rid-2\)/, /SSM endpoint/],
    ],
  ])('%s', (_label, failure, expected) => {
    const message = describeFailure(failure, { ...CTX, attempts: 3 });
    expect(message).toContain("GetSSHKeyPairValue for secret 'deploy-key' failed");
    for (const pattern of expected) expect(message).toMatch(pattern);
  });
});

describe('safeMessage', () => {
  const KEY = 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';
  const PEM_LINE = 'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi6Y8Ra2E7XgwjR0g8mlVeXyVpC';

  it('returns the message of an ActionError unchanged', () => {
    expect(safeMessage(new ActionError('Use mode: get-or-create.', 'ResourceNotFound'), [])).toBe(
      'Use mode: get-or-create.',
    );
  });

  it.each<[string, unknown, string[], string]>([
    ['a known secret', new Error(`bad key ${KEY} here`), [KEY], 'bad key *** here'],
    ['every occurrence', new Error(`${KEY}/${KEY}`), [KEY], '***/***'],
    ['several secrets', new Error('id tok3n and s3cret'), ['tok3n', 's3cret'], 'id *** and ***'],
    ['secrets shorter than 4 are left alone', new Error('a b c'), ['b'], 'a b c'],
    ['a long base64 run', new Error(`key ${PEM_LINE} end`), [], 'key [redacted] end'],
    ['a 39-character run is kept', new Error(`x ${'A'.repeat(39)}`), [], `x ${'A'.repeat(39)}`],
    ['a thrown string', `failed: ${KEY}`, [KEY], 'failed: ***'],
    ['an error subclass', new TypeError(`Cannot read ${KEY}`), [KEY], 'Cannot read ***'],
  ])('scrubs %s', (_label, error, secrets, expected) => {
    expect(safeMessage(error, secrets)).toBe(expected);
  });

  it('scrubs a whole PEM key quoted in a message', () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_LINE}\n${PEM_LINE}\n-----END RSA PRIVATE KEY-----`;
    const message = safeMessage(new Error(`ssh-add failed on ${pem}`));
    expect(message).not.toContain(PEM_LINE.slice(0, 20));
  });

  it('shows an InputError as written, long values included', () => {
    const message = `Input 'secret-name' is invalid: got '${'x'.repeat(129)}'; expected a name.`;
    expect(safeMessage(new InputError('secret-name', message), [])).toBe(message);
  });

  it('adds what to do to a KeyMaterialError, keeping the fingerprints it names', () => {
    const fingerprint = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';
    const error = new KeyMaterialError(`PublicKey (${fingerprint}) does not match PrivateKey`);
    const message = safeMessage(error, [KEY]);
    expect(message).toMatch(/^The SSH key in the secret cannot be used: PublicKey/);
    expect(message).toContain(fingerprint);
    expect(message).toContain('SSM console');
  });

  it.each<[string, unknown]>([
    ['an empty Error', new Error('')],
    ['an empty TypeError', new TypeError('')],
    ['an empty string', ''],
  ])('never returns an empty message (%s)', (_label, error) => {
    expect(safeMessage(error)).not.toBe('');
  });
});
