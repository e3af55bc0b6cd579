import * as core from '@actions/core';
import { Outputs } from './constants.js';
import { resolveCredentials } from './auth/credentials.js';
import type { Credentials } from './tencent-api/credentials.js';
import { checkDeliveryPaths, deliverKey, prepareAgent } from './delivery/deliver.js';
import { deliverableKey } from './delivery/deliverable-key.js';
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
import { closeConnections, preconnect } from './tencent-api/connections.js';
import { serviceOptionsFor } from './tencent-api/client-config.js';
import { routeDependencyDeprecations } from './runtime-warnings.js';
import { mask } from './secrets.js';
import { writeCreatedKeySummary, type CreatedKeyFacts } from './ssm/created-summary.js';
import type { Settings } from './settings/settings.js';

/** The main step: inputs -> credentials -> key store -> mask -> deliver -> journal. */
export async function run(): Promise<void> {
  routeDependencyDeprecations();
  stopChildrenOnInterrupt();
  try {
    const settings = readSettings();
    for (const warning of plainHttpWarnings(settings)) core.warning(warning);
    const journal = new Journal();
    await checkDeliveryPaths(settings);
    openConnectionsEarly(settings);
    const credentials = await resolveCredentials(settings.auth, settings);
    if (settings.certificate) {
      // Its KMS client and certificate code load only in this mode.
      const { certificateMode } = await import('./certificate/mode.js');
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

/**
 * The Tencent Cloud hosts this step will call, connected now: with keyless auth their TCP and TLS
 * set-up then runs while GitHub issues the ID token. Only after the inputs are valid; no request yet.
 */
function openConnectionsEarly(settings: Settings): void {
  const endpoints = [settings.certificate?.kmsEndpoint ?? settings.endpoint];
  if (settings.auth.kind === 'oidc') endpoints.unshift(settings.auth.stsEndpoint);
  // A bad proxy variable fails again, with its message, when the request asks for the agent.
  for (const endpoint of endpoints) preconnect(endpoint).catch(() => undefined);
}

async function fetchKey(settings: Settings, credentials: Credentials): Promise<ObtainedKey> {
  core.info(`Authenticating with ${credentials.source}.`);
  const store = ssmKeyStore(await serviceOptionsFor(settings, settings.endpoint, credentials));
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
