import { type JsonWebKey, type KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';
import { KeyMaterialError, describeKeyType } from './key-material-error.js';
import { decodeKeyText, normaliseKeyText } from './key-text.js';
import { PASSPHRASE_ERROR, parseOpenSshPrivateKey } from './openssh-format.js';
import { parsePublicKeyLine, publicKeyLine } from './public-key.js';
import {
  type SshKeyType,
  EC_CURVES,
  bigintFromBytes,
  bytesFromBigint,
  checkPublicBlob,
  ecdsaPublicBlob,
  ed25519PublicBlob,
  fingerprintOf,
  rsaPublicBlob,
} from './wire.js';

/**
 * Pure handling of the key pair that SSM's GetSSHKeyPairValue returns: decode, normalise,
 * validate, derive the public key and its fingerprint, and list what must be masked.
 * Nothing here logs, and no error quotes key material or a crypto library's message.
 */

export { KeyMaterialError } from './key-material-error.js';
export { decodeKeyText, normaliseKeyText, secretsToMask } from './key-text.js';
export { parsePublicKeyLine, publicKeyLine } from './public-key.js';
export { fingerprintOf } from './wire.js';

export interface ParsedPrivateKey {
  type: SshKeyType;
  /** The public key in SSH wire format, derived from the private key. */
  publicBlob: Buffer;
  /** The normalised private key text, as ssh-add and key files want it. */
  pem: string;
  /** The comment stored inside an OpenSSH-format key; PEM keys have none. */
  comment?: string;
}

export interface SshKeyPair {
  /** Normalised private key text: LF line ends, one final "\n". Secret. */
  privateKey: string;
  /** OpenSSH public key line `<type> <base64>[ <comment>]`, without a final newline. */
  publicKey: string;
  /** `SHA256:...`, as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  type: SshKeyType;
}

/**
 * Decodes, validates and completes the key pair from GetSSHKeyPairValue. When the API also
 * returned a PublicKey it must belong to the private key; its comment (e.g. `skey-xxxxxxxx`)
 * is kept.
 */
export function loadKeyPair(rawPrivateKey: string, rawPublicKey?: string): SshKeyPair {
  const parsed = parsePrivateKey(decodeKeyText(rawPrivateKey, 'PrivateKey'));
  const fingerprint = fingerprintOf(parsed.publicBlob);
  const given = rawPublicKey?.trim()
    ? parsePublicKeyLine(decodeKeyText(rawPublicKey, 'PublicKey'))
    : undefined;
  if (given && !given.blob.equals(parsed.publicBlob)) {
    // Fingerprints are hashes of public keys: safe to print, and they tell the two keys apart.
    throw new KeyMaterialError(
      `PublicKey (${fingerprintOf(given.blob)}) does not match PrivateKey (${fingerprint})`,
    );
  }
  return {
    privateKey: parsed.pem,
    publicKey: publicKeyLine(parsed.publicBlob, given?.comment ?? parsed.comment),
    fingerprint,
    type: parsed.type,
  };
}

const PEM_PRIVATE_LABELS = ['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY'];
const OPENSSH_LABEL = 'OPENSSH PRIVATE KEY';
const MALFORMED_PEM =
  'PrivateKey is not a well-formed PEM block (a BEGIN line, base64 lines, the matching END line)';

/**
 * Accepts an unencrypted PKCS#1 RSA, PKCS#8, SEC1 EC or OpenSSH (openssh-key-v1) private key
 * of type RSA, Ed25519 or ECDSA (P-256, P-384, P-521), and derives its public key.
 */
export function parsePrivateKey(text: string): ParsedPrivateKey {
  const pem = normaliseKeyText(text);
  const block = readPemBlock(pem);
  const encrypted = block.headers.some((header) => /^Proc-Type:\s*4,ENCRYPTED/i.test(header));
  if (encrypted || block.label === 'ENCRYPTED PRIVATE KEY') {
    throw new KeyMaterialError(PASSPHRASE_ERROR);
  }
  if (block.label === OPENSSH_LABEL) {
    const { type, publicBlob, comment } = parseOpenSshPrivateKey(block.body);
    return comment ? { type, publicBlob, pem, comment } : { type, publicBlob, pem };
  }
  if (!PEM_PRIVATE_LABELS.includes(block.label)) {
    throw new KeyMaterialError(unsupportedLabelMessage(block.label));
  }
  if (block.headers.length > 0) throw new KeyMaterialError(MALFORMED_PEM);
  const publicBlob = publicBlobOf(importPem(pem, block.label));
  return { type: checkPublicBlob(publicBlob, 'PrivateKey'), publicBlob, pem };
}

interface PemBlock {
  label: string;
  /** RFC 1421 headers such as `Proc-Type`, before the blank line that ends them. */
  headers: string[];
  body: Buffer;
}

function readPemBlock(pem: string): PemBlock {
  const lines = pem.trimEnd().split('\n');
  const label = /^-----BEGIN ([A-Z0-9 ]{1,40})-----$/.exec(lines[0] ?? '')?.[1];
  if (!label || lines.length < 3 || lines.at(-1) !== `-----END ${label}-----`) {
    throw new KeyMaterialError(MALFORMED_PEM);
  }
  const inner = lines.slice(1, -1);
  const blank = inner.indexOf('');
  const headers = blank === -1 ? [] : inner.slice(0, blank);
  const bodyLines = inner.slice(blank + 1);
  const wellFormed =
    bodyLines.length > 0 &&
    headers.every((line) => /^[A-Za-z-]+:/.test(line)) &&
    bodyLines.every((line) => /^[A-Za-z0-9+/]+={0,2}$/.test(line));
  if (!wellFormed) throw new KeyMaterialError(MALFORMED_PEM);
  return { label, headers, body: Buffer.from(bodyLines.join(''), 'base64') };
}

function unsupportedLabelMessage(label: string): string {
  if (label.endsWith('PUBLIC KEY')) {
    return `PrivateKey holds a public key (PEM "${label}"), not a private key`;
  }
  if (label === 'DSA PRIVATE KEY') return 'unsupported key type dsa';
  const supported = [...PEM_PRIVATE_LABELS, OPENSSH_LABEL].join(', ');
  return `PrivateKey is a PEM "${label}" block; supported private key formats: ${supported}`;
}

/** node:crypto's own errors can quote their input, so none of them gets through. */
function importPem(pem: string, label: string): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new KeyMaterialError(
      `PrivateKey is not a valid "${label}" key: its content does not decode`,
    );
  }
}

