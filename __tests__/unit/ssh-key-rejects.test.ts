import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadKeyPair, secretsToMask } from '../../src/ssh-key/key-pair.js';
import { ARMOR_LINE, base64, expectNoLeak, fixture, thrown, wrap } from '../fixtures/keys.js';

const rsaPem = fixture('rsa-pkcs1.pem');
const rsaLines = rsaPem.trimEnd().split('\n');
const edOpenSsh = fixture('ed25519-openssh');
const edLines = edOpenSsh.trimEnd().split('\n');
/** Bytes that are not UTF-8 text, deterministically. */
const binary = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 256));
const smallRsa = generateKeyPairSync('rsa', { modulusLength: 512 }).privateKey;
const publicPem = createPublicKey(rsaPem).export({ format: 'pem', type: 'spki' }).toString();

const PASSPHRASE = /passphrase-protected keys are not supported/;
const NEITHER = /^PrivateKey is neither PEM\/OpenSSH private key text nor base64 of it$/;
const MALFORMED_PEM = /PrivateKey is not a well-formed PEM block/;

const rejected: [string, string, RegExp][] = [
  ['passphrase PKCS#1 PEM (Proc-Type)', fixture('rsa-pkcs1-encrypted.pem'), PASSPHRASE],
  ['base64 of a passphrase PKCS#1 PEM', base64(fixture('rsa-pkcs1-encrypted.pem')), PASSPHRASE],
  ['passphrase PKCS#8 (ENCRYPTED PRIVATE KEY)', fixture('rsa-pkcs8-encrypted.pem'), PASSPHRASE],
  ['passphrase OpenSSH (cipher aes256-ctr)', fixture('ed25519-openssh-encrypted'), PASSPHRASE],
  ['empty', '', /^PrivateKey is empty$/],
  ['only whitespace', ' \r\n\t ', /^PrivateKey is empty$/],
  ['a word', 'hello', NEITHER],
  ['base64 of binary bytes', binary.toString('base64'), NEITHER],
  ['base64 of text that is no key', base64('just some text\nover two lines\n'), NEITHER],
  [
    'base64 with a bad character',
    `${base64(rsaPem).slice(0, 80)}*${base64(rsaPem).slice(80)}`,
    NEITHER,
  ],
  ['text before the armor', `Bag Attributes\n${rsaPem}`, NEITHER],
  ['a public key line', fixture('ed25519-openssh.pub'), /PrivateKey holds an OpenSSH public key/],
  [
    'base64 of a public key line',
    base64(fixture('rsa-pkcs1.pem.pub')),
    /holds an OpenSSH public key/,
  ],
  ['a PEM public key', publicPem, /PrivateKey holds a public key \(PEM "PUBLIC KEY"\)/],
  ['a PEM cut short', rsaLines.slice(0, 10).join('\n'), MALFORMED_PEM],
  ['a PEM missing its END line', rsaLines.slice(0, -1).join('\n'), MALFORMED_PEM],
  ['two PEM blocks', `${rsaPem}${fixture('rsa-other-pkcs1.pem')}`, MALFORMED_PEM],
  ['mismatched armor', rsaPem.replace('END RSA', 'END EC'), MALFORMED_PEM],
  ['a PEM with a line of junk', rsaPem.replace(rsaLines[5] ?? '', 'not base64!'), MALFORMED_PEM],
  [
    'a PEM whose body lost lines',
    [...rsaLines.slice(0, 4), ...rsaLines.slice(-3)].join('\n'),
    /PrivateKey is not a valid "RSA PRIVATE KEY" key/,
  ],
  [
    'an OpenSSH key whose body lost lines',
    [...edLines.slice(0, 2), ...edLines.slice(-2)].join('\n'),
    /PrivateKey \(OpenSSH format\) is malformed/,
  ],
  [
    'a PEM header on an unencrypted key',
    rsaPem.replace('KEY-----\n', 'KEY-----\nComment: x\n\n'),
    MALFORMED_PEM,
  ],
  ['an OpenSSH DSA key', fixture('dsa-openssh'), /^unsupported key type ssh-dss$/],
  [
    'a DSA PEM key',
    '-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----',
    /^unsupported key type dsa$/,
  ],
  ['an X25519 key', fixture('x25519-pkcs8.pem'), /^unsupported key type x25519$/],
  [
    'a secp256k1 key',
    fixture('ecdsa-secp256k1-pkcs8.pem'),
    /^unsupported key type ec \(curve secp256k1\)$/,
  ],
  [
    'a 512-bit RSA key',
    smallRsa.export({ format: 'pem', type: 'pkcs1' }).toString(),
    /RSA key of 512 bits is too small: OpenSSH requires at least 1024/,
  ],
  [
    'a certificate',
    '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
    /PrivateKey is a PEM "CERTIFICATE" block; supported private key formats: RSA PRIVATE KEY, PRIVATE KEY, EC PRIVATE KEY, OPENSSH PRIVATE KEY/,
  ],
];

