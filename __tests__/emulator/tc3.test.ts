import { describe, expect, it } from 'vitest';
import {
  canonicalizeHeaders,
  computeSignature,
  deriveSigningKey,
  formatAuthorization,
  parseAuthorization,
  signaturesEqual,
  utcDate,
} from '../../emulator/tc3.js';

// Tencent Cloud's published TC3-HMAC-SHA256 example (API 3.0 signature v3 docs).
const OFFICIAL = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
  service: 'cvm',
  timestamp: 1551113065,
  headers: { 'content-type': 'application/json; charset=utf-8', host: 'cvm.tencentcloudapi.com' },
  payload: String.raw`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`,
};

describe('TC3-HMAC-SHA256 official example', () => {
  const result = computeSignature(OFFICIAL);

  it.each([
    ['payloadHash', '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064'],
    ['canonicalRequestHash', '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031'],
    ['signature', '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168'],
    ['date', '2019-02-25'],
    ['credentialScope', '2019-02-25/cvm/tc3_request'],
    ['signedHeaders', 'content-type;host'],
  ] as const)('%s is %s', (field, expected) => {
    expect(result[field]).toBe(expected);
  });

  it('builds the canonical request line by line', () => {
    expect(result.canonicalRequest).toBe(
      [
        'POST',
        '/',
        '',
        'content-type:application/json; charset=utf-8',
        'host:cvm.tencentcloudapi.com',
        '',
        'content-type;host',
        '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
      ].join('\n'),
    );
  });

  it('builds the string to sign', () => {
    expect(result.stringToSign).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
  });

  it('formats the Authorization header the SDK sends', () => {
    expect(formatAuthorization(OFFICIAL.secretId, result)).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('derives a 32-byte signing key that changes with the date and the service', () => {
    const key = deriveSigningKey(OFFICIAL.secretKey, '2019-02-25', 'cvm');
    expect(key).toHaveLength(32);
    expect(key.equals(deriveSigningKey(OFFICIAL.secretKey, '2019-02-26', 'cvm'))).toBe(false);
    expect(key.equals(deriveSigningKey(OFFICIAL.secretKey, '2019-02-25', 'ssm'))).toBe(false);
  });

  it.each([
    ['payload', { payload: OFFICIAL.payload.replace('1', '2') }],
    ['timestamp', { timestamp: OFFICIAL.timestamp + 1 }],
    ['host', { headers: { ...OFFICIAL.headers, host: 'cvm.tencentcloudapi.com:443' } }],
    ['secret key', { secretKey: 'another' }],
  ])('changes when the %s changes', (_name, change) => {
    expect(computeSignature({ ...OFFICIAL, ...change }).signature).not.toBe(result.signature);
  });
});

describe('canonicalizeHeaders', () => {
  it('lowercases, trims and sorts names and values', () => {
    expect(
      canonicalizeHeaders({ Host: ' Example.COM ', 'Content-Type': 'application/json' }),
    ).toEqual({
      canonicalHeaders: 'content-type:application/json\nhost:example.com\n',
      signedHeaders: 'content-type;host',
    });
  });
});

describe('utcDate', () => {
  it.each([
    [1551113065, '2019-02-25'],
    [0, '1970-01-01'],
    [1704067199, '2023-12-31'],
    [1704067200, '2024-01-01'],
  ])('%i is %s', (timestamp, date) => {
    expect(utcDate(timestamp)).toBe(date);
  });
});

describe('parseAuthorization', () => {
  const signature = 'a'.repeat(64);

  it('reads the credential scope, the signed headers and the signature', () => {
    expect(
      parseAuthorization(
        `TC3-HMAC-SHA256 Credential=AKIDx/2024-05-01/127/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`,
      ),
    ).toEqual({
      secretId: 'AKIDx',
      date: '2024-05-01',
      service: '127',
      signedHeaders: ['content-type', 'host'],
      signature,
    });
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['SKIP', 'SKIP'],
    [
      'another algorithm',
      `HMAC-SHA1 Credential=a/2024-05-01/ssm/tc3_request, SignedHeaders=host, Signature=${signature}`,
    ],
    [
      'a short signature',
      'TC3-HMAC-SHA256 Credential=a/2024-05-01/ssm/tc3_request, SignedHeaders=host, Signature=abc',
    ],
    ['no scope', `TC3-HMAC-SHA256 Credential=a, SignedHeaders=host, Signature=${signature}`],
  ])('rejects %s', (_name, header) => {
    expect(parseAuthorization(header)).toBeNull();
  });
});

describe('signaturesEqual', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
  ])('%s vs %s is %s', (a, b, equal) => {
    expect(signaturesEqual(a, b)).toBe(equal);
  });
});
