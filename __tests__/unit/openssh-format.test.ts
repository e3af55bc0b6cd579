import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parsePrivateKey } from '../../src/ssh-key/key-pair.js';
import { bigintFromBytes, wireMpint, wireString } from '../../src/ssh-key/wire.js';
import { expectNoLeak, fixture, thrown } from '../fixtures/keys.js';
import {
  type Container,
  change,
  naturalPadding,
  putTogether,
  takeApart,
} from '../fixtures/openssh-container.js';

const otherEd25519Blob = (): Buffer => {
  const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
  return Buffer.concat([
    wireString('ssh-ed25519'),
    wireString(Buffer.from(String(jwk.x), 'base64url')),
  ]);
};

const bumpMpint = (field: Buffer | undefined, by: bigint): Buffer =>
  wireMpint(bigintFromBytes(field ?? Buffer.alloc(0)) + by).subarray(4);

describe('openssh-key-v1 container', () => {
  it.each(['ed25519-openssh', 'rsa-openssh', 'ecdsa-p521-openssh'])(
    '%s rebuilt unchanged is the same key',
    (file) => {
      expect(putTogether(takeApart(file))).toBe(fixture(file));
      expect(parsePrivateKey(putTogether(takeApart(file))).comment).toBe('throwaway-test-key');
    },
  );

  it.each<[string, string, (c: Container) => void, RegExp]>([
    [
      'bad magic',
      'ed25519-openssh',
      (c) => void (c.magic = Buffer.from('openssh-key-v2\0')),
      /not an openssh-key-v1 container/,
    ],
    [
      'check words differ',
      'ed25519-openssh',
      (c) => void (c.checks[1] = (c.checks[1] ^ 1) >>> 0),
      /check words differ/,
    ],
    [
      'two keys',
      'ed25519-openssh',
      (c) => void (c.count = 2),
      /holds 2 keys, exactly 1 is supported/,
    ],
    ['no key', 'ed25519-openssh', (c) => void (c.count = 0), /holds 0 keys/],
    [
      'a KDF without a cipher',
      'ed25519-openssh',
      (c) => void (c.kdf = 'bcrypt'),
      /KDF set on an unencrypted key/,
    ],
    [
      'a cipher',
      'ed25519-openssh',
      (c) => void (c.cipher = 'aes256-ctr'),
      /passphrase-protected keys are not supported/,
    ],
    [
      'trailing data',
      'ed25519-openssh',
      (c) => void (c.trailer = Buffer.from([0])),
      /unexpected trailing data/,
    ],
    [
      'wrong padding',
      'ed25519-openssh',
      (c) => void (c.padding = Buffer.alloc(naturalPadding(c) || 8, 9)),
      /bad padding/,
    ],
    [
      'unaligned private section',
      'ed25519-openssh',
      (c) =>
        void (c.padding = Buffer.from([1, 2, 3, 4, 5, 6, 7].slice(0, (naturalPadding(c) + 7) % 8))),
      /not block aligned/,
    ],
    [
      'an outer public key of another key',
      'ed25519-openssh',
      (c) => void (c.publicBlob = otherEd25519Blob()),
      /public and private parts do not match/,
    ],
    [
      'a secret whose public half differs',
      'ed25519-openssh',
      (c) => void (c.fields[1] = Buffer.concat([c.fields[1]!.subarray(0, 32), Buffer.alloc(32)])),
      /public and private parts do not match/,
    ],
    [
      'a seed of another key',
      'ed25519-openssh',
      (c) => void c.fields[1]!.fill(7, 0, 32),
      /public and private parts do not match/,
    ],
    [
      'a short ed25519 key',
      'ed25519-openssh',
      (c) => void (c.fields[0] = Buffer.alloc(31)),
      /bad ed25519 key length/,
    ],
    [
      'an RSA d that does not invert e',
      'rsa-openssh',
      (c) => void (c.fields[2] = bumpMpint(c.fields[2], 2n)),
      /RSA private parameters are inconsistent/,
    ],
    [
      'an RSA iqmp that is not q⁻¹ mod p',
      'rsa-openssh',
      (c) => void (c.fields[3] = bumpMpint(c.fields[3], 1n)),
      /RSA private parameters are inconsistent/,
    ],
    [
      'an RSA p that does not divide n',
      'rsa-openssh',
      (c) => void (c.fields[4] = bumpMpint(c.fields[4], 2n)),
      /RSA private parameters are inconsistent/,
    ],
    [
      'a negative mpint',
      'rsa-openssh',
      (c) => void (c.fields[2] = Buffer.from([0x80, 1])),
      /negative integer/,
    ],
    [
      'an ECDSA scalar of another key',
      'ecdsa-p521-openssh',
      (c) => void (c.fields[2] = bumpMpint(c.fields[2], 1n)),
      /public and private parts do not match/,
    ],
    [
      'an ECDSA scalar of zero',
      'ecdsa-p521-openssh',
      (c) => void (c.fields[2] = Buffer.alloc(0)),
      /the private key is invalid/,
    ],
    [
      'an ECDSA curve name that is not its type',
      'ecdsa-p521-openssh',
      (c) => void (c.fields[0] = Buffer.from('nistp256')),
      /curve name does not match key type/,
    ],
    [
      'a private key of another type',
      'ed25519-openssh',
      (c) => void (c.type = 'sk-ssh-ed25519@openssh.com'),
      /^unsupported key type sk-ssh-ed25519@openssh.com$/,
    ],
    [
      'a type name that is no name',
      'ed25519-openssh',
      (c) => void (c.type = 'ssh-\u0000\n'),
      /^unsupported key type unknown$/,
    ],
  ])('%s is rejected', (_name, file, edit, message) => {
    const text = change(file, edit);
    const error = thrown(() => parsePrivateKey(text));
    expect(error.message).toMatch(message);
    expectNoLeak(error, text);
  });

  it('a private section cut short is rejected', () => {
    const lines = fixture('rsa-openssh').trimEnd().split('\n');
    const text = [...lines.slice(0, 20), lines.at(-1)].join('\n');
    const error = thrown(() => parsePrivateKey(text));
    expect(error.message).toBe('PrivateKey (OpenSSH format) is malformed: truncated or corrupt');
  });
});
