import { type KeyObject, generateKeyPairSync, sign } from 'node:crypto';
import type { CaAlgorithm, CaSigner } from '../../src/certificate/types.js';
import type { CertificateSettings } from '../../src/settings/settings.js';

/** A CA that answers exactly what KMS would: DER SPKI, DER ECDSA or PKCS#1 v1.5 signatures. */

export type CaKind = 'ec' | 'rsa';

export interface TestCa {
  kind: CaKind;
  privateKey: KeyObject;
  spki: Buffer;
  signer: CaSigner;
  /** The algorithms the signer was asked for, in order. */
  asked: CaAlgorithm[];
}

export function testCa(kind: CaKind): TestCa {
  const pair =
    kind === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = pair.publicKey.export({ format: 'der', type: 'spki' });
  const asked: CaAlgorithm[] = [];
  const signer: CaSigner = {
    publicKey: () => Promise.resolve(spki),
    sign(message, algorithm) {
      asked.push(algorithm);
      return Promise.resolve(kmsSignature(pair.privateKey, message));
    },
  };
  return { kind, privateKey: pair.privateKey, spki, signer, asked };
}

/** KMS's answer for this key: DER (r, s) for EC, PKCS#1 v1.5 with SHA-256 for RSA. */
export function kmsSignature(key: KeyObject, message: Buffer): Buffer {
  return key.asymmetricKeyType === 'ec'
    ? sign('sha256', message, { key, dsaEncoding: 'der' })
    : sign('sha256', message, key);
}

/** The CA's public key as it is, with signatures from `answer`. */
export function signerAnswering(ca: TestCa, answer: (message: Buffer) => Buffer): CaSigner {
  return {
    publicKey: () => Promise.resolve(ca.spki),
    sign: (message) => Promise.resolve(answer(message)),
  };
}

export function certificateSettings(
  overrides: Partial<CertificateSettings> = {},
): CertificateSettings {
  return {
    caKeyId: '6d7e1f2a-0000-11ee-9a3b-525400000001',
    kmsEndpoint: { protocol: 'https://', host: 'kms.tencentcloudapi.com' },
    principals: ['deploy'],
    lifetimeSeconds: 900,
    sourceAddresses: [],
    ...overrides,
  };
}
