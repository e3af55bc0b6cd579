import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client as SsmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ssm/v20190923/ssm_client.js';
import {
  MalformedResponse,
  classifyError,
  failureSummary,
  isRetryable,
  isThrottling,
  type Failure,
} from '../../src/tencent-api/failure.js';

const require = createRequire(import.meta.url);

/** The SDK's own exception class: what AbstractClient throws for API, HTTP and network errors. */
type SdkException = Error & { requestId: string; code?: string; httpCode?: number };
const SdkError = (
  require('tencentcloud-sdk-nodejs/tencentcloud/common/exception/tencent_cloud_sdk_exception.js') as {
    default: new (message: string, requestId?: string, traceId?: string) => SdkException;
  }
).default;

/** node-fetch v2's errors: parseResponse's res.json() lets these through unwrapped. */
const { FetchError } = require('node-fetch') as {
  FetchError: new (message: string, type: string, systemError?: { code: string }) => Error;
};

const BODY_SECRET = '-----BEGIN RSA PRIVATE KEY-----';
/** A body JSON.parse quotes whole in its message, as node-fetch passes it on. */
const QUOTED_BODY = 'MIIEpAIBAA';
const URL_ = 'https://ssm.tencentcloudapi.com/';

function apiError(code: string, message: string, requestId: string): SdkException {
  const error = new SdkError(message, requestId, 'trace-1');
  error.code = code;
  return error;
}

function httpError(status: number, statusText: string): SdkException {
  const error = new SdkError(statusText, '', 'trace-1');
  error.httpCode = status;
  return error;
}

