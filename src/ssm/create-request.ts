import type { Settings } from '../settings/settings.js';
import type { CreateRequest } from './key-store.js';
import { defaultDescription, readRunContext } from '../settings/run-context.js';

/**
 * The CreateSSHKeyPairSecret request for these settings, built only when a create is needed, so a
 * plain `get` never loads the run context.
 */
export function createRequestFor(settings: Settings): () => Promise<CreateRequest> {
  return async () => {
    if (!('secretName' in settings.secret)) throw new Error('creating needs secret-name');
    const { create } = settings;
    return {
      secretName: settings.secret.secretName,
      projectId: create.projectId,
      description: create.description ?? defaultDescription(readRunContext()),
      kmsKeyId: create.kmsKeyId,
      sshKeyName: create.sshKeyName,
      tags: create.tags,
    };
  };
}
