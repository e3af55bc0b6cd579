import * as core from '@actions/core';
import { safeMessage } from '../errors.js';
import { mask } from '../secrets.js';
import { KeyMaterialError } from '../ssh-key/key-material-error.js';
import { secretsToMask } from '../ssh-key/key-text.js';
import { encodeOpenSshPrivateKey, printableComment } from '../ssh-key/openssh-encode.js';

/** The key as the job receives it. */
export interface DeliverableKey {
  privateKey: string;
  publicKey: string;
  /** The key in OpenSSH format, carrying its comment: what goes into the agent. Masked. */
  agentText?: string;
  /** The comment `agentText` carries, as `ssh-add -l` will list it. */
  agentComment?: string;
  /** Mode certificate: the key's OpenSSH certificate line; `privateKey` is then openssh-key-v1. */
  certificate?: string;
}

/**
 * The key ready for delivery. For the agent it is re-encoded in OpenSSH format, the one whose
 * comment ssh-add keeps (`ssh-add -l` lists `agentComment`, not "(stdin)"); the key file and the
 * output keep the key as it came. The re-encoding is a new text of the private key: it and its
 * lines are masked here, before any line about the key is logged. The comment is only a label:
 * a key that cannot carry it goes into the agent as it came.
 */
export function deliverableKey(
  key: Omit<DeliverableKey, 'agentText'>,
  agentComment: string | undefined,
): DeliverableKey {
  const { privateKey, publicKey } = key;
  if (!agentComment) return { privateKey, publicKey };
  try {
    const agentText = encodeOpenSshPrivateKey(privateKey, agentComment);
    secretsToMask(agentText).forEach(mask);
    return { privateKey, publicKey, agentText, agentComment: printableComment(agentComment) };
  } catch (error) {
    const reason = error instanceof KeyMaterialError ? error.message : safeMessage(error);
    core.warning(`The key goes into the agent without its comment: ${reason}`);
    return { privateKey, publicKey };
  }
}
