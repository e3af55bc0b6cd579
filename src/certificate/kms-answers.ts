/**
 * The shapes of KMS answers the CA takes: GetPublicKey's PublicKey and SignByAsymmetricKey's
 * Signature. An answer that does not fit is malformed; the reason names the field, never quotes it.
 */
import { createPublicKey } from 'node:crypto';
import { fieldProblem, firstProblem } from '../tencent-api/answer-fields.js';
import type { CaAlgorithm } from './types.js';

/** Canonical base64, padded: what KMS writes, and nothing a proxy's error page could pass for. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** An EC P-256 SubjectPublicKeyInfo is 91 bytes, an RSA 4096 one about 550. */
const MAX_SPKI_BYTES = 2048;
/** DER ECDSA P-256: SEQUENCE { INTEGER r, INTEGER s }, each at most 33 bytes. */
const MAX_ECDSA_DER_BYTES = 72;
const RSA_SIGNATURE_BYTES = { min: 256, max: 512 };

export interface PublicKeyAnswer {
  KeyId?: unknown;
  PublicKey?: unknown;
  PublicKeyPem?: unknown;
  RequestId?: unknown;
}

export interface SignAnswer {
  Signature?: unknown;
  RequestId?: unknown;
}

/** The bytes of a base64 field, or why it has none. */
function base64Field(field: string, value: unknown): Buffer | string {
  if (value === undefined || value === null || value === '') return `${field} is missing`;
  if (typeof value !== 'string' || !BASE64.test(value)) return `${field} is not base64`;
  return Buffer.from(value, 'base64');
}

/** The CA's public key (DER SPKI) from GetPublicKey, or why the answer is malformed. */
export function publicKeyOf(answer: PublicKeyAnswer, keyId: string): Buffer | string {
  const problem = firstProblem(
    fieldProblem('RequestId', answer?.RequestId),
    answer?.KeyId !== undefined && answer.KeyId !== keyId
      ? 'KeyId is not the key asked for'
      : undefined,
  );
  if (problem) return problem;
  const der = base64Field('PublicKey', answer.PublicKey);
  if (typeof der === 'string') return der;
  if (der.length > MAX_SPKI_BYTES || !isSpki(der)) return 'PublicKey is not a DER public key';
  return der;
}

function isSpki(der: Buffer): boolean {
  try {
    createPublicKey({ key: der, format: 'der', type: 'spki' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The signature from SignByAsymmetricKey, or why the answer is malformed. `rsaBytes`: the CA
 * key's modulus length, which an RSA signature has exactly.
 */
export function signatureOf(
  answer: SignAnswer,
  algorithm: CaAlgorithm,
  rsaBytes?: number,
): Buffer | string {
  const problem = fieldProblem('RequestId', answer?.RequestId);
  if (problem) return problem;
  const signature = base64Field('Signature', answer.Signature);
  if (typeof signature === 'string') return signature;
  if (algorithm === 'ECC_P256_R1') {
    return isEcdsaDer(signature) ? signature : 'Signature is not a DER ECDSA P-256 signature';
  }
  const fits = rsaBytes
    ? signature.length === rsaBytes
    : signature.length >= RSA_SIGNATURE_BYTES.min && signature.length <= RSA_SIGNATURE_BYTES.max;
  return fits ? signature : "Signature is not an RSA signature of the CA key's size";
}

/** SEQUENCE (short form) of exactly two positive INTEGERs of 1 to 33 bytes. */
export function isEcdsaDer(der: Buffer): boolean {
  if (der.length < 8 || der.length > MAX_ECDSA_DER_BYTES) return false;
  if (der[0] !== 0x30 || der[1] !== der.length - 2) return false;
  let offset = 2;
  for (let i = 0; i < 2; i += 1) {
    const length = der[offset + 1] ?? 0;
    if (der[offset] !== 0x02 || length < 1 || length > 33) return false;
    if (((der[offset + 2] ?? 0) & 0x80) !== 0) return false;
    offset += 2 + length;
  }
  return offset === der.length;
}
