import { type JsonWebKey, createPrivateKey, randomBytes } from 'node:crypto';
import { KeyMaterialError } from './key-material-error.js';
import { type ParsedPrivateKey, parsePrivateKey } from './key-pair.js';
import { openSshKeyFields, parseOpenSshPrivateKey } from './openssh-format.js';
import { WireReader, bigintFromBytes, wireMpint, wireString } from './wire.js';

/**
 * Writes a private key as an unencrypted openssh-key-v1 container (OpenSSH's PROTOCOL.key) with
 * a comment of our choosing. ssh-add keeps the comment of an OpenSSH-format key it reads on
 * stdin, and `ssh-add -l` shows it; a PEM key read there is listed as "(stdin)" instead.
 * The result is a new text of the private key: the caller must mask it before anything else.
 */

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
const ARMOR = 'OPENSSH PRIVATE KEY';
/** The "none" cipher's block size: the private section is padded to a multiple of it. */
const BLOCK_SIZE = 8;
/** ssh-keygen wraps the base64 at 70 characters. */
const LINE_WIDTH = 70;
const MAX_COMMENT_LENGTH = 200;

/**
 * The comment of a key the action adds to an agent: which secret and SSH key it is, e.g.
 * `tencentcloud-ssm:deploy-key (skey-1a2b3c4d)`, or `tencentcloud-ssm:(skey-1a2b3c4d)` when
 * the key was asked for by its ID alone.
 */
export function agentKeyComment(secretName: string | undefined, sshKeyId: string): string {
  return printableComment(`tencentcloud-ssm:${secretName ? `${secretName} ` : ''}(${sshKeyId})`);
}

/**
 * One line of printable ASCII, at most 200 characters: anything else becomes `?`. The comment
 * is shown by ssh-add and ssh-keygen as it is, so no control character may get through.
 */
export function printableComment(text: string): string {
  return text
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, MAX_COMMENT_LENGTH)
    .trim();
}

/**
 * `privateKeyText` (any key parsePrivateKey accepts) as `BEGIN OPENSSH PRIVATE KEY` text with
 * `comment` (made printable). `checkWord` is the random check word pair; tests fix it.
 */
export function encodeOpenSshPrivateKey(
  privateKeyText: string,
  comment: string,
  checkWord: number = randomBytes(4).readUInt32BE(0),
): string {
  const parsed = parsePrivateKey(privateKeyText);
  const label = printableComment(comment);
  const check = Buffer.alloc(8);
  check.writeUInt32BE(checkWord >>> 0, 0);
  check.writeUInt32BE(checkWord >>> 0, 4);
  const unpadded = Buffer.concat([check, keyFieldsOf(parsed), wireString(label)]);
  const padLength = (BLOCK_SIZE - (unpadded.length % BLOCK_SIZE)) % BLOCK_SIZE;
  const padding = Buffer.from(Array.from({ length: padLength }, (_, index) => index + 1));
  const body = Buffer.concat([
    MAGIC,
    wireString('none'), // cipher
    wireString('none'), // kdf
    wireString(Buffer.alloc(0)), // kdf options
    uint32(1), // number of keys
    wireString(parsed.publicBlob),
    wireString(Buffer.concat([unpadded, padding])),
  ]);
  // Read back with the same checks as a key from SSM: what ssh-add would refuse fails here.
  const reread = parseOpenSshPrivateKey(body);
  if (!reread.publicBlob.equals(parsed.publicBlob) || reread.comment !== label) {
    throw new KeyMaterialError('the key could not be re-encoded in OpenSSH format');
  }
  return armor(body);
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

function armor(body: Buffer): string {
  const lines = body.toString('base64').match(new RegExp(`.{1,${LINE_WIDTH}}`, 'g')) ?? [];
  return [`-----BEGIN ${ARMOR}-----`, ...lines, `-----END ${ARMOR}-----`, ''].join('\n');
}

/** The key's type name and private fields, in PROTOCOL.key's order for that type. */
function keyFieldsOf(parsed: ParsedPrivateKey): Buffer {
  const lines = parsed.pem.trimEnd().split('\n');
  if (lines[0] === `-----BEGIN ${ARMOR}-----`) {
    return openSshKeyFields(Buffer.from(lines.slice(1, -1).join(''), 'base64'));
  }
  const jwk = privateJwk(parsed.pem);
  const type = wireString(parsed.type);
  if (parsed.type === 'ssh-rsa') {
    // n, e, d, iqmp (JWK's qi, q⁻¹ mod p), p, q
    const values = [jwk.n, jwk.e, jwk.d, jwk.qi, jwk.p, jwk.q].map(jwkInteger).map(wireMpint);
    return Buffer.concat([type, ...values]);
  }
  if (parsed.type === 'ssh-ed25519') {
    const publicKey = jwkBytes(jwk.x);
    const seed = jwkBytes(jwk.d);
    return Buffer.concat([
      type,
      wireString(publicKey),
      wireString(Buffer.concat([seed, publicKey])),
    ]);
  }
  // ECDSA: curve name and point Q as in the public blob, then the private scalar d.
  const reader = new WireReader(parsed.publicBlob, 'public key blob');
  reader.text();
  const curve = reader.string();
  const point = reader.string();
  return Buffer.concat([type, wireString(curve), wireString(point), wireMpint(jwkInteger(jwk.d))]);
}

/** node:crypto's errors could quote their input: none of them gets through. */
function privateJwk(pem: string): JsonWebKey {
  try {
    return createPrivateKey({ key: pem, format: 'pem' }).export({ format: 'jwk' });
  } catch {
    throw new KeyMaterialError('the key could not be re-encoded in OpenSSH format');
  }
}

function jwkBytes(value: unknown): Buffer {
  if (typeof value !== 'string' || value === '') {
    throw new KeyMaterialError('the key could not be re-encoded in OpenSSH format');
  }
  return Buffer.from(value, 'base64url');
}

function jwkInteger(value: unknown): bigint {
  return bigintFromBytes(jwkBytes(value));
}
