// How the emulated KMS reads a SignByAsymmetricKey message and signs it: RAW messages are hashed
// with SHA-256 first, DIGEST messages are the SHA-256 digest already.
import { constants, createHash, privateEncrypt, sign } from 'node:crypto';
import { ApiError, optionalString } from './api-error.js';
import { signDigestP256 } from './ecdsa-digest.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MAX_RAW_BYTES = 4096;
const DIGEST_BYTES = 32;
/** DER DigestInfo prefix of a SHA-256 digest, for a PKCS#1 v1.5 signature over a digest. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * @param {Record<string, unknown>} params
 * @returns {{ message: Buffer, messageType: 'RAW' | 'DIGEST' }}
 */
export function messageOf(params) {
  const messageType = optionalString(params, 'MessageType') ?? 'RAW';
  if (messageType !== 'RAW' && messageType !== 'DIGEST') {
    throw new ApiError('InvalidParameterValue', 'MessageType must be RAW or DIGEST.');
  }
  const text = /** @type {string} */ (optionalString(params, 'Message'));
  if (text === '' || !BASE64.test(text)) {
    throw new ApiError('InvalidParameterValue', 'Message must be base64-encoded.');
  }
  const message = Buffer.from(text, 'base64');
  if (messageType === 'RAW' && message.length > MAX_RAW_BYTES) {
    throw new ApiError('InvalidParameterValue', `A RAW Message is at most ${MAX_RAW_BYTES} bytes.`);
  }
  if (messageType === 'DIGEST' && message.length !== DIGEST_BYTES) {
    throw new ApiError('InvalidParameterValue', `A DIGEST Message is ${DIGEST_BYTES} bytes.`);
  }
  return { message, messageType };
}

/**
 * @param {import('node:crypto').KeyObject} privateKey
 * @param {string} algorithm
 * @param {Buffer} message
 * @param {'RAW' | 'DIGEST'} messageType
 * @returns {Buffer}
 */
export function signWith(privateKey, algorithm, message, messageType) {
  const digest = messageType === 'DIGEST' ? message : createHash('sha256').update(message).digest();
  if (algorithm === 'ECC_P256_R1') {
    return messageType === 'RAW'
      ? sign('sha256', message, { key: privateKey, dsaEncoding: 'der' })
      : signDigestP256(privateKey, digest);
  }
  if (algorithm === 'RSA_PKCS1_SHA_256') {
    const digestInfo = Buffer.concat([SHA256_DIGEST_INFO, digest]);
    return privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, digestInfo);
  }
  if (messageType === 'DIGEST') {
    throw new ApiError('UnsupportedOperation', 'The emulator signs RSA_PSS_SHA_256 over RAW only.');
  }
  return sign('sha256', message, {
    key: privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: DIGEST_BYTES,
  });
}
