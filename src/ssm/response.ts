import { fieldProblem, firstProblem, freeText, requestIdOf } from '../tencent-api/answer-fields.js';
import type { Failure } from '../tencent-api/failure.js';
import { KeyMaterialError } from '../ssh-key/key-material-error.js';
import { checkMaskLayout, decodeKeyText, type KeyField } from '../ssh-key/key-text.js';
import type { SecretRef } from '../settings/settings.js';

/** The key pair secret as the API returned it; key fields are raw (plain or base64). */
export interface SshKeySecret {
  secretName?: string;
  sshKeyId: string;
  sshKeyName: string;
  projectId: number;
  rawPublicKey?: string;
  rawPrivateKey: string;
  /** RequestId of the GetSSHKeyPairValue answer, for messages about its key material. */
  requestId?: string;
}

/** GetSSHKeyPairValue's Response, as far as it can be trusted: anything may be missing. */
export interface GetResponse {
  SSHKeyID?: unknown;
  PublicKey?: unknown;
  PrivateKey?: unknown;
  ProjectID?: unknown;
  SSHKeyName?: unknown;
  RequestId?: unknown;
}

/** CreateSSHKeyPairSecret's Response, as far as it can be trusted. */
export interface CreateResponse {
  SecretName?: unknown;
  SSHKeyID?: unknown;
  SSHKeyName?: unknown;
  RequestId?: unknown;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * The secret in a GetSSHKeyPairValue answer, or the reason it is unusable: a missing field, a
 * field not of its documented shape, or a key field that is not key text (plain, or base64 of
 * it). Only the shape is checked here, where the RequestId is known; whether the key parses is
 * for ssh-key.ts. Reasons never quote a value.
 */
export function secretFromResponse(
  response: GetResponse | undefined,
  ref: SecretRef,
): SshKeySecret | Failure {
  const requestId = requestIdOf(response?.RequestId);
  const malformed = (reason: string, keyMaterial?: boolean): Failure => ({
    kind: 'malformed',
    reason,
    requestId,
    ...(keyMaterial ? { keyMaterial } : {}),
  });
  if (!response || typeof response !== 'object') return malformed('the Response envelope is empty');
  const rawPrivateKey = text(response.PrivateKey);
  if (!rawPrivateKey) return malformed('PrivateKey is missing');
  const problem = firstProblem(
    fieldProblem('RequestId', response.RequestId),
    fieldProblem('SSHKeyID', response.SSHKeyID, true),
  );
  if (problem) return malformed(problem);
  const secret: SshKeySecret = {
    secretName: 'secretName' in ref ? ref.secretName : undefined,
    sshKeyId: response.SSHKeyID as string,
    sshKeyName: freeText(response.SSHKeyName),
    projectId: Number.isSafeInteger(response.ProjectID) ? (response.ProjectID as number) : 0,
    rawPublicKey: text(response.PublicKey),
    rawPrivateKey,
    requestId,
  };
  const notAKey = keyShapeProblem(secret);
  return notAKey ? malformed(notAKey, true) : secret;
}

/**
 * Why a CreateSSHKeyPairSecret answer is malformed, or undefined. Its SecretName is checked but
 * never used: the step reads back the name it asked for, whatever the answer says.
 */
export function createdProblem(response: CreateResponse | undefined): string | undefined {
  if (!response || typeof response !== 'object') return 'the Response envelope is empty';
  return firstProblem(
    fieldProblem('RequestId', response.RequestId),
    fieldProblem('SSHKeyID', response.SSHKeyID, true),
    fieldProblem('SecretName', response.SecretName),
  );
}

function keyShapeProblem(secret: SshKeySecret): string | undefined {
  const fields: [KeyField, string | undefined][] = [
    ['PrivateKey', secret.rawPrivateKey],
    ['PublicKey', secret.rawPublicKey],
  ];
  for (const [field, value] of fields) {
    if (value === undefined) continue;
    try {
      decodeKeyText(value, field);
      // Before main.ts masks the key line by line: a flood of short masks would blank the log.
      if (field === 'PrivateKey') checkMaskLayout(value);
    } catch (error) {
      if (error instanceof KeyMaterialError) return error.message;
      throw error;
    }
  }
  return undefined;
}

export const isFailure = (value: SshKeySecret | Failure): value is Failure => 'kind' in value;
