// The seams of mode certificate, shared by its parts: the CA in KMS (or a test double) signs, the
// pure builder makes the certificate, delivery hands key and certificate to the job.

/** KMS signing algorithms a CA key can use; each maps to one SSH signature format. */
export type CaAlgorithm = 'ECC_P256_R1' | 'RSA_PKCS1_SHA_256';

/** The certificate authority: its private half never leaves KMS. */
export interface CaSigner {
  /** The CA's public key as DER SubjectPublicKeyInfo (KMS GetPublicKey's `PublicKey`, decoded). */
  publicKey(): Promise<Buffer>;
  /**
   * KMS's signature over `message` (the certificate to be signed, RAW): DER ECDSA (r, s) for
   * ECC_P256_R1, PKCS#1 v1.5 bytes for RSA_PKCS1_SHA_256.
   */
  sign(message: Buffer, algorithm: CaAlgorithm): Promise<Buffer>;
}

/** What mode certificate gives the job. */
export interface IssuedCertificate {
  /** The ephemeral Ed25519 private key, as openssh-key-v1 text (secret: mask before use). */
  privateKey: string;
  /** `ssh-ed25519 AAAA... comment` */
  publicKey: string;
  /** `ssh-ed25519-cert-v01@openssh.com AAAA... comment` */
  certificate: string;
  /** The CA's OpenSSH public key line, for the servers' TrustedUserCAKeys. */
  caPublicKey: string;
  fingerprint: string;
  keyId: string;
  serial: bigint;
  validAfter: Date;
  validBefore: Date;
}