function publicBlobOf(key: KeyObject): Buffer {
  const kind = key.asymmetricKeyType ?? 'unknown';
  if (kind === 'rsa') {
    const jwk = publicJwk(key);
    return rsaPublicBlob(jwkInteger(jwk.e), jwkInteger(jwk.n));
  }
  if (kind === 'ed25519') return ed25519PublicBlob(jwkBytes(publicJwk(key).x));
  if (kind === 'ec') {
    const namedCurve = key.asymmetricKeyDetails?.namedCurve ?? 'unnamed';
    const curve = EC_CURVES.find((candidate) => candidate.opensslName === namedCurve);
    if (!curve) {
      throw new KeyMaterialError(`unsupported key type ec (curve ${describeKeyType(namedCurve)})`);
    }
    const jwk = publicJwk(key);
    const coordinate = (value: unknown) =>
      bytesFromBigint(bigintFromBytes(jwkBytes(value)), curve.size);
    return ecdsaPublicBlob(
      curve,
      Buffer.concat([Buffer.from([4]), coordinate(jwk.x), coordinate(jwk.y)]),
    );
  }
  throw new KeyMaterialError(`unsupported key type ${describeKeyType(kind)}`);
}

function publicJwk(key: KeyObject): JsonWebKey {
  try {
    return createPublicKey(key).export({ format: 'jwk' });
  } catch {
    throw new KeyMaterialError('PrivateKey could not be read: its public half does not export');
  }
}

function jwkBytes(value: unknown): Buffer {
  if (typeof value !== 'string') throw new KeyMaterialError('PrivateKey could not be read');
  return Buffer.from(value, 'base64url');
}

function jwkInteger(value: unknown): bigint {
  return bigintFromBytes(jwkBytes(value));
}
