import * as core from '@actions/core';
import { Outputs } from './constants.js';
import { resolveCredentials } from './auth/credentials.js';
import type { Credentials } from './tencent-api/credentials.js';
import { checkDeliveryPaths, deliverKey, prepareAgent } from './delivery/deliver.js';
import { deliverableKey, type DeliverableKey } from './delivery/deliverable-key.js';
import { issueCertificate } from './certificate/issue.js';
import { kmsCaSigner } from './certificate/kms.js';
import type { IssuedCertificate } from './certificate/types.js';
import { ActionError, safeMessage } from './errors.js';
import { Journal } from './delivery/journal.js';
import { obtainKey, type ObtainedKey } from './ssm/modes.js';
import { readSettings } from './settings/read-settings.js';
import { plainHttpWarnings } from './settings/endpoint.js';
import { createRequestFor } from './ssm/create-request.js';
import {
  KeyMaterialError,
  loadKeyPair,
  secretsToMask,
  type SshKeyPair,
} from './ssh-key/key-pair.js';
import { agentKeyComment } from './ssh-key/openssh-encode.js';
import { describeRef, ssmKeyStore } from './ssm/key-store.js';
import { stopChildrenOnInterrupt } from './process.js';
import { agentFor, closeConnections } from './tencent-api/connections.js';
import { routeDependencyDeprecations } from './runtime-warnings.js';
import { mask } from './secrets.js';
import { writeCreatedKeySummary, type CreatedKeyFacts } from './ssm/created-summary.js';
import type { CertificateSettings, Settings } from './settings/settings.js';

/** The main step: inputs -> credentials -> key store -> mask -> deliver -> journal. */
export async function run(): Promise<void> {
  routeDependencyDeprecations();
  stopChildrenOnInterrupt();
  try {
    const settings = readSettings();
    for (const warning of plainHttpWarnings(settings)) core.warning(warning);
    const journal = new Journal();
    await checkDeliveryPaths(settings);
    const credentials = await resolveCredentials(settings.auth, settings);
    if (settings.certificate) {
      await certificateMode(settings, settings.certificate, credentials, journal);
      return;
    }
    const obtained = await fetchKey(settings, credentials);
    const keyPair = unsealKey(obtained);
    const key = deliverableKey(keyPair, agentCommentOf(settings, obtained));
    publishKeyFacts(obtained, keyPair);
    if (obtained.created) await writeCreatedKeySummary(createdFacts(settings, obtained, keyPair));
    await deliverKey(settings, key, journal, await prepareAgent(settings, journal));
  } catch (error) {
    core.setFailed(safeMessage(error));
  } finally {
    await closeConnections();
  }
}

async function fetchKey(settings: Settings, credentials: Credentials): Promise<ObtainedKey> {
  core.info(`Authenticating with ${credentials.source}.`);
  const store = ssmKeyStore({
    region: settings.region,
    endpoint: settings.endpoint,
    credentials,
    maxAttempts: settings.maxAttempts,
    timeoutSeconds: settings.timeoutSeconds,
    agent: await agentFor(settings.endpoint),
  });
  return obtainKey(store, settings, createRequestFor(settings));
}

/** Masks the raw value, the decoded key and each of its lines, then validates the key. */
function unsealKey(obtained: ObtainedKey): SshKeyPair {
  const { rawPrivateKey, rawPublicKey } = obtained.secret;
  try {
    secretsToMask(rawPrivateKey).forEach(mask);
    return loadKeyPair(rawPrivateKey, rawPublicKey);
  } catch (error) {
    if (!(error instanceof KeyMaterialError)) throw error;
    const { secretName, sshKeyId } = obtained.secret;
    const where = describeRef(secretName ? { secretName } : { sshKeyId });
    const rid = obtained.secret.requestId ? ` (RequestId ${obtained.secret.requestId})` : '';
    throw new ActionError(`${safeMessage(error)} [${where}${rid}]`);
  }
}

/** What `ssh-add -l` will list for the key; none when no agent gets it. */
function agentCommentOf(settings: Settings, obtained: ObtainedKey): string | undefined {
  if (!settings.sshAgent) return undefined;
  return agentKeyComment(obtained.secret.secretName ?? '', obtained.secret.sshKeyId);
}

function createdFacts(
  settings: Settings,
  obtained: ObtainedKey,
  keyPair: SshKeyPair,
): CreatedKeyFacts {
  const { sshKeyId, sshKeyName } = obtained.secret;
  const { publicKey, fingerprint } = keyPair;
  return {
    secretName: obtained.secret.secretName ?? '',
    sshKeyId,
    sshKeyName,
    publicKey,
    fingerprint,
    region: settings.region,
  };
}

function publishKeyFacts(obtained: ObtainedKey, keyPair: SshKeyPair): void {
  const { secret, created } = obtained;
  core.setOutput(Outputs.SecretName, secret.secretName ?? '');
  core.setOutput(Outputs.SshKeyId, secret.sshKeyId);
  core.setOutput(Outputs.SshKeyName, secret.sshKeyName);
  core.setOutput(Outputs.ProjectId, String(secret.projectId));
  core.setOutput(Outputs.PublicKey, keyPair.publicKey);
  core.setOutput(Outputs.Fingerprint, keyPair.fingerprint);
  core.setOutput(Outputs.Created, String(created));
  core.info(
    `Key ${secret.sshKeyId} (${keyPair.type}) ${keyPair.fingerprint}${created ? ', created by this step' : ''}.`,
  );
}

/** Mode certificate: no SSM; a key made here, its certificate signed by the CA key in KMS. */
async function certificateMode(
  settings: Settings,
  certificate: CertificateSettings,
  credentials: Credentials,
  journal: Journal,
): Promise<void> {
  core.info(`Authenticating with ${credentials.source}.`);
  const signer = kmsCaSigner({
    endpoint: certificate.kmsEndpoint,
    region: settings.region,
    credentials,
    keyId: certificate.caKeyId,
    maxAttempts: settings.maxAttempts,
    timeoutSeconds: settings.timeoutSeconds,
    agent: await agentFor(certificate.kmsEndpoint),
  });
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
