import { type KeyObject, createPublicKey } from 'node:crypto';
import { Inputs } from '../constants.js';
import { ActionError } from '../errors.js';
import { oneLine } from '../printable.js';
import {
  EC_CURVES,
  bigintFromBytes,
  ecdsaPublicBlob,
  rsaPublicBlob,
  wireMpint,
  wireString,
} from '../ssh-key/wire.js';
import type { CaAlgorithm } from './types.js';

/**
 * The CA key that KMS holds, in SSH terms: its public blob and `TrustedUserCAKeys` line from
 * GetPublicKey's DER SubjectPublicKeyInfo, and KMS's signatures as SSH signature blobs.
 * OpenSSH takes ECDSA P-256 and RSA CAs (with rsa-sha2-256); KMS's SM2 has no SSH name.
 */

export interface CaKey {
  algorithm: CaAlgorithm;
  /** The CA's public key in SSH wire format: the certificate's `signature key`. */
  blob: Buffer;
  /** `ecdsa-sha2-nistp256 AAAA...` or `ssh-rsa AAAA...` */
  line: string;
  /** For checking KMS's signatures before the job gets the certificate. */
  key: KeyObject;
}

const P256 = EC_CURVES.find((curve) => curve.sshName === 'nistp256');
/** OID 1.2.156.10197.1.301 (SM2), DER-encoded: KMS's default asymmetric key, unnamed by node. */
const SM2_CURVE_OID = Buffer.from('06082a811ccf5501822d', 'hex');
const EXPECTED = 'an asymmetric signing key of type EC P-256 (ECC_P256) or RSA (RSA_2048 and up)';

function caError(keyId: string, detail: string): ActionError {
  return new ActionError(
    `The KMS key '${oneLine(keyId)}' in '${Inputs.CaKmsKeyId}' cannot be an SSH CA: ${detail}; ` +
      `expected ${EXPECTED}.`,
  );
}

/** Reads the CA's public key; refuses anything OpenSSH cannot use as a CA, naming the input. */
export function caKeyFromSpki(spki: Buffer, keyId: string): CaKey {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    // node:crypto's message could quote the input; the input is public, but says nothing useful.
    throw caError(keyId, 'KMS returned a public key that is not DER SubjectPublicKeyInfo');
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (P256 && key.asymmetricKeyType === 'ec' && curve === P256.opensslName) {
    const jwk = key.export({ format: 'jwk' });
    const point = Buffer.concat([Buffer.from([4]), jwkBytes(jwk.x), jwkBytes(jwk.y)]);
    return caKey('ECC_P256_R1', ecdsaPublicBlob(P256, point), key);
  }
  if (key.asymmetricKeyType === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 2048) throw caError(keyId, `its RSA key has ${bits} bits`);
    const jwk = key.export({ format: 'jwk' });
    const blob = rsaPublicBlob(bigintFromBytes(jwkBytes(jwk.e)), bigintFromBytes(jwkBytes(jwk.n)));
    return caKey('RSA_PKCS1_SHA_256', blob, key);
  }
  if (spki.includes(SM2_CURVE_OID)) throw caError(keyId, 'it is an SM2 key, which SSH cannot use');
  const kind = `${key.asymmetricKeyType ?? 'unknown'}${curve ? ` (curve ${curve})` : ''}`;
  throw caError(keyId, `it is a key of type ${oneLine(kind)}`);
}

function caKey(algorithm: CaAlgorithm, blob: Buffer, key: KeyObject): CaKey {
  const type = algorithm === 'ECC_P256_R1' ? 'ecdsa-sha2-nistp256' : 'ssh-rsa';
  return { algorithm, blob, line: `${type} ${blob.toString('base64')}`, key };
}

function jwkBytes(value: string | undefined): Buffer {
  return Buffer.from(value ?? '', 'base64url');
}

/**
 * KMS's signature as an SSH signature blob. ECDSA: DER SEQUENCE { r, s } becomes
 * string("ecdsa-sha2-nistp256") string(mpint r, mpint s). RSA: PKCS#1 v1.5 bytes as they are,
 * under the name OpenSSH accepts for a CA (SHA-1 `ssh-rsa` it refuses).
 * Returns undefined for a DER value that is not two positive integers.
 */
export function sshSignatureBlob(algorithm: CaAlgorithm, signature: Buffer): Buffer | undefined {
  if (algorithm === 'RSA_PKCS1_SHA_256') {
    return Buffer.concat([wireString('rsa-sha2-256'), wireString(signature)]);
  }
  const pair = derEcdsaSignature(signature);
  if (!pair) return undefined;
  const inner = Buffer.concat([wireMpint(pair.r), wireMpint(pair.s)]);
  return Buffer.concat([wireString('ecdsa-sha2-nistp256'), wireString(inner)]);
}

/** A strict reader for DER `SEQUENCE { INTEGER r, INTEGER s }` with short-form lengths. */
export function derEcdsaSignature(der: Buffer): { r: bigint; s: bigint } | undefined {
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) return undefined;
  let offset = 2;
  const integer = (): bigint | undefined => {
    const length = der[offset + 1] ?? 0;
    if (der[offset] !== 0x02 || length < 1 || length > 33) return undefined;
    const bytes = der.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    if (bytes.length !== length || (bytes[0] ?? 0) & 0x80) return undefined;
    // DER is minimal: a leading zero only where the next byte's top bit is set.
    if (length > 1 && bytes[0] === 0 && !((bytes[1] ?? 0) & 0x80)) return undefined;
    const value = bigintFromBytes(bytes);
    return value > 0n ? value : undefined;
  };
  const r = integer();
  const s = integer();
  return r !== undefined && s !== undefined && offset === der.length ? { r, s } : undefined;
}
