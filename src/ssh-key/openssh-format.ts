import { createECDH, createPrivateKey, createPublicKey } from 'node:crypto';
import { KeyMaterialError, describeKeyType } from './key-material-error.js';
import {
  type SshKeyType,
  WireReader,
  bytesFromBigint,
  checkPublicBlob,
  ecCurveOfType,
  ecdsaPublicBlob,
  ed25519PublicBlob,
  rsaPublicBlob,
} from './wire.js';

/**
 * The openssh-key-v1 container (OpenSSH's PROTOCOL.key) that `BEGIN OPENSSH PRIVATE KEY`
 * armors. Node's crypto cannot read it, so it is parsed here, and the private half is checked
 * against the public half: a key that would fail in ssh-add should fail here, with a clear error.
 */

export interface OpenSshPrivateKey {
  type: SshKeyType;
  publicBlob: Buffer;
  /** The comment stored with the key (ssh-keygen -C), or '' when there is none. */
  comment: string;
}

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
const WHAT = 'PrivateKey (OpenSSH format)';
/** Unencrypted private sections are padded to this block size. */
const BLOCK_SIZE = 8;

export const PASSPHRASE_ERROR =
  'PrivateKey is passphrase-protected: passphrase-protected keys are not supported; ' +
  'store the key without a passphrase';

/** `body` is the base64-decoded content between the armor lines. */
export function parseOpenSshPrivateKey(body: Buffer): OpenSshPrivateKey {
  const { type, publicBlob, comment } = readContainer(body);
  return { type, publicBlob, comment };
}

/**
 * The private key's own fields in the private section (its type name through its last private
 * value: what follows the check words and precedes the comment), after the same checks as
 * parseOpenSshPrivateKey. Secret: for re-encoding the key with another comment only.
 */
export function openSshKeyFields(body: Buffer): Buffer {
  return readContainer(body).keyFields;
}

interface Container extends OpenSshPrivateKey {
  keyFields: Buffer;
}

function readContainer(body: Buffer): Container {
  if (!body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new KeyMaterialError(`${WHAT} is not an openssh-key-v1 container`);
  }
  const reader = new WireReader(body.subarray(MAGIC.length), WHAT);
  const cipher = reader.text();
  const kdf = reader.text();
  const kdfOptions = reader.string();
  if (cipher !== 'none') throw new KeyMaterialError(PASSPHRASE_ERROR);
  if (kdf !== 'none' || kdfOptions.length !== 0) reader.fail('KDF set on an unencrypted key');
  const count = reader.uint32();
  if (count !== 1) reader.fail(`holds ${count} keys, exactly 1 is supported`);
  const publicBlob = Buffer.from(reader.string());
  const privateSection = reader.string();
  reader.end();
  const type = checkPublicBlob(publicBlob, WHAT);
  const { derivedBlob, comment, keyFields } = readPrivateSection(privateSection);
  if (!derivedBlob.equals(publicBlob)) reader.fail('its public and private parts do not match');
  return { type, publicBlob, comment, keyFields };
}

interface PrivateSection {
  derivedBlob: Buffer;
  comment: string;
  keyFields: Buffer;
}

function readPrivateSection(section: Buffer): PrivateSection {
  const reader = new WireReader(section, WHAT);
  if (section.length % BLOCK_SIZE !== 0) reader.fail('private section is not block aligned');
  // Equal check words are how OpenSSH tells a correct decryption; here they catch corruption.
  if (reader.uint32() !== reader.uint32()) reader.fail('check words differ');
  const start = reader.position;
  const type = reader.text();
  const derivedBlob = derivePublicBlob(type, reader);
  const keyFields = section.subarray(start, reader.position);
  const comment = reader.text();
  const padding = reader.rest();
  if (padding.length >= BLOCK_SIZE || padding.some((byte, index) => byte !== index + 1)) {
    reader.fail('bad padding');
  }
  return { derivedBlob, comment, keyFields };
}

/** Reads one private key of `type` and returns the public blob computed from its private part. */
function derivePublicBlob(type: string, reader: WireReader): Buffer {
  if (type === 'ssh-ed25519') return deriveEd25519(reader);
  if (type === 'ssh-rsa') return deriveRsa(reader);
  if (ecCurveOfType(type)) return deriveEcdsa(type, reader);
  throw new KeyMaterialError(`unsupported key type ${describeKeyType(type)}`);
}

/** PKCS#8 DER prefix of an Ed25519 private key (RFC 8410); the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function deriveEd25519(reader: WireReader): Buffer {
  const publicKey = reader.string();
  const secret = reader.string(); // seed || public key
  if (publicKey.length !== 32 || secret.length !== 64) reader.fail('bad ed25519 key length');
  if (!secret.subarray(32).equals(publicKey)) {
    reader.fail('its public and private parts do not match');
  }
  const derived = cryptoStep(reader, () => {
    const der = Buffer.concat([ED25519_PKCS8_PREFIX, secret.subarray(0, 32)]);
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const jwk = createPublicKey(key).export({ format: 'jwk' });
    return Buffer.from(String(jwk.x), 'base64url');
  });
  return ed25519PublicBlob(derived);
}

function deriveRsa(reader: WireReader): Buffer {
  const n = reader.mpint();
  const e = reader.mpint();
  const d = reader.mpint();
  const iqmp = reader.mpint();
  const p = reader.mpint();
  const q = reader.mpint();
  // n = pq, e·d ≡ 1 mod λ(n), iqmp = q⁻¹ mod p: what a usable RSA key must satisfy.
  const consistent =
    p > 1n &&
    q > 1n &&
    p * q === n &&
    (e * d - 1n) % lcm(p - 1n, q - 1n) === 0n &&
    (iqmp * q) % p === 1n;
  if (!consistent) reader.fail('RSA private parameters are inconsistent');
  return rsaPublicBlob(e, n);
}

function deriveEcdsa(type: string, reader: WireReader): Buffer {
  const curve = ecCurveOfType(type);
  if (!curve || reader.text() !== curve.sshName) reader.fail('curve name does not match key type');
  const storedPoint = reader.string();
  const scalar = reader.mpint();
  const point = cryptoStep(reader, () => {
    const ecdh = createECDH(curve.opensslName);
    ecdh.setPrivateKey(bytesFromBigint(scalar, curve.size));
    return ecdh.getPublicKey();
  });
  if (!point.equals(storedPoint)) reader.fail('its public and private parts do not match');
  return ecdsaPublicBlob(curve, point);
}

/** Runs a crypto call whose error text could quote key bytes; only our own message escapes. */
function cryptoStep<T>(reader: WireReader, step: () => T): T {
  try {
    return step();
  } catch {
    return reader.fail('the private key is invalid');
  }
}

/** Least common multiple of two positive integers. */
function lcm(a: bigint, b: bigint): bigint {
  let [x, y] = [a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return (a / x) * b;
}
