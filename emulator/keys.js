// Real SSH key material for the emulator: RSA 2048 (PKCS#1 PEM) like CVM key pairs, and ed25519
// in the OpenSSH private key format. Public keys are OpenSSH lines built from the raw key numbers.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  generateKeyPairSync,
  randomBytes,
} from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

/**
 * @typedef {object} KeyMaterial
 * @property {string} privateKey PEM (RSA: PKCS#1) or OpenSSH private key text, ending with "\n"
 * @property {string} publicKey  OpenSSH public key line, `<type> <base64> <comment>`
 */

/**
 * SSH wire `string`: a uint32 length, then the bytes.
 * @param {Buffer | string} data
 * @returns {Buffer}
 */
function sshString(data) {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * SSH wire `mpint` of a non-negative big-endian magnitude: a leading zero keeps it positive.
 * @param {Buffer} magnitude
 * @returns {Buffer}
 */
function sshMpint(magnitude) {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start += 1;
  const trimmed = magnitude.subarray(start);
  return sshString(trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/**
 * @param {import('node:crypto').KeyObject} publicKey an RSA or ed25519 public key
 * @returns {Buffer} the OpenSSH public key blob
 */
function sshPublicKeyBlob(publicKey) {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty === 'RSA' && jwk.n && jwk.e) {
    const e = Buffer.from(jwk.e, 'base64url');
    const n = Buffer.from(jwk.n, 'base64url');
    return Buffer.concat([sshString('ssh-rsa'), sshMpint(e), sshMpint(n)]);
  }
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && jwk.x) {
    return Buffer.concat([sshString('ssh-ed25519'), sshString(Buffer.from(jwk.x, 'base64url'))]);
  }
  throw new Error('only RSA and ed25519 keys can be written as OpenSSH public keys');
}

/**
 * @param {import('node:crypto').KeyObject} publicKey
 * @param {string} comment
 * @returns {string} `ssh-rsa AAAA... comment`
 */
function openSshPublicLine(publicKey, comment) {
  const blob = sshPublicKeyBlob(publicKey);
  const type = blob.subarray(4, 4 + blob.readUInt32BE(0)).toString('utf8');
  return `${type} ${blob.toString('base64')} ${comment}`;
}

/**
 * @param {string} publicLine an OpenSSH public key line
 * @returns {string} `SHA256:<base64 without padding>`, as `ssh-keygen -lf` prints it
 */
export function fingerprint(publicLine) {
  const blob = Buffer.from(publicLine.trim().split(/\s+/)[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * @param {string} comment the public line's comment, e.g. the SSH key ID
 * @returns {KeyMaterial}
 */
export function generateRsaKeySync(comment) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return rsaMaterial(privateKey, publicKey, comment);
}

/** RSA key pairs made ahead of time (prepareRsaKeys): each serves one create, then is gone. */
/** @type {{ privateKey: import('node:crypto').KeyObject, publicKey: import('node:crypto').KeyObject }[]} */
const spareRsaPairs = [];

/**
 * Makes `count` RSA key pairs now, so that as many creates later cost no key generation, whose
 * time varies by hundreds of milliseconds (the benchmark times creates against round trips).
 * @param {number} count
 */
export async function prepareRsaKeys(count) {
  for (let i = 0; i < count; i++) {
    spareRsaPairs.push(await generateKeyPairAsync('rsa', { modulusLength: 2048 }));
  }
}

/**
 * Asynchronous so that creating a key does not stall other requests on the server.
 * @param {string} comment
 * @returns {Promise<KeyMaterial>}
 */
export async function generateRsaKey(comment) {
  const pair = spareRsaPairs.pop() ?? (await generateKeyPairAsync('rsa', { modulusLength: 2048 }));
  return rsaMaterial(pair.privateKey, pair.publicKey, comment);
}

/**
 * @param {import('node:crypto').KeyObject} privateKey
 * @param {import('node:crypto').KeyObject} publicKey
 * @param {string} comment
 * @returns {KeyMaterial}
 */
function rsaMaterial(privateKey, publicKey, comment) {
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return { privateKey: pem, publicKey: openSshPublicLine(publicKey, comment) };
}

/**
 * An ed25519 key in the `openssh-key-v1` format that ssh-keygen writes (unencrypted).
 * @param {string} comment
 * @returns {KeyMaterial}
 */
export function generateEd25519Key(comment) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d ?? '', 'base64url');
  const raw = Buffer.from(jwk.x ?? '', 'base64url');
  const blob = sshPublicKeyBlob(publicKey);
  const check = randomBytes(4);
  const section = Buffer.concat([
    check,
    check,
    sshString('ssh-ed25519'),
    sshString(raw),
    sshString(Buffer.concat([seed, raw])),
    sshString(comment),
  ]);
  const padding = Buffer.from(
    Array.from({ length: (8 - (section.length % 8)) % 8 }, (_, i) => i + 1),
  );
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    Buffer.from([0, 0, 0, 1]),
    sshString(blob),
    sshString(Buffer.concat([section, padding])),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  const text = [
    '-----BEGIN OPENSSH PRIVATE KEY-----',
    ...lines,
    '-----END OPENSSH PRIVATE KEY-----',
  ];
  return { privateKey: `${text.join('\n')}\n`, publicKey: openSshPublicLine(publicKey, comment) };
}

/**
 * The OpenSSH public line of a PEM private key (PKCS#1, PKCS#8 or SEC1).
 * @param {string} privateKeyPem
 * @param {string} comment
 * @returns {string}
 * @throws when node cannot read the key (e.g. the OpenSSH private key format)
 */
export function publicLineOfPem(privateKeyPem, comment) {
  return openSshPublicLine(createPublicKey(createPrivateKey(privateKeyPem)), comment);
}

/**
 * Explicit key material as given (the public line derived from a PEM key when absent), or a
 * fresh key of the requested type.
 * @param {{ keyType?: 'rsa' | 'ed25519', privateKey?: string, publicKey?: string }} options
 * @param {string} comment the public line's comment, e.g. the SSH key ID
 * @returns {KeyMaterial}
 */
export function keyMaterial(options, comment) {
  if (options.privateKey !== undefined) {
    const publicKey = options.publicKey ?? publicLineOfPem(options.privateKey, comment);
    return { privateKey: options.privateKey, publicKey };
  }
  return options.keyType === 'ed25519' ? generateEd25519Key(comment) : generateRsaKeySync(comment);
}
