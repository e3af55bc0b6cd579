import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicBlobOf } from '../helpers/key-public-part.js';
import { base64Body, expectNoLeak, findLeaks, WINDOW } from '../helpers/leak-scan.js';
import { generateKeyPair, type KeyPair, type KeyType } from '../../harness/ssh-tools.js';

const dir = mkdtempSync(join(tmpdir(), 'leak-scan-'));
const keyTypes: KeyType[] = ['ed25519', 'rsa-pem', 'ecdsa'];
const keys = {} as Record<KeyType, KeyPair>;

beforeAll(async () => {
  for (const type of keyTypes) keys[type] = await generateKeyPair(dir, type, `ci@${type}`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bodyLines = (key: string) =>
  key.split('\n').filter((l) => l !== '' && !l.startsWith('-----'));
const middle = (text: string) => text.slice(Math.floor(text.length / 2) - 12).slice(0, WINDOW);

/** Each case: how the log exposes the key, and the rule that must fire. */
const leakCases: [string, (k: KeyPair) => string, RegExp][] = [
  ['the whole key', (k) => `key:\n${k.privateKey}done`, /secret #1: whole value/],
  [
    'one line of the body',
    (k) => `error near ${bodyLines(k.privateKey)[1]} here`,
    /line 2 of the secret/,
  ],
  ['a 24-char window', (k) => `bad char in ${middle(base64Body(k.privateKey))}!`, /base64 window/],
  [
    'the key %0A-escaped in an error',
    (k) => `::error::${k.privateKey.replace(/\n/g, '%0A')}`,
    /line/,
  ],
  [
    'the body unwrapped into one line',
    (k) => `{"k":"${base64Body(k.privateKey)}"}`,
    /base64 window/,
  ],
  ['the key JSON-escaped', (k) => JSON.stringify({ key: k.privateKey }), /whole value|line 1/],
  [
    'the key base64-encoded',
    (k) => Buffer.from(k.privateKey).toString('base64'),
    /\(base64-encoded\)/,
  ],
  [
    'a mask command turned off by stop-commands',
    (k) => `::stop-commands::x1\n::add-mask::${bodyLines(k.privateKey)[0]}\n::x1::`,
    /line 1 of the secret/,
  ],
];

describe.each(keyTypes)('findLeaks with an %s key', (type) => {
  it.each(leakCases)('flags %s', (_name, makeLog, rule) => {
    const leaks = findLeaks(makeLog(keys[type]), [keys[type].privateKey]);
    expect(leaks.join('\n')).toMatch(rule);
  });

  it('flags the PEM when the secret given is the raw base64 API value', () => {
    const raw = Buffer.from(keys[type].privateKey).toString('base64');
    const leaks = findLeaks(`got ${bodyLines(keys[type].privateKey)[2]}`, [raw]);
    expect(leaks.join('\n')).toMatch(/\(base64-decoded\)/);
  });

  it('never quotes the secret in a description', () => {
    const key = keys[type].privateKey;
    const leaks = findLeaks(`${key}\n${Buffer.from(key).toString('base64')}`, [key]);
    expect(leaks.length).toBeGreaterThan(3);
    const windows = new Set(base64Body(key).match(/.{24}/g));
    for (const leak of leaks) for (const w of windows) expect(leak).not.toContain(w);
  });

  it.each([
    ['the public key line', (k: KeyPair) => `Public key: ${k.publicKey}`],
    ['a known_hosts / authorized_keys line', (k: KeyPair) => `[127.0.0.1]:2222 ${k.publicKey}`],
    ['the fingerprint', (k: KeyPair) => `256 ${k.fingerprint} ci (ED25519)`],
    ['an armor line alone', (k: KeyPair) => `expected ${k.privateKey.split('\n')[0]}`],
    [
      'masked lines',
      (k: KeyPair) =>
        bodyLines(k.privateKey)
          .map((l) => `::add-mask::${l}`)
          .join('\n'),
    ],
    [
      'the mask of the whole key',
      (k: KeyPair) => `::add-mask::${k.privateKey.replace(/\n/g, '%0A')}`,
    ],
  ])('does not flag %s', (_name, makeLog) => {
    expect(findLeaks(makeLog(keys[type]), [keys[type].privateKey])).toEqual([]);
  });

  it('derives the public blob of the key', () => {
    expect(publicBlobOf(keys[type].privateKey)).toBe(keys[type].publicKey.split(' ')[1]);
  });
});

const ordinaryLog = [
  '##[group]Run tencentcloud-ssh-key',
  'Fetching secret deploy-key from ssm.ap-guangzhou.tencentcloudapi.com (RequestId 6b8c1e4a-0c1f-4a11-9d1b-2f8e3c4d5e6f)',
  'Identity added: (stdin) (deploy@ci)',
  'SSH_AUTH_SOCK=/home/runner/work/_temp/ssh-agent-abc/agent.sock; SSH_AGENT_PID=4242',
  '::debug::retrying RequestLimitExceeded in 812 ms (attempt 2 of 5)',
  `::notice::fingerprint SHA256:${'Vwp4/xTMJNEgdavglSLXUfRl1UPf4Tonlo2x63T9DE8'}`,
  'eyJSZXNwb25zZSI6eyJSZXF1ZXN0SWQiOiIxMjMifX0=',
  'Warning: Permanently added [127.0.0.1]:2222 (ED25519) to the list of known hosts.',
  '##[endgroup]',
].join('\n');

describe('findLeaks on other secrets and ordinary text', () => {
  const apiSecret = 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';
  const token = 'tok-0123456789abcdefXYZ';

  it.each([
    ['whole API secret', `SecretKey=${apiSecret}`, apiSecret, /whole value/],
    ['24 chars of it', `sig ${apiSecret.slice(4, 28)}`, apiSecret, /base64 window/],
    [
      'it split across lines',
      `${apiSecret.slice(0, 16)}\n${apiSecret.slice(16)}`,
      apiSecret,
      /window/,
    ],
    ['it base64-encoded', Buffer.from(apiSecret).toString('base64'), apiSecret, /base64-encoded/],
    ['a short token', `token=${token}`, token, /whole value/],
  ])('flags %s', (_name, log, secret, rule) => {
    expect(findLeaks(log, [secret]).join('\n')).toMatch(rule);
  });

  it('finds nothing in ordinary log text', () => {
    const secrets = [apiSecret, token, ...keyTypes.map((t) => keys[t].privateKey)];
    const publicLines = keyTypes.map((t) => keys[t].publicKey).join('\n');
    expect(findLeaks(`${ordinaryLog}\n${publicLines}`, secrets)).toEqual([]);
  });

  it('ignores empty secrets and numbers secrets by their position', () => {
    expect(findLeaks(`x ${apiSecret}`, ['', apiSecret])[0]).toMatch(/^secret #2:/);
  });

  it('treats declared public values as public', () => {
    const shared = 'PUBLICPARTPUBLICPARTPUBLICPART';
    const secret = `${shared}-private-tail-0123456789`;
    expect(findLeaks(`log ${shared}`, [secret])).not.toEqual([]);
    expect(findLeaks(`log ${shared}`, [secret], { publicValues: [shared] })).toEqual([]);
  });

  it('expectNoLeak throws with descriptions only', () => {
    expect(() => expectNoLeak(ordinaryLog, [apiSecret])).not.toThrow();
    expect(() => expectNoLeak(`k=${apiSecret}`, [apiSecret])).toThrow(/secret #1: whole value/);
    expect(() => expectNoLeak(`k=${apiSecret}`, [apiSecret])).not.toThrow(apiSecret);
  });

  it('scans a megabyte of log quickly', () => {
    const big = `${ordinaryLog}\n`.repeat(Math.ceil(1_000_000 / ordinaryLog.length));
    const started = Date.now();
    expect(findLeaks(big, [apiSecret, ...keyTypes.map((t) => keys[t].privateKey)])).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
