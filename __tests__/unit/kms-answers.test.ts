import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isEcdsaDer, publicKeyOf, signatureOf } from '../../src/certificate/kms-answers.js';

const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const spki = ec.publicKey.export({ type: 'spki', format: 'der' });
const ecSignature = sign('sha256', Buffer.from('m'), { key: ec.privateKey, dsaEncoding: 'der' });
const b64 = (data: Buffer) => data.toString('base64');
const RID = '0b6e6a52-5d6c-4b8e-9d5e-3f1a2b3c4d5e';

describe('publicKeyOf', () => {
  it('takes a base64 DER SPKI', () => {
    expect(publicKeyOf({ KeyId: KEY, PublicKey: b64(spki), RequestId: RID }, KEY)).toEqual(spki);
  });

  it.each([
    ['no PublicKey', {}, 'PublicKey is missing'],
    ['an empty PublicKey', { PublicKey: '' }, 'PublicKey is missing'],
    ['a number', { PublicKey: 7 }, 'PublicKey is not base64'],
    ['text that is not base64', { PublicKey: '::error::x' }, 'PublicKey is not base64'],
    [
      'PEM instead of base64 DER',
      { PublicKey: '-----BEGIN PUBLIC KEY-----' },
      'PublicKey is not base64',
    ],
    [
      'base64 that is no key',
      { PublicKey: b64(Buffer.alloc(91, 1)) },
      'PublicKey is not a DER public key',
    ],
    [
      'an oversized blob',
      { PublicKey: b64(Buffer.alloc(4000, 1)) },
      'PublicKey is not a DER public key',
    ],
    ['another key ID', { KeyId: 'other', PublicKey: b64(spki) }, 'KeyId is not the key asked for'],
    [
      'a hostile RequestId',
      { PublicKey: b64(spki), RequestId: '::warning::x' },
      'RequestId is not a request ID (letters, digits and dashes)',
    ],
  ])('refuses %s', (_name, answer, reason) => {
    expect(publicKeyOf(answer, KEY)).toBe(reason);
  });
});

describe('signatureOf', () => {
  it('takes a DER ECDSA signature for ECC_P256_R1', () => {
    expect(signatureOf({ Signature: b64(ecSignature) }, 'ECC_P256_R1')).toEqual(ecSignature);
  });

  it('takes an RSA signature of the modulus size', () => {
    const rsa = Buffer.alloc(256, 9);
    expect(signatureOf({ Signature: b64(rsa) }, 'RSA_PKCS1_SHA_256', 256)).toEqual(rsa);
    expect(signatureOf({ Signature: b64(rsa) }, 'RSA_PKCS1_SHA_256')).toEqual(rsa);
  });

  it.each([
    ['no Signature', {}, 'ECC_P256_R1', undefined, 'Signature is missing'],
    ['text', { Signature: 'not base64!' }, 'ECC_P256_R1', undefined, 'Signature is not base64'],
    [
      'random bytes as ECDSA',
      { Signature: b64(Buffer.alloc(96, 0x41)) },
      'ECC_P256_R1',
      undefined,
      'Signature is not a DER ECDSA P-256 signature',
    ],
    [
      'an RSA signature as ECDSA',
      { Signature: b64(Buffer.alloc(256, 1)) },
      'ECC_P256_R1',
      undefined,
      'Signature is not a DER ECDSA P-256 signature',
    ],
    [
      'a short RSA signature',
      { Signature: b64(Buffer.alloc(255, 1)) },
      'RSA_PKCS1_SHA_256',
      256,
      "Signature is not an RSA signature of the CA key's size",
    ],
    [
      'an ECDSA signature as RSA',
      { Signature: b64(ecSignature) },
      'RSA_PKCS1_SHA_256',
      undefined,
      "Signature is not an RSA signature of the CA key's size",
    ],
    [
      'a hostile RequestId',
      { Signature: b64(ecSignature), RequestId: 'a b' },
      'ECC_P256_R1',
      undefined,
      'RequestId is not a request ID (letters, digits and dashes)',
    ],
  ] as const)('refuses %s', (_name, answer, algorithm, rsaBytes, reason) => {
    expect(signatureOf(answer, algorithm, rsaBytes)).toBe(reason);
  });
});

describe('isEcdsaDer', () => {
  const der = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex');
  it.each([
    ['a real signature', ecSignature, true],
    ['minimal r and s', der('3006 020101 020101'), true],
    ['an empty r', der('3007 0200 020101 00'), false],
    ['33-byte r with a zero lead', der(`3026 0221 00${'80'.repeat(32)} 0201 01`), true],
    ['a negative r', der('3008 020280 01 020201 01'), false],
    ['a trailing byte', Buffer.concat([ecSignature, Buffer.from([0])]), false],
    ['a wrong sequence length', der('3007020101020101'), false],
    ['three integers', der('3009 020101 020101 020101'), false],
  ])('%s: %s', (_name, bytes, expected) => {
    expect(isEcdsaDer(bytes)).toBe(expected);
  });
});