describe('PrivateKey values that are rejected', () => {
  it.each(rejected)('%s', (_name, raw, message) => {
    const error = thrown(() => loadKeyPair(raw));
    expect(error.message).toMatch(message);
    expect(error.name).toBe('KeyMaterialError');
    expectNoLeak(error, raw);
  });

  // Base64 of base64 is not decoded twice, and base64 of nothing is still nothing.
  const plainRejected = rejected.filter(([name, raw]) => !name.startsWith('base64') && raw.trim());

  it.each(plainRejected)(
    '%s, as CRLF text in wrapped base64, fails the same way',
    (_name, raw, message) => {
      const wrapped = wrap(base64(raw.replace(/\n/g, '\r\n')), 64, '\r\n');
      const error = thrown(() => loadKeyPair(wrapped));
      expect(error.message).toMatch(message);
      expectNoLeak(error, wrapped);
    },
  );

  it('the no-leak check itself notices a leak', () => {
    const leaky = new Error(`bad key near ${rsaLines[3]?.slice(20, 40)}`);
    expect(() => expectNoLeak(leaky, rsaPem)).toThrow(/carries input piece/);
  });
});

describe('secretsToMask', () => {
  const keyLines = (text: string) =>
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !ARMOR_LINE.test(line));

  it.each([
    ['plain PKCS#1 PEM', rsaPem, rsaPem],
    ['plain OpenSSH key', edOpenSsh, edOpenSsh],
    ['base64 on one line', base64(rsaPem), rsaPem],
    ['wrapped base64 with CRLF', wrap(base64(edOpenSsh), 76, '\r\n'), edOpenSsh],
    ['PEM with CRLF and no final newline', rsaPem.replace(/\n/g, '\r\n').trimEnd(), rsaPem],
    [
      'an encrypted key (masked before it is rejected)',
      fixture('rsa-pkcs1-encrypted.pem'),
      fixture('rsa-pkcs1-encrypted.pem'),
    ],
  ])('%s: the raw value, the key, every key line and its base64', (_name, raw, key) => {
    const secrets = secretsToMask(raw);
    expect(secrets).toContain(raw);
    expect(secrets).toContain(key);
    expect(secrets).toContain(base64(key));
    for (const line of keyLines(key)) expect(secrets).toContain(line);
    for (const line of keyLines(raw)) expect(secrets).toContain(line);
  });

  it.each([
    ['plain PEM', rsaPem],
    ['wrapped base64', wrap(base64(rsaPem), 64)],
    ['garbage', 'hello'],
  ])('%s: no armor line, no empty string, no duplicate, no CR', (_name, raw) => {
    const secrets = secretsToMask(raw);
    expect(secrets.some((secret) => ARMOR_LINE.test(secret))).toBe(false);
    expect(secrets.some((secret) => secret.trim() === '')).toBe(false);
    expect(secrets.filter((secret) => !secret.includes('\n')).some((s) => s.includes('\r'))).toBe(
      false,
    );
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it.each([
    ['garbage', 'hello', ['hello']],
    ['garbage with spaces around', '  hello \n', ['  hello \n', 'hello']],
    ['empty', '', []],
    ['whitespace', ' \n ', []],
  ])('%s', (_name, raw, expected) => {
    expect(secretsToMask(raw)).toEqual(expected);
  });

  it('refuses text of short lines that is no key with the usual message, masking nothing', () => {
    const error = thrown(() => secretsToMask(base64('line one\nline two')));
    expect(error.message).toMatch(NEITHER);
  });
});
