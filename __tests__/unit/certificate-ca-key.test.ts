import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  caKeyFromSpki,
  derEcdsaSignature,
  sshSignatureBlob,
} from '../../src/certificate/ca-key.js';
import { ActionError } from '../../src/errors.js';
import { WireReader, bytesFromBigint } from '../../src/ssh-key/wire.js';

const KEY_ID = 'ca-key-1';

/** `ssh-keygen -i -m PKCS8`: OpenSSH's own reading of a SubjectPublicKeyInfo. */
function opensshLine(spki: Buffer): string {
  const pem = `-----BEGIN PUBLIC KEY-----\n${spki.toString('base64')}\n-----END PUBLIC KEY-----\n`;
  const dir = mkdtempSync(join(tmpdir(), 'ca-key-'));
  try {
    writeFileSync(join(dir, 'ca.pem'), pem);
    return execFileSync('ssh-keygen', ['-i', '-m', 'PKCS8', '-f', join(dir, 'ca.pem')], {
      encoding: 'utf8',
    }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const spkiOf = (pair: { publicKey: { export(o: object): string | Buffer } }): Buffer =>
  pair.publicKey.export({ format: 'der', type: 'spki' }) as Buffer;

describe('caKeyFromSpki', () => {
  it.each([
    [
      'EC P-256',
      () => generateKeyPairSync('ec', { namedCurve: 'P-256' }),
      'ECC_P256_R1',
      'ecdsa-sha2-nistp256',
    ],
    [
      'RSA 2048',
      () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
      'RSA_PKCS1_SHA_256',
      'ssh-rsa',
    ],
  ] as const)('%s: the line ssh-keygen makes of it', (_label, make, algorithm, type) => {
    const spki = spkiOf(make());
    const ca = caKeyFromSpki(spki, KEY_ID);
    expect(ca.algorithm).toBe(algorithm);
    expect(ca.line).toBe(opensshLine(spki));
    expect(ca.line.startsWith(`${type} `)).toBe(true);
    expect(Buffer.from(ca.line.split(' ')[1] ?? '', 'base64').equals(ca.blob)).toBe(true);
  });

  it.each([
    [
      'EC P-384',
      () => spkiOf(generateKeyPairSync('ec', { namedCurve: 'P-384' })),
      /type ec \(curve secp384r1\)/,
    ],
    [
      'EC secp256k1',
      () => spkiOf(generateKeyPairSync('ec', { namedCurve: 'secp256k1' })),
      /curve secp256k1/,
    ],
    [
      'SM2',
      () => spkiOf(generateKeyPairSync('ec', { namedCurve: 'SM2' })),
      /an SM2 key, which SSH cannot use/,
    ],
    ['Ed25519', () => spkiOf(generateKeyPairSync('ed25519')), /type ed25519/],
    ['RSA 1024', () => spkiOf(generateKeyPairSync('rsa', { modulusLength: 1024 })), /1024 bits/],
    ['not DER', () => Buffer.from('not a key'), /not DER SubjectPublicKeyInfo/],
    ['empty', () => Buffer.alloc(0), /not DER SubjectPublicKeyInfo/],
  ])('refuses %s, naming ca-kms-key-id', (_label, make, detail) => {
    let error: unknown;
    try {
      caKeyFromSpki(make(), KEY_ID);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ActionError);
    const message = (error as Error).message;
    expect(message).toContain(`'${KEY_ID}' in 'ca-kms-key-id' cannot be an SSH CA`);
    expect(message).toMatch(detail);
    expect(message).toContain('EC P-256');
  });
});

const der = (...bytes: number[]) => Buffer.from(bytes);

describe('derEcdsaSignature', () => {
  it.each<[string, Buffer, { r: bigint; s: bigint } | undefined]>([
    ['small integers', der(0x30, 6, 2, 1, 5, 2, 1, 7), { r: 5n, s: 7n }],
    ['a leading zero before a high bit', der(0x30, 7, 2, 2, 0, 0x80, 2, 1, 1), { r: 0x80n, s: 1n }],
    ['a negative integer', der(0x30, 6, 2, 1, 0x80, 2, 1, 1), undefined],
    ['a needless leading zero', der(0x30, 7, 2, 2, 0, 1, 2, 1, 1), undefined],
    ['zero', der(0x30, 6, 2, 1, 0, 2, 1, 1), undefined],
    ['trailing bytes', der(0x30, 6, 2, 1, 5, 2, 1, 7, 0), undefined],
    ['a wrong outer length', der(0x30, 9, 2, 1, 5, 2, 1, 7), undefined],
    ['one integer', der(0x30, 3, 2, 1, 5), undefined],
    ['not a SEQUENCE', der(0x31, 6, 2, 1, 5, 2, 1, 7), undefined],
    ['truncated', der(0x30, 6, 2, 1, 5, 2, 4, 7), undefined],
    ['empty', Buffer.alloc(0), undefined],
  ])('%s', (_label, input, expected) => {
    expect(derEcdsaSignature(input)).toEqual(expected);
  });

  it('reads what node:crypto makes: r and s verify as IEEE P1363', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 50; i += 1) {
      const message = Buffer.from(`message ${i}`);
      const pair = derEcdsaSignature(
        sign('sha256', message, { key: privateKey, dsaEncoding: 'der' }),
      );
      const p1363 = Buffer.concat([
        bytesFromBigint(pair?.r ?? 0n, 32),
        bytesFromBigint(pair?.s ?? 0n, 32),
      ]);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, p1363)).toBe(
        true,
      );
    }
  });
});

describe('sshSignatureBlob', () => {
  it('EC: the SSH name, then r and s as mpints inside one string', () => {
    const blob = sshSignatureBlob('ECC_P256_R1', der(0x30, 7, 2, 2, 0, 0x80, 2, 1, 1));
    const reader = new WireReader(blob ?? Buffer.alloc(0), 'signature');
    expect(reader.text()).toBe('ecdsa-sha2-nistp256');
    const inner = new WireReader(reader.string(), 'inner');
    expect([inner.mpint(), inner.mpint()]).toEqual([0x80n, 1n]);
    inner.end();
    reader.end();
  });

  it('RSA: rsa-sha2-256 and the bytes as they are', () => {
    const reader = new WireReader(
      sshSignatureBlob('RSA_PKCS1_SHA_256', der(1, 2, 3)) ?? Buffer.alloc(0),
      'signature',
    );
    expect(reader.text()).toBe('rsa-sha2-256');
    expect([...reader.string()]).toEqual([1, 2, 3]);
    reader.end();
  });

  it('EC: undefined for a value that is not DER', () => {
    expect(sshSignatureBlob('ECC_P256_R1', Buffer.alloc(64, 1))).toBeUndefined();
  });
});
