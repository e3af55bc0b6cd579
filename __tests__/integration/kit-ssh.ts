// The ssh client configuration tests' share of the kit: a strict target sshd (also on [::1]) and a
// jump sshd for the file, ssh run as a later step of the job runs it, an agent of strangers.
import { onTestFinished } from 'vitest';
import type { Job } from '../../harness/action-runner.js';
import { runProcess } from '../../harness/run-process.js';
import { startDecoyAgent, startJumpSshd, startStrictSshd } from '../helpers/ssh-client.js';
import type { Sshd } from '../../harness/sshd.js';
import { type Kit, test } from './kit.js';

export const sshdTest = test
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from the pattern
  .extend('target', { scope: 'file' }, async ({}, { onCleanup }) => {
    const sshd = await startStrictSshd([], { ipv6: true });
    onCleanup(() => sshd.stop());
    return sshd;
  })
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from the pattern
  .extend('jump', { scope: 'file' }, async ({}, { onCleanup }) => {
    const sshd = await startJumpSshd([]);
    onCleanup(() => sshd.stop());
    return sshd;
  });

export const COMMAND = 'echo "in as $(id -un)"';

/** `user@127.0.0.1:port` of an sshd, as `ssh-host` and `ssh-jump-host` take it. */
export const address = (sshd: Sshd): string => `${sshd.user}@127.0.0.1:${sshd.port}`;

/** ssh as a later `run:` step of the job runs it: the job's env (HOME, passwd home, agent). */
export function ssh(job: Job, args: string[], extra: Record<string, string> = {}) {
  const options = ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes'];
  const env = job.environment(extra);
  return runProcess('ssh', [...options, ...args], { env, timeoutMs: 30_000 });
}

/** An agent holding three unrelated keys, stopped when the test ends. */
export async function decoyAgent(kit: Kit) {
  const agent = await startDecoyAgent(kit.scratchDir());
  onTestFinished(() => agent.stop());
  return agent;
}