/** The message JSON.parse gives for `body` on this Node: it quotes the start of the body. */
function jsonParseMessage(body: string): string {
  try {
    JSON.parse(body);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${body} is valid JSON`);
}

const sdkWrapped = (message: string) => new SdkError(message, '', 'trace-1');

const CASES: [string, unknown, Failure][] = [
  [
    'an API error',
    apiError('ResourceNotFound', 'The secret does not exist.', 'rid-1'),
    {
      kind: 'api',
      code: 'ResourceNotFound',
      message: 'The secret does not exist.',
      requestId: 'rid-1',
    },
  ],
  [
    'a dotted API error code',
    apiError('AuthFailure.SignatureFailure', 'bad\nsignature', 'rid-2'),
    {
      kind: 'api',
      code: 'AuthFailure.SignatureFailure',
      message: 'bad signature',
      requestId: 'rid-2',
    },
  ],
  [
    'an API error without a RequestId',
    apiError('InternalError', '', ''),
    { kind: 'api', code: 'InternalError', message: '', requestId: undefined },
  ],
  [
    'an error envelope without a Code',
    new SdkError('ENOTFOUND looks like a network error', 'rid-5', 'trace-1'),
    { kind: 'malformed', reason: 'the error in the response has no Code', requestId: 'rid-5' },
  ],
  ['HTTP 502', httpError(502, 'Bad Gateway'), { kind: 'http', status: 502, requestId: undefined }],
  ['HTTP 404', httpError(404, 'Not Found'), { kind: 'http', status: 404, requestId: undefined }],
  [
    'connection refused',
    sdkWrapped(`request to ${URL_} failed, reason: connect ECONNREFUSED 127.0.0.1:443`),
    { kind: 'network', reason: 'ECONNREFUSED' },
  ],
  [
    'an unknown host',
    sdkWrapped(`request to ${URL_} failed, reason: getaddrinfo ENOTFOUND ssm.example.invalid`),
    { kind: 'network', reason: 'ENOTFOUND' },
  ],
  [
    'a hang-up without errno',
    sdkWrapped(`request to ${URL_} failed, reason: socket hang up`),
    {
      kind: 'network',
      reason: 'the server closed the connection without an answer (socket hang up)',
    },
  ],
  [
    'a TLS certificate problem',
    sdkWrapped(`request to ${URL_} failed, reason: self-signed certificate in certificate chain`),
    { kind: 'network', reason: 'TLS error: self-signed certificate in certificate chain' },
  ],
  [
    'a TLS problem naming a proxy URL with a password',
    sdkWrapped('reason: TLS handshake via http://me:Pr0xyPass@proxy:3128 failed'),
    { kind: 'network', reason: 'TLS error: TLS handshake via http://***@proxy:3128 failed' },
  ],
  [
    'a reset while reading the body',
    new FetchError(
      `Invalid response body while trying to fetch ${URL_}: read ECONNRESET`,
      'system',
      {
        code: 'ECONNRESET',
      },
    ),
    { kind: 'network', reason: 'ECONNRESET' },
  ],
  [
    'the SDK request timeout',
    sdkWrapped(`network timeout at: ${URL_}`),
    { kind: 'timeout', seconds: 7 },
  ],
  ['our abort signal', sdkWrapped('The user aborted a request.'), { kind: 'timeout', seconds: 7 }],
  [
    'a body timeout',
    new FetchError(`Response timeout while trying to fetch ${URL_} (over 7000ms)`, 'body-timeout'),
    { kind: 'timeout', seconds: 7 },
  ],
  [
    'invalid JSON quoting the body',
    new FetchError(
      `invalid json response body at ${URL_} reason: ${jsonParseMessage(QUOTED_BODY)}`,
      'invalid-json',
    ),
    { kind: 'malformed', reason: 'the response body is not JSON' },
  ],
  [
    'invalid JSON whose body reads like a timeout',
    new FetchError(
      `invalid json response body at ${URL_} reason: ${jsonParseMessage('timed out')}`,
      'invalid-json',
    ),
    { kind: 'malformed', reason: 'the response body is not JSON' },
  ],
  [
    'JSON without the Response envelope',
    new TypeError("Cannot read properties of undefined (reading 'Error')"),
    { kind: 'malformed', reason: 'the response lacks the Response envelope' },
  ],
  [
    'our own MalformedResponse',
    new MalformedResponse('PrivateKey is missing', 'rid-3'),
    { kind: 'malformed', reason: 'PrivateKey is missing', requestId: 'rid-3' },
  ],
  ['a thrown string', 'boom', { kind: 'network', reason: 'the connection failed' }],
  ['undefined', undefined, { kind: 'network', reason: 'the connection failed' }],
];

describe('classifyError', () => {
  it.each(CASES)('classifies %s', (_label, error, expected) => {
    const failure = classifyError(error, 7, false);
    expect(failure).toEqual(expected);
    expect(JSON.stringify(failure)).not.toContain(QUOTED_BODY);
  });

  it('the invalid-JSON case really quotes the body, so the check above can fail', () => {
    expect(jsonParseMessage(QUOTED_BODY)).toContain(QUOTED_BODY);
  });

  it('treats anything as a timeout when our own deadline fired', () => {
    expect(classifyError(sdkWrapped('socket hang up'), 3, true)).toEqual({
      kind: 'timeout',
      seconds: 3,
    });
  });

  it('does not mistake an errno code for a Tencent code', () => {
    const error = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(classifyError(error, 1, false)).toEqual({ kind: 'network', reason: 'ECONNRESET' });
  });

  it('caps long API messages and keeps them on one line', () => {
    const failure = classifyError(
      apiError('InvalidParameter', `a\r\n${'x'.repeat(400)}`, 'r'),
      1,
      false,
    );
    expect(failure.kind === 'api' && failure.message).toMatch(/^a x{298}\.\.\.$/);
  });
});

describe('classifyError on hostile error answers', () => {
  const PLANTED = /[\r\n\u0085]|::warning::|::stop-commands::|::save-state/;

  it.each<[string, unknown, Failure]>([
    [
      'a RequestId carrying a workflow command',
      apiError('ResourceNotFound', 'gone', 'rid\n::warning::planted'),
      { kind: 'malformed', reason: 'RequestId is not a request ID (letters, digits and dashes)' },
    ],
    [
      'a Code carrying stop-commands',
      apiError('InternalError\n::stop-commands::tok', 'x', 'rid-1'),
      {
        kind: 'malformed',
        reason: 'the error Code in the response is not an error code',
        requestId: 'rid-1',
      },
    ],
    [
      'a Code carrying a command, without a RequestId',
      apiError('x\n::warning::planted', 'x', ''),
      { kind: 'malformed', reason: 'the error Code in the response is not an error code' },
    ],
    [
      'a Code that is not text',
      Object.assign(new SdkError('x', 'rid-1', 't'), { code: 42 }),
      {
        kind: 'malformed',
        reason: 'the error Code in the response is not an error code',
        requestId: 'rid-1',
      },
    ],
    [
      'a message carrying commands and control characters',
      apiError(
        'ResourceNotFound',
        'gone\n::save-state name=x::y\u0085::warning::p\u001b[2J',
        'r-1',
      ),
      {
        kind: 'api',
        code: 'ResourceNotFound',
        message: 'gone ::save-state name=x::y ::warning::p\\u001b[2J',
        requestId: 'r-1',
      },
    ],
  ])('%s', (_label, error, expected) => {
    const failure = classifyError(error, 1, false);
    expect(failure).toEqual(expected);
    expect(failureSummary(failure)).not.toMatch(PLANTED);
  });

  it('a TLS error naming the server is one line', () => {
    const text = `request to ${URL_} failed, reason: certificate for evil\u0085::warning::x`;
    const failure = classifyError(sdkWrapped(text), 1, false);
    expect(failure.kind === 'network' && failure.reason).toMatch(/^TLS error: .* ::warning::x$/);
  });
});

describe('isRetryable', () => {
  const api = (code: string): Failure => ({ kind: 'api', code, message: '' });

  it.each<[Failure, boolean]>([
    [{ kind: 'network', reason: 'ECONNRESET' }, true],
    [{ kind: 'timeout', seconds: 30 }, true],
    [{ kind: 'http', status: 500 }, true],
    [{ kind: 'http', status: 502 }, true],
    [{ kind: 'http', status: 503 }, true],
    [{ kind: 'http', status: 429 }, true],
    [{ kind: 'http', status: 404 }, false],
    [{ kind: 'http', status: 403 }, false],
    [api('RequestLimitExceeded'), true],
    [api('RequestLimitExceeded.UinLimitExceeded'), true],
    [api('InternalError'), true],
    [api('InternalError.DbError'), true],
    [api('ResourceNotFound'), false],
    [api('ResourceInUse.SecretExists'), false],
    [api('AuthFailure.SignatureFailure'), false],
    [api('UnauthorizedOperation'), false],
    [api('InvalidParameterValue'), false],
    [api('LimitExceeded'), false],
    [{ kind: 'malformed', reason: 'x' }, false],
  ])('%j -> %s', (failure, expected) => {
    expect(isRetryable(failure)).toBe(expected);
  });
});

describe('isThrottling', () => {
  it.each<[Failure, boolean]>([
    [{ kind: 'api', code: 'RequestLimitExceeded', message: '' }, true],
    [{ kind: 'api', code: 'RequestLimitExceeded.IPLimitExceeded', message: '' }, true],
    [{ kind: 'http', status: 429 }, true],
    [{ kind: 'api', code: 'InternalError', message: '' }, false],
    [{ kind: 'http', status: 503 }, false],
    [{ kind: 'network', reason: 'ECONNRESET' }, false],
  ])('%j -> %s', (failure, expected) => {
    expect(isThrottling(failure)).toBe(expected);
  });
});

describe('failureSummary', () => {
  it.each<[Failure, string]>([
    [
      { kind: 'api', code: 'InternalError', message: 'm', requestId: 'r-1' },
      'InternalError, RequestId r-1',
    ],
    [{ kind: 'api', code: 'InternalError', message: 'm' }, 'InternalError'],
    [{ kind: 'http', status: 503 }, 'HTTP 503'],
    [{ kind: 'timeout', seconds: 30 }, 'no answer within 30 s'],
    [{ kind: 'network', reason: 'ECONNREFUSED' }, 'network error ECONNREFUSED'],
    [
      { kind: 'malformed', reason: 'PrivateKey is missing' },
      'malformed response: PrivateKey is missing',
    ],
  ])('%j -> %s', (failure, expected) => {
    expect(failureSummary(failure)).toBe(expected);
  });
});

/** What the real SDK (and node-fetch under it) throws for each kind of bad answer. */
describe('classifyError on errors thrown by the real SDK', () => {
  const replies: Record<string, (res: import('node:http').ServerResponse) => void> = {
    ApiError: (res) =>
      res.end(
        JSON.stringify({
          Response: { Error: { Code: 'ResourceNotFound', Message: 'gone' }, RequestId: 'rid-9' },
        }),
      ),
    Http502: (res) => res.writeHead(502).end(`${BODY_SECRET}\nbody`),
    InvalidJson: (res) => res.end(QUOTED_BODY),
    NoEnvelope: (res) => res.end(JSON.stringify({ Secret: BODY_SECRET })),
    Hang: () => undefined,
  };
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    server = createServer((req, res) => replies[String(req.headers['x-tc-action'])]?.(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  async function thrownBy(action: string, host = `127.0.0.1:${port}`): Promise<unknown> {
    const client = new SsmClient({
      credential: { secretId: 'AKIDtest', secretKey: 'test-key' },
      region: 'ap-guangzhou',
      profile: { httpProfile: { endpoint: host, protocol: 'http://', reqTimeout: 1 } },
    });
    return client.request(action, {}).then(
      () => expect.fail('the request should fail'),
      (error: unknown) => error,
    );
  }

  it.each<[string, Failure['kind'], Partial<Failure>]>([
    ['ApiError', 'api', { code: 'ResourceNotFound', requestId: 'rid-9' }],
    ['Http502', 'http', { status: 502 }],
    ['InvalidJson', 'malformed', {}],
    ['NoEnvelope', 'malformed', {}],
    ['Hang', 'timeout', { seconds: 1 }],
  ])('%s -> %s', async (action, kind, fields) => {
    const failure = classifyError(await thrownBy(action), 1, false);
    expect(failure).toMatchObject({ kind, ...fields });
    expect(JSON.stringify(failure)).not.toMatch(/BEGIN|MIIE/);
  });

  it('the SDK lets the invalid-JSON error through with the body in its message', async () => {
    const error = await thrownBy('InvalidJson');
    expect(error).toMatchObject({ type: 'invalid-json' });
    expect((error as Error).message).toContain(QUOTED_BODY);
  });

  it('connection refused -> network ECONNREFUSED', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const failure = classifyError(await thrownBy('ApiError', `127.0.0.1:${closedPort}`), 1, false);
    expect(failure).toEqual({ kind: 'network', reason: 'ECONNREFUSED' });
  });
});
