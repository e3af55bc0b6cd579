import { describe, expect, it } from 'vitest';
import {
  decodeKeyText,
  fingerprintOf,
  loadKeyPair,
  normaliseKeyText,
  parsePublicKeyLine,
} from '../../src/ssh-key/key-pair.js';
import {
  base64,
  expectNoLeak,
  fingerprintFromSshKeygen,
  fixture,
  sshKeygenPublicOf,
  thrown,
  wrap,
} from '../fixtures/keys.js';

// [private key fixture (its public key is `<file>.pub`), SSH key type, format]
const validKeys = [
  ['rsa-pkcs1.pem', 'ssh-rsa', 'PKCS#1 RSA'],
  ['rsa-pkcs8.pem', 'ssh-rsa', 'PKCS#8 RSA'],
  ['rsa-openssh', 'ssh-rsa', 'OpenSSH RSA'],
  ['ed25519-openssh', 'ssh-ed25519', 'OpenSSH ed25519'],
  ['ed25519-pkcs8.pem', 'ssh-ed25519', 'PKCS#8 ed25519'],
  ['ecdsa-p256-sec1.pem', 'ecdsa-sha2-nistp256', 'SEC1 ECDSA P-256'],
  ['ecdsa-p384-pkcs8.pem', 'ecdsa-sha2-nistp384', 'PKCS#8 ECDSA P-384'],
  ['ecdsa-p521-openssh', 'ecdsa-sha2-nistp521', 'OpenSSH ECDSA P-521'],
] as const;

describe('loadKeyPair on each supported format', () => {
  it.each(validKeys)('%s (%s, %s)', (file, type) => {
    const pair = loadKeyPair(fixture(file));
    const expectedPublic = parsePublicKeyLine(fixture(`${file}.pub`));
    expect(pair.type).toBe(type);
    expect(pair.privateKey).toBe(fixture(file));
    expect(parsePublicKeyLine(pair.publicKey).blob.equals(expectedPublic.blob)).toBe(true);
    expect(pair.fingerprint).toBe(fingerprintOf(expectedPublic.blob));
  });

  // ssh-keygen 9.2 cannot read a PKCS#8 ed25519 key (OpenSSH 9.6 can): that row is checked
  // against the .pub built from `openssl pkey -pubout` in the table above instead.
  const readableBySshKeygen = validKeys.filter(([file]) => file !== 'ed25519-pkcs8.pem');

  it.each(readableBySshKeygen)('%s: the fingerprint is what ssh-keygen -lf prints', (file) => {
    expect(loadKeyPair(fixture(file)).fingerprint).toBe(fingerprintFromSshKeygen(`${file}.pub`));
  });

  it.each(readableBySshKeygen)(
    '%s: from messy base64, a key file ssh-keygen -y reads, and its public key line',
    (file) => {
      const messy = fixture(file).replace(/\n/g, '  \r\n').trimEnd();
      const pair = loadKeyPair(wrap(base64(messy), 76, '\r\n'));
      expect(pair.privateKey).toBe(fixture(file));
      // PEM keys carry no comment; OpenSSH keys do, and ssh-keygen -y prints it.
      expect(pair.publicKey).toBe(sshKeygenPublicOf(pair.privateKey));
    },
  );

  it('reads the PKCS#8 ed25519 fingerprint from its public key blob', () => {
    const blob = parsePublicKeyLine(fixture('ed25519-pkcs8.pem.pub')).blob;
    expect(loadKeyPair(fixture('ed25519-pkcs8.pem')).fingerprint).toBe(fingerprintOf(blob));
  });
});

describe('decoding and normalising the PrivateKey value', () => {
  const pem = fixture('rsa-pkcs1.pem');
  const encodings = [
    ['plain PEM', pem],
    ['base64 on one line', base64(pem)],
    ['base64 wrapped at 76 with LF', wrap(base64(pem), 76)],
    ['base64 wrapped at 64 with CRLF and a final newline', `${wrap(base64(pem), 64, '\r\n')}\r\n`],
    ['base64 of a key without its final newline', base64(pem.trimEnd())],
    ['CRLF line ends', pem.replace(/\n/g, '\r\n')],
    ['lone CR line ends', pem.replace(/\n/g, '\r')],
    ['no final newline', pem.trimEnd()],
    ['trailing whitespace on lines', pem.replace(/\n/g, ' \t\n')],
    ['indented lines and blank lines around', `\n\n${pem.replace(/^/gm, '    ')}\n\n`],
    ['a byte order mark', `\uFEFF${pem}`],
  ] as const;

  it.each(encodings)('%s', (_name, raw) => {
    const pair = loadKeyPair(raw);
    expect(pair.privateKey).toBe(pem);
    expect(pair.privateKey.endsWith('-----\n')).toBe(true);
    expect(pair.fingerprint).toBe(fingerprintFromSshKeygen('rsa-pkcs1.pem.pub'));
  });

  it.each([
    ['a\r\nb\r\n', 'a\nb\n'],
    ['a\rb', 'a\nb\n'],
    ['a  \nb\t\n\n\n', 'a\nb\n'],
    ['\n\n  a\n  b  ', 'a\nb\n'],
    ['a\n\nb', 'a\n\nb\n'],
    ['a\r\n\r\nb', 'a\n\nb\n'],
  ])('normaliseKeyText(%j) is %j', (input, expected) => {
    expect(normaliseKeyText(input)).toBe(expected);
  });

  it.each([
    ['plain PEM', pem, 'PrivateKey', pem.trim()],
    ['base64 PEM', wrap(base64(pem), 70), 'PrivateKey', pem.trim()],
    ['plain public line', 'ssh-ed25519 AAAA c', 'PublicKey', 'ssh-ed25519 AAAA c'],
    ['base64 public line', base64('ssh-ed25519 AAAA c\n'), 'PublicKey', 'ssh-ed25519 AAAA c'],
  ] as const)('decodeKeyText: %s', (_name, raw, field, expected) => {
    expect(decodeKeyText(raw, field)).toBe(expected);
  });
});

