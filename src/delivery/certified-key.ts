import { addIdentity } from './agent-protocol.js';
import type { Journal } from './journal.js';
import { openSshKeyFields } from '../ssh-key/openssh-format.js';
import { printableComment } from '../ssh-key/openssh-encode.js';

// Mode certificate's key in the agent: the plain key and its certificate, as `ssh-add` adds a
// key with a `-cert.pub` beside it, so tools that know no certificates still have the key. Both
// go over the agent's socket from memory; each is journaled before it is added.

/** The key as mode certificate hands it to delivery. */
export interface CertifiedKey {
  /** openssh-key-v1 text of an Ed25519 key. Secret. */
  privateKey: string;
  /** `ssh-ed25519 AAAA... comment` */
  publicKey: string;
  /** `ssh-ed25519-cert-v01@openssh.com AAAA... comment` */
  certificate: string;
}

export interface CertifiedKeyAgent {
  socket: string;
  /** An agent this step started goes with the post step whole: nothing to journal per key. */
  started: boolean;
}

const DEFAULT_COMMENT = 'tencentcloud-kms-certificate';

/** The key's type and private fields, read from its openssh-key-v1 text. Secret. */
export function agentKeyFields(privateKey: string): Buffer {
  const body = privateKey
    .replace(/-----(BEGIN|END) OPENSSH PRIVATE KEY-----/g, '')
    .replace(/\s+/g, '');
  return openSshKeyFields(Buffer.from(body, 'base64'));
}

/** The wire blob of an OpenSSH certificate (or public key) line. */
export function lineBlob(line: string): Buffer {
  const blob = line.trim().split(/\s+/)[1] ?? '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) throw new Error('not an OpenSSH certificate line');
  return Buffer.from(blob, 'base64');
}

/** What `ssh-add -l` lists for both: the public key line's comment, made printable. */
function commentOf(publicKey: string): string {
  const comment = publicKey.trim().split(/\s+/).slice(2).join(' ');
  return printableComment(comment) || DEFAULT_COMMENT;
}

/** Adds the key, then its certificate; the agent forgets both after `lifetimeSeconds`. */
export async function addCertifiedKey(
  agent: CertifiedKeyAgent,
  key: CertifiedKey,
  lifetimeSeconds: number | undefined,
  journal: Journal,
): Promise<void> {
  const keyFields = agentKeyFields(key.privateKey);
  const comment = commentOf(key.publicKey);
  const additions: [string, Buffer | undefined][] = [
    [key.publicKey, undefined],
    [key.certificate, lineBlob(key.certificate)],
  ];
  try {
    for (const [line, certificate] of additions) {
      if (!agent.started)
        journal.record({ kind: 'key-added', socket: agent.socket, publicKey: line });
      await addIdentity(agent.socket, { keyFields, certificate, comment, lifetimeSeconds });
    }
  } finally {
    keyFields.fill(0);
  }
}
