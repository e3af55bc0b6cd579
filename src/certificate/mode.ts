import * as core from '@actions/core';
import { Outputs } from '../constants.js';
import { deliverKey, prepareAgent } from '../delivery/deliver.js';
import type { DeliverableKey } from '../delivery/deliverable-key.js';
import type { Journal } from '../delivery/journal.js';
import { mask } from '../secrets.js';
import type { CertificateSettings, Settings } from '../settings/settings.js';
import { secretsToMask } from '../ssh-key/key-pair.js';
import { serviceOptionsFor } from '../tencent-api/client-config.js';
import type { Credentials } from '../tencent-api/credentials.js';
import { issueCertificate } from './issue.js';
import { kmsCaSigner } from './kms.js';
import type { IssuedCertificate } from './types.js';

/** Mode certificate: no SSM; a key made here, its certificate signed by the CA key in KMS. */
export async function certificateMode(
  settings: Settings,
  certificate: CertificateSettings,
  credentials: Credentials,
  journal: Journal,
): Promise<void> {
  core.info(`Authenticating with ${credentials.source}.`);
  const options = await serviceOptionsFor(settings, certificate.kmsEndpoint, credentials);
  const signer = kmsCaSigner({ ...options, keyId: certificate.caKeyId });
  const issued = await issueCertificate(certificate, signer);
  // Before any output or log line: the key text and each of its lines.
  secretsToMask(issued.privateKey).forEach(mask);
  publishCertificateFacts(issued);
  const { privateKey, publicKey } = issued;
  const key: DeliverableKey = { privateKey, publicKey, certificate: issued.certificate };
  await deliverKey(settings, key, journal, await prepareAgent(settings, journal));
}

function publishCertificateFacts(issued: IssuedCertificate): void {
  const validBefore = rfc3339(issued.validBefore);
  core.setOutput(Outputs.PublicKey, issued.publicKey);
  core.setOutput(Outputs.Fingerprint, issued.fingerprint);
  core.setOutput(Outputs.Certificate, issued.certificate);
  core.setOutput(Outputs.CaPublicKey, issued.caPublicKey);
  core.setOutput(Outputs.ValidBefore, validBefore);
  core.info(
    `Certificate serial ${issued.serial} for ${issued.fingerprint}, key ID "${issued.keyId}", ` +
      `valid from ${rfc3339(issued.validAfter)} until ${validBefore}.`,
  );
}

/** `2026-12-03T08:15:00Z`: whole seconds, as the certificate holds them. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
