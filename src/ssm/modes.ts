import * as core from '@actions/core';
import { ApiCallError } from '../tencent-api/call.js';
import type { CreateRequest, KeyStore, SshKeySecret } from './key-store.js';
import type { Settings } from '../settings/settings.js';

export interface ObtainedKey {
  secret: SshKeySecret;
  /** True when this step created the secret. */
  created: boolean;
}

const isCode = (error: unknown, code: string): boolean =>
  error instanceof ApiCallError && error.code === code;

/**
 * Applies the mode: get, create, or get-or-create. get-or-create is safe when parallel jobs race:
 * the loser of the create race reads the winner's key.
 */
export async function obtainKey(
  store: KeyStore,
  settings: Settings,
  request: () => Promise<CreateRequest>,
): Promise<ObtainedKey> {
  switch (settings.mode) {
    case 'get':
      return { secret: await store.get(settings.secret), created: false };
    case 'create':
      return createAndRead(store, await request());
    case 'get-or-create':
      return getOrCreate(store, settings, request);
    case 'certificate':
      throw new Error('mode certificate reads no secret');
  }
}

async function createAndRead(store: KeyStore, request: CreateRequest): Promise<ObtainedKey> {
  const created = await store.create(request);
  core.info(`Created secret '${request.secretName}' (SSH key ${created.sshKeyId}).`);
  // By the name asked for: a name the answer made up must not choose which secret is read.
  const secret = await store.get({ secretName: request.secretName }, { afterCreate: true });
  return { secret, created: true };
}

async function getOrCreate(
  store: KeyStore,
  settings: Settings,
  request: () => Promise<CreateRequest>,
): Promise<ObtainedKey> {
  try {
    return { secret: await store.get(settings.secret), created: false };
  } catch (error) {
    if (!isCode(error, 'ResourceNotFound')) throw error;
  }
  const createRequest = await request();
  core.info(`Secret '${createRequest.secretName}' does not exist yet; creating it.`);
  try {
    return await createAndRead(store, createRequest);
  } catch (error) {
    if (!isCode(error, 'ResourceInUse.SecretExists')) throw error;
    core.info(`Another job created secret '${createRequest.secretName}' first; reading its key.`);
    return { secret: await store.get(settings.secret, { afterCreate: true }), created: false };
  }
}
