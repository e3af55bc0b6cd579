import { addKey } from './agent-keys.js';
import { addIdentity } from './agent-protocol.js';
import { agentKeyFields } from './certified-key.js';
import type { DeliverableKey } from './deliverable-key.js';
import type { Journal, JournalEntry } from './journal.js';

/**
 * Over the agent protocol from memory when the key was re-encoded with its comment (no ssh-add
 * process to start: about 10 ms less), else through ssh-add, journaling its PID for the post step.
 */
export async function loadKey(
  socket: string,
  key: DeliverableKey,
  lifetimeSeconds: number | undefined,
  journal: Journal,
  entry: JournalEntry | undefined,
): Promise<void> {
  if (key.agentText && key.agentComment) {
    const keyFields = agentKeyFields(key.agentText);
    try {
      await addIdentity(socket, { keyFields, comment: key.agentComment, lifetimeSeconds });
    } finally {
      keyFields.fill(0);
    }
    return;
  }
  const onSpawn = (adderPid: number) => {
    if (entry) entry = journal.update(entry, { adderPid });
  };
  await addKey(socket, key.privateKey, { lifetimeSeconds, onSpawn });
  // The add finished: post no longer needs to look for a running ssh-add.
  if (entry) journal.update(entry, { adderPid: undefined });
}