describe('the PublicKey value', () => {
  const rsaPub = fixture('rsa-pkcs1.pem.pub').trim();
  const rsaBody = rsaPub.split(' ').slice(0, 2).join(' ');
  const edPubBody = fixture('ed25519-openssh.pub').split(' ').slice(0, 2).join(' ');

  it.each([
    [
      'plain, with the API comment',
      'rsa-pkcs1.pem',
      `${rsaBody} skey-abc12345`,
      `${rsaBody} skey-abc12345`,
    ],
    [
      'base64, with the API comment',
      'rsa-pkcs1.pem',
      base64(`${rsaBody} skey-abc12345`),
      `${rsaBody} skey-abc12345`,
    ],
    [
      'with CRLF and spaces around',
      'rsa-pkcs1.pem',
      `  ${rsaBody} skey-1\r\n`,
      `${rsaBody} skey-1`,
    ],
    ['without a comment, PEM key', 'rsa-pkcs1.pem', rsaBody, rsaBody],
    [
      'without a comment, OpenSSH key keeps its own',
      'ed25519-openssh',
      edPubBody,
      `${edPubBody} throwaway-test-key`,
    ],
    [
      'a comment with spaces',
      'rsa-pkcs1.pem',
      `${rsaBody} deploy key for x`,
      `${rsaBody} deploy key for x`,
    ],
    ['absent', 'rsa-pkcs1.pem', undefined, rsaBody],
    ['empty', 'rsa-pkcs1.pem', '', rsaBody],
    ['only whitespace', 'rsa-pkcs1.pem', ' \n ', rsaBody],
  ] as const)('%s', (_name, privateFile, rawPublic, expectedLine) => {
    expect(loadKeyPair(fixture(privateFile), rawPublic).publicKey).toBe(expectedLine);
  });

  it.each([
    ['another RSA key', 'rsa-pkcs1.pem', fixture('rsa-other-pkcs1.pem.pub')],
    ['an ed25519 key', 'rsa-pkcs1.pem', fixture('ed25519-openssh.pub')],
    [
      'an ECDSA key for an ed25519 private key',
      'ed25519-openssh',
      fixture('ecdsa-p256-sec1.pem.pub'),
    ],
    ['base64 of another key', 'ecdsa-p521-openssh', base64(fixture('rsa-pkcs8.pem.pub'))],
  ])('mismatch with %s fails without printing either key', (_name, privateFile, rawPublic) => {
    const raw = fixture(privateFile);
    const error = thrown(() => loadKeyPair(raw, rawPublic));
    expect(error.message).toMatch(
      /^PublicKey \(SHA256:\S+\) does not match PrivateKey \(SHA256:\S+\)$/,
    );
    expectNoLeak(error, raw);
  });

  it.each([
    ['garbage', 'hello', /PublicKey is neither an OpenSSH public key line nor base64 of one/],
    ['PEM text', fixture('rsa-pkcs1.pem'), /PublicKey holds PEM text/],
    ['two lines', `${rsaBody}\n${rsaBody}`, /not a single OpenSSH public key line/],
    ['a broken blob', 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAB', /PublicKey is malformed/],
    [
      'a type that is not its blob',
      `ssh-ed25519 ${rsaBody.split(' ')[1]}`,
      /names type ssh-ed25519 but holds a ssh-rsa key/,
    ],
    ['an unsupported type', fixture('dsa-openssh.pub'), /unsupported key type ssh-dss/],
  ])('PublicKey as %s is rejected', (_name, rawPublic, message) => {
    const raw = fixture('rsa-pkcs1.pem');
    const error = thrown(() => loadKeyPair(raw, rawPublic));
    expect(error.message).toMatch(message);
    expectNoLeak(error, raw);
  });
});
