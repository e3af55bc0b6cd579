import { wireString } from '../ssh-key/wire.js';

/**
 * An OpenSSH user certificate for an Ed25519 key (PROTOCOL.certkeys,
 * `ssh-ed25519-cert-v01@openssh.com`). Pure: the caller supplies the random nonce and serial and
 * the clock, and the CA's signature over `toBeSigned`.
 */

const CERT_TYPE = 'ssh-ed25519-cert-v01@openssh.com';
/** SSH2_CERT_TYPE_USER; 2 would be a host certificate. */
const USER_CERT = 1;

/** What ssh, scp, rsync and jump hosts need, and no more (no agent or X11 forwarding). */
const DEFAULT_EXTENSIONS = ['permit-port-forwarding', 'permit-pty'] as const;

export interface CertificateFields {
  /** 32 random bytes: makes the signed data unpredictable to the CA's caller. */
  nonce: Buffer;
  /** The Ed25519 public key (32 bytes). */
  publicKey: Buffer;
  serial: bigint;
  keyId: string;
  principals: readonly string[];
  /** Seconds since the epoch. */
  validAfter: bigint;
  validBefore: bigint;
  /** CIDRs for the critical option `source-address`; empty for none. */
  sourceAddresses: readonly string[];
  extensions?: readonly string[];
  /** The CA's public key blob. */
  caBlob: Buffer;
}

/** The certificate up to and including the signature key: what the CA signs. */
export function toBeSigned(fields: CertificateFields): Buffer {
  const options: [string, string][] = fields.sourceAddresses.length
    ? [['source-address', fields.sourceAddresses.join(',')]]
    : [];
  const extensions = (fields.extensions ?? DEFAULT_EXTENSIONS).map((name): [string, string] => [
    name,
    '',
  ]);
  return Buffer.concat([
    wireString(CERT_TYPE),
    wireString(fields.nonce),
    wireString(fields.publicKey),
    uint64(fields.serial),
    uint32(USER_CERT),
    wireString(fields.keyId),
    wireString(Buffer.concat(fields.principals.map((name) => wireString(name)))),
    uint64(fields.validAfter),
    uint64(fields.validBefore),
    wireString(namedList(options)),
    wireString(namedList(extensions)),
    wireString(Buffer.alloc(0)), // reserved
    wireString(fields.caBlob),
  ]);
}

/** The complete certificate blob: the signed part and the CA's SSH signature blob. */
export function signedCertificate(signed: Buffer, signatureBlob: Buffer): Buffer {
  return Buffer.concat([signed, wireString(signatureBlob)]);
}

/** `ssh-ed25519-cert-v01@openssh.com AAAA... comment`: the `-cert.pub` file's line. */
export function certificateLine(certificate: Buffer, comment: string): string {
  return `${CERT_TYPE} ${certificate.toString('base64')}${comment ? ` ${comment}` : ''}`;
}

/**
 * Options and extensions: sorted by name (OpenSSH refuses them out of order), each name
 * followed by its data as a string; a non-empty value is itself a string inside it.
 */
function namedList(entries: [string, string][]): Buffer {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.concat(
    sorted.map(([name, value]) =>
      Buffer.concat([
        wireString(name),
        wireString(value === '' ? Buffer.alloc(0) : wireString(value)),
      ]),
    ),
  );
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

function uint64(value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt.asUintN(64, value));
  return bytes;
}
