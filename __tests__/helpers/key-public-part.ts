import { createPrivateKey, createPublicKey, type JsonWebKey } from 'node:crypto';

/**
 * The public half of a private key, as the base64 blob of an OpenSSH public key line
 * (`ssh-ed25519 <blob>`). A private key's body embeds public material (an OpenSSH ed25519 key
 * holds its public key in the same base64 alignment as the public key line), so a leak
 * scanner must not count a public key line as a leak of the private key.
 */

const OPENSSH_MAGIC = 'openssh-key-v1\0';
const ARMOR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** SSH mpint: big-endian, a leading zero byte when the top bit is set. */
function sshMpint(base64url: string): Buffer {
  let bytes = Buffer.from(base64url, 'base64url');
  while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
  if (bytes.length > 0 && (bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.of(0), bytes]);
  return sshString(bytes);
}

const CURVES: Record<string, string> = {
  'P-256': 'nistp256',
  'P-384': 'nistp384',
  'P-521': 'nistp521',
};

function blobFromJwk(jwk: JsonWebKey): Buffer | undefined {
  const text = (value: string) => sshString(Buffer.from(value));
  if (jwk.kty === 'RSA' && jwk.n && jwk.e) {
    return Buffer.concat([text('ssh-rsa'), sshMpint(jwk.e), sshMpint(jwk.n)]);
  }
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && jwk.x) {
    return Buffer.concat([text('ssh-ed25519'), sshString(Buffer.from(jwk.x, 'base64url'))]);
  }
  const curve = jwk.kty === 'EC' && jwk.crv ? CURVES[jwk.crv] : undefined;
  if (curve && jwk.x && jwk.y) {
    const point = Buffer.concat([
      Buffer.of(4),
      Buffer.from(jwk.x, 'base64url'),
      Buffer.from(jwk.y, 'base64url'),
    ]);
    return Buffer.concat([text(`ecdsa-sha2-${curve}`), text(curve), sshString(point)]);
  }
  return undefined;
}

function readSshString(bytes: Buffer, offset: number): { value: Buffer; next: number } {
  const length = bytes.readUInt32BE(offset);
  const end = offset + 4 + length;
  if (end > bytes.length) throw new RangeError('truncated');
  return { value: bytes.subarray(offset + 4, end), next: end };
}

/** openssh-key-v1: magic, cipher, kdf, kdf options, key count, then the first public blob. */
function blobFromOpenSsh(body: Buffer): Buffer | undefined {
  if (body.subarray(0, OPENSSH_MAGIC.length).toString('latin1') !== OPENSSH_MAGIC) return undefined;
  let offset = OPENSSH_MAGIC.length;
  for (let field = 0; field < 3; field++) offset = readSshString(body, offset).next;
  return readSshString(body, offset + 4).value;
}

function armoredBody(key: string): Buffer {
  const lines = key.split(/\r?\n/).map((line) => line.trim());
  const body = lines.filter((line) => line !== '' && !ARMOR.test(line) && !line.includes(':'));
  return Buffer.from(body.join(''), 'base64');
}

/** Base64 blob of the public key, or undefined if `key` is not a readable private key. */
export function publicBlobOf(key: string): string | undefined {
  try {
    if (key.includes('-----BEGIN OPENSSH PRIVATE KEY-----')) {
      return blobFromOpenSsh(armoredBody(key))?.toString('base64');
    }
    const jwk = createPublicKey(createPrivateKey(key)).export({ format: 'jwk' });
    return blobFromJwk(jwk)?.toString('base64');
  } catch {
    return undefined;
  }
}
