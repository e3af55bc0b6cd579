import { describe, expect, it } from 'vitest';
import {
  adviceFor,
  describeFailure,
  hasSpecificAdvice,
  type AdviceProfile,
  type FailureContext,
} from '../../src/tencent-api/describe-failure.js';
import type { Failure } from '../../src/tencent-api/failure.js';
import { SSM_ADVICE } from '../../src/ssm/advice.js';
import { describeStsFailure, type StsContext } from '../../src/auth/sts-advice.js';

const SSM: FailureContext = {
  action: 'GetSSHKeyPairValue',
  subject: "secret 'deploy-key'",
  region: 'ap-guangzhou',
  endpoint: 'https://ssm.tencentcloudapi.com',
  attempts: 3,
};
const STS: StsContext = {
  roleArn: 'qcs::cam::uin/1:roleName/deploy',
  providerId: 'gh',
  audience: 'sts.tencentcloudapi.com',
  region: 'ap-guangzhou',
  endpoint: 'https://sts.tencentcloudapi.com',
  attempts: 3,
  claims: {},
};

const SSM_HEAD = "GetSSHKeyPairValue for secret 'deploy-key' failed";
const STS_HEAD = "AssumeRoleWithWebIdentity for role 'qcs::cam::uin/1:roleName/deploy' failed";
const TRIES = ' after 3 attempts';
const SSM_EP = 'https://ssm.tencentcloudapi.com';
const STS_EP = 'https://sts.tencentcloudapi.com';
const PROXY = '(HTTPS_PROXY, NO_PROXY)';

/** The exact messages the two services' describers wrote before they shared one. */
const MESSAGES: [string, Failure, string, string][] = [
  [
    'an API error',
    { kind: 'api', code: 'InternalError', message: 'Says no', requestId: 'rid-1' },
    `${SSM_HEAD}${TRIES}: InternalError, RequestId rid-1: Says no. Tencent Cloud had an internal ` +
      "error on every attempt: retry later, or raise 'max-attempts'. If it persists, contact " +
      'Tencent Cloud support.',
    `${STS_HEAD}${TRIES}: InternalError, RequestId rid-1: Says no. STS had an internal error on ` +
      "every attempt: retry later, or raise 'max-attempts'.",
  ],
  [
    'HTTP 407',
    { kind: 'http', status: 407, requestId: 'rid-2' },
    `${SSM_HEAD}${TRIES}: HTTP 407 from ${SSM_EP}, RequestId rid-2. The proxy requires ` +
      'authentication: put the user and password in the proxy URL ' +
      '(HTTPS_PROXY=http://user:password@proxy:3128).',
    `${STS_HEAD}${TRIES}: HTTP 407 from ${STS_EP}, RequestId rid-2. Check 'sts-endpoint' and any ` +
      'proxy settings.',
  ],
  [
    'HTTP 502',
    { kind: 'http', status: 502 },
    `${SSM_HEAD}${TRIES}: HTTP 502 from ${SSM_EP}. The service or a proxy in between failed: ` +
      'retry later.',
    `${STS_HEAD}${TRIES}: HTTP 502 from ${STS_EP}. STS or a proxy in between failed: retry later.`,
  ],
  [
    'a timeout',
    { kind: 'timeout', seconds: 30 },
    `${SSM_HEAD}${TRIES}: ${SSM_EP} did not answer within 30 s (timed out). Check the network or ` +
      `proxy settings ${PROXY}, or raise 'timeout-seconds'.`,
    `${STS_HEAD}${TRIES}: ${STS_EP} did not answer within 30 s. Check the network or proxy ` +
      `settings ${PROXY}, or raise 'timeout-seconds'.`,
  ],
  [
    'a network error',
    { kind: 'network', reason: 'ECONNREFUSED' },
    `${SSM_HEAD}${TRIES}: could not reach ${SSM_EP} (ECONNREFUSED). Check 'endpoint', DNS, the ` +
      `firewall and proxy settings ${PROXY}.`,
    `${STS_HEAD}${TRIES}: could not reach ${STS_EP} (ECONNREFUSED). Check 'sts-endpoint', DNS, ` +
      `the firewall and proxy settings ${PROXY}.`,
  ],
  [
    'a malformed answer',
    { kind: 'malformed', reason: 'no JSON', requestId: 'rid-3' },
    `${SSM_HEAD}: the response from ${SSM_EP} was malformed (no JSON, RequestId rid-3). Check ` +
      "that 'endpoint' is a Tencent Cloud SSM endpoint and no proxy rewrites responses.",
    `${STS_HEAD}${TRIES}: the response from ${STS_EP} was malformed (no JSON, RequestId rid-3). ` +
      "Check that 'sts-endpoint' is a Tencent Cloud STS endpoint and no proxy rewrites responses.",
  ],
  [
    'key material that is no key',
    { kind: 'malformed', reason: 'not a key', keyMaterial: true },
    `${SSM_HEAD}: the response holds no usable SSH key (not a key). Check the secret in the SSM ` +
      "console, that 'endpoint' is a Tencent Cloud SSM endpoint, and that no proxy rewrites " +
      'responses.',
    `${STS_HEAD}${TRIES}: the response from ${STS_EP} was malformed (not a key). Check that ` +
      "'sts-endpoint' is a Tencent Cloud STS endpoint and no proxy rewrites responses.",
  ],
];

