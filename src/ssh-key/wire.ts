import { createHash } from 'node:crypto';
import { KeyMaterialError, describeKeyType } from './key-material-error.js';

/** The SSH data types of RFC 4251 section 5, as used in key blobs and openssh-key-v1. */

export type SshKeyType =
  'ssh-rsa' | 'ssh-ed25519' | 'ecdsa-sha2-nistp256' | 'ecdsa-sha2-nistp384' | 'ecdsa-sha2-nistp521';

export interface EcCurve {
  sshName: 'nistp256' | 'nistp384' | 'nistp521';
  opensslName: string;
  /** Bytes of one coordinate (and of the private scalar). */
  size: number;
}

export const EC_CURVES: readonly EcCurve[] = [
  { sshName: 'nistp256', opensslName: 'prime256v1', size: 32 },
  { sshName: 'nistp384', opensslName: 'secp384r1', size: 48 },
  { sshName: 'nistp521', opensslName: 'secp521r1', size: 66 },
];

/** OpenSSH refuses smaller RSA keys (SSH_RSA_MINIMUM_MODULUS_SIZE), so ssh-add would too. */
const RSA_MIN_BITS = 1024;

export function ecCurveOfType(type: string): EcCurve | undefined {
  return EC_CURVES.find((curve) => type === `ecdsa-sha2-${curve.sshName}`);
}

/** Reads SSH wire data; any overrun or odd value becomes a KeyMaterialError naming `what`. */
export class WireReader {
  private offset = 0;

  constructor(
    private readonly data: Buffer,
    private readonly what: string,
  ) {}

  get remaining(): number {
    return this.data.length - this.offset;
  }

  get position(): number {
    return this.offset;
  }

  fail(detail = 'truncated or corrupt'): never {
    throw new KeyMaterialError(`${this.what} is malformed: ${detail}`);
  }

  uint32(): number {
    if (this.remaining < 4) this.fail();
    const value = this.data.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  bytes(length: number): Buffer {
    if (length > this.remaining) this.fail();
    const value = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  string(): Buffer {
    return this.bytes(this.uint32());
  }

  text(): string {
    return this.string().toString('utf8');
  }

  mpint(): bigint {
    const bytes = this.string();
    if (bytes.length > 0 && (bytes[0] ?? 0) & 0x80) this.fail('negative integer');
    return bigintFromBytes(bytes);
  }

  rest(): Buffer {
    return this.bytes(this.remaining);
  }

  end(): void {
    if (this.remaining !== 0) this.fail('unexpected trailing data');
  }
}

export function bigintFromBytes(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}

/** Unsigned big-endian bytes; left-padded with zeros to `size` when given. */
export function bytesFromBigint(value: bigint, size = 0): Buffer {
  const hex = value === 0n ? '' : value.toString(16);
  const minimal = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  if (minimal.length >= size) return minimal;
  return Buffer.concat([Buffer.alloc(size - minimal.length), minimal]);
}

export function wireString(data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** A positive mpint: minimal bytes, plus a zero byte when the top bit would read as a sign. */
export function wireMpint(value: bigint): Buffer {
  const bytes = bytesFromBigint(value);
  const signSafe =
    bytes.length > 0 && (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.alloc(1), bytes]) : bytes;
  return wireString(signSafe);
}

function checkRsaModulus(n: bigint): void {
  const bits = n.toString(2).length;
  if (bits < RSA_MIN_BITS) {
    throw new KeyMaterialError(
      `RSA key of ${bits} bits is too small: OpenSSH requires at least ${RSA_MIN_BITS}`,
    );
  }
}

export function rsaPublicBlob(e: bigint, n: bigint): Buffer {
  checkRsaModulus(n);
  return Buffer.concat([wireString('ssh-rsa'), wireMpint(e), wireMpint(n)]);
}

export function ed25519PublicBlob(publicKey: Buffer): Buffer {
  return Buffer.concat([wireString('ssh-ed25519'), wireString(publicKey)]);
}

/** `point` is the uncompressed SEC1 point: 0x04 || x || y. */
export function ecdsaPublicBlob(curve: EcCurve, point: Buffer): Buffer {
  return Buffer.concat([
    wireString(`ecdsa-sha2-${curve.sshName}`),
    wireString(curve.sshName),
    wireString(point),
  ]);
}

/** Reads a public key blob, checks its structure, and returns its key type. */
export function checkPublicBlob(blob: Buffer, what: string): SshKeyType {
  const reader = new WireReader(blob, what);
  const type = reader.text();
  if (type === 'ssh-rsa') {
    reader.mpint();
    checkRsaModulus(reader.mpint());
  } else if (type === 'ssh-ed25519') {
    if (reader.string().length !== 32) reader.fail('bad ed25519 public key length');
  } else {
    const curve = ecCurveOfType(type);
    if (!curve) throw new KeyMaterialError(`unsupported key type ${describeKeyType(type)}`);
    if (reader.text() !== curve.sshName) reader.fail('curve name does not match key type');
    const point = reader.string();
    if (point.length !== 1 + 2 * curve.size || point[0] !== 4) reader.fail('bad ECDSA point');
  }
  reader.end();
  return type as SshKeyType;
}

export function blobKeyType(blob: Buffer): string {
  return new WireReader(blob, 'public key blob').text();
}

/** `SHA256:` and unpadded base64 of the blob's digest: what `ssh-keygen -lf` prints. */
export function fingerprintOf(blob: Buffer): string {
  const digest = createHash('sha256').update(blob).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}
