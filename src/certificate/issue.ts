import { generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { Inputs } from '../constants.js';
import { ActionError } from '../errors.js';
import { oneLine } from '../printable.js';
import { readJobRevision, readRunContext } from '../settings/run-context.js';
import type { CertificateSettings } from '../settings/settings.js';
import { encodeOpenSshPrivateKey, printableComment } from '../ssh-key/openssh-encode.js';
import { publicKeyLine } from '../ssh-key/public-key.js';
import { bytesFromBigint, ed25519PublicBlob, fingerprintOf } from '../ssh-key/wire.js';
import { type CaKey, caKeyFromSpki, derEcdsaSignature, sshSignatureBlob } from './ca-key.js';
import { certificateLine, signedCertificate, toBeSigned } from './cert-builder.js';
import { certificateKeyId } from './key-id.js';
import type { CaSigner, IssuedCertificate } from './types.js';

/**
 * Mode certificate's key and certificate: an Ed25519 key pair made here and now, a user
 * certificate for it, signed by the CA in KMS. The signature is checked against the CA's public
 * key before anything is returned: a damaged or forged answer fails here, not at the server.
 */

export interface IssueOptions {
  /** The clock; tests fix it. */
  now?: Date;
  /** Randomness for the nonce and the serial; tests fix it. */
  random?: (size: number) => Buffer;
  /** Defaults to the job's repository, run, attempt, ref and commit. */
  keyId?: string;
}

/** Servers' clocks may be behind the runner's: the certificate is valid from a minute ago. */
const CLOCK_SKEW_SECONDS = 60n;

export async function issueCertificate(
  settings: CertificateSettings,
  signer: CaSigner,
  options: IssueOptions = {},
): Promise<IssuedCertificate> {
  checkPrincipals(settings.principals);
  const random = options.random ?? randomBytes;
  const now = BigInt(Math.floor((options.now ?? new Date()).getTime() / 1000));
  const keyId = options.keyId ?? certificateKeyId(readRunContext(), readJobRevision());
  const ca = caKeyFromSpki(await signer.publicKey(), settings.caKeyId);
  const key = ephemeralKey();
  const serial = randomSerial(random);
  const validAfter = now - CLOCK_SKEW_SECONDS;
  const validBefore = now + BigInt(settings.lifetimeSeconds);
  const signed = toBeSigned({
    nonce: random(32),
    publicKey: key.rawPublic,
    serial,
    keyId,
    principals: settings.principals,
    validAfter,
    validBefore,
    sourceAddresses: settings.sourceAddresses,
    caBlob: ca.blob,
  });
  const signature = await signer.sign(signed, ca.algorithm);
  const signatureBlob = checkedSignature(ca, signed, signature, settings.caKeyId);
  const comment = printableComment(`tencentcloud-kms-ca:${settings.caKeyId} serial=${serial}`);
  const publicBlob = ed25519PublicBlob(key.rawPublic);
  return {
    privateKey: encodeOpenSshPrivateKey(key.pkcs8, comment),
    publicKey: publicKeyLine(publicBlob, comment),
    certificate: certificateLine(signedCertificate(signed, signatureBlob), comment),
    caPublicKey: ca.line,
    fingerprint: fingerprintOf(publicBlob),
    keyId,
    serial,
    validAfter: new Date(Number(validAfter) * 1000),
    validBefore: new Date(Number(validBefore) * 1000),
  };
}

/** OpenSSH reads a certificate without principals as valid for every user: never issue one. */
function checkPrincipals(principals: readonly string[]): void {
  if (principals.length === 0) {
    throw new ActionError(
      `'${Inputs.CertificatePrincipals}' is empty: a certificate without principals would be ` +
        'valid for every user on the servers. Give the server user names, one a line.',
    );
  }
}

/** A new Ed25519 key: its 32-byte public key, and the private key as PKCS#8 PEM (secret). */
function ephemeralKey(): { rawPublic: Buffer; pkcs8: string } {
  const pair = generateKeyPairSync('ed25519');
  return {
    rawPublic: Buffer.from(pair.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url'),
    pkcs8: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/** 64 random bits; never 0, which a KRL cannot revoke by serial. */
function randomSerial(random: (size: number) => Buffer): bigint {
  const serial = random(8).readBigUInt64BE(0);
  return serial === 0n ? 1n : serial;
}

/** KMS's signature as the SSH signature blob, once it verifies against the CA's public key. */
function checkedSignature(ca: CaKey, signed: Buffer, signature: Buffer, keyId: string): Buffer {
  const fail = (detail: string) =>
    new ActionError(
      `KMS's signature with '${oneLine(keyId)}' ('${Inputs.CaKmsKeyId}') ${detail}: the ` +
        `certificate would not be accepted by any server. Check that '${Inputs.KmsEndpoint}' is ` +
        'Tencent Cloud KMS and that no proxy rewrites its responses.',
    );
  if (ca.algorithm === 'ECC_P256_R1') {
    const pair = derEcdsaSignature(signature);
    const blob = sshSignatureBlob(ca.algorithm, signature);
    if (!pair || !blob || pair.r >= 1n << 256n || pair.s >= 1n << 256n) {
      throw fail('is not a DER ECDSA signature');
    }
    const p1363 = Buffer.concat([bytesFromBigint(pair.r, 32), bytesFromBigint(pair.s, 32)]);
    if (!verify('sha256', signed, { key: ca.key, dsaEncoding: 'ieee-p1363' }, p1363)) {
      throw fail('does not verify against its public key');
    }
    return blob;
  }
  // OpenSSH pads a short RSA signature to the modulus; OpenSSL wants the full length.
  const size = Math.ceil((ca.key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (signature.length === 0 || signature.length > size) throw fail('has the wrong length');
  const full = Buffer.concat([Buffer.alloc(size - signature.length), signature]);
  if (!verify('sha256', signed, ca.key, full)) {
    throw fail('does not verify against its public key');
  }
  const blob = sshSignatureBlob(ca.algorithm, full);
  if (!blob) throw fail('is not an RSA signature');
  return blob;
}