describe('one describer, two profiles', () => {
  it.each(MESSAGES)('%s', (_label, failure, ssm, sts) => {
    expect(describeFailure(failure, SSM, SSM_ADVICE)).toBe(ssm);
    expect(describeStsFailure(failure, STS)).toBe(sts);
  });
});

const TOY: AdviceProfile = {
  service: 'TOY',
  endpointInput: 'toy-endpoint',
  codes: { A: () => 'advice A', 'A.B': () => 'advice A.B', Z: (ctx) => `Z in ${ctx.region}` },
  otherCode: (code) => () => `nothing for ${code}`,
  httpStatus: (status) => `status ${status}`,
  saysTimedOut: false,
  countsMalformedAttempts: true,
};
const CTX: FailureContext = { ...SSM, attempts: 1 };

describe('adviceFor and hasSpecificAdvice', () => {
  it.each<[string, string, boolean]>([
    ['A', 'advice A', true],
    ['A.B', 'advice A.B', true],
    ['A.B.C', 'advice A.B', true],
    ['A.C', 'advice A', true],
    ['Z.Q', 'Z in ap-guangzhou', true],
    ['AB', 'nothing for AB', false],
    ['B.A', 'nothing for B.A', false],
    ['', 'nothing for ', false],
    // Object.prototype's members are no advice.
    ['constructor', 'nothing for constructor', false],
    ['toString.x', 'nothing for toString.x', false],
  ])('%j -> %j', (code, advice, specific) => {
    expect(adviceFor(TOY, code)(CTX)).toBe(advice);
    expect(hasSpecificAdvice(TOY, code)).toBe(specific);
  });
});

describe('describeFailure with any profile', () => {
  it.each<[string, Failure, string]>([
    [
      'an API error whose message ends a sentence',
      { kind: 'api', code: 'A.B', message: 'Really?' },
      "GetSSHKeyPairValue for secret 'deploy-key' failed: A.B: Really? advice A.B",
    ],
    [
      'an API error without a message',
      { kind: 'api', code: 'Q', message: '' },
      "GetSSHKeyPairValue for secret 'deploy-key' failed: Q: (no message). nothing for Q",
    ],
    [
      'key material, for a profile without key advice',
      { kind: 'malformed', reason: 'r', keyMaterial: true },
      `${SSM_HEAD}: the response from ${SSM_EP} was malformed (r). Check that 'toy-endpoint' is ` +
        'a Tencent Cloud TOY endpoint and no proxy rewrites responses.',
    ],
    [
      'an HTTP status',
      { kind: 'http', status: 418 },
      `${SSM_HEAD}: HTTP 418 from ${SSM_EP}. status 418`,
    ],
  ])('%s', (_label, failure, expected) => {
    expect(describeFailure(failure, CTX, TOY)).toBe(expected);
  });
});
