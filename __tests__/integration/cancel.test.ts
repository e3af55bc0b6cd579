// The runner cancels a step with SIGINT, then SIGKILL, and still runs the post step with the
// state saved so far. Killed at any instant, the main step must leave nothing the post step
// cannot undo: no agent, no socket directory, no key file, no added known_hosts line.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { Job } from '../../harness/action-runner.js';
import { isProcessAlive, listSshAgents, processArgs } from '../../harness/processes.js';
import { agentAdd, agentFingerprints, startAgent } from '../../harness/ssh-tools.js';
import { describeStep, test } from './kit.js';

const RUNS_OWN_AGENT = 14;
const RUNS_REUSED_AGENT = 8;
const RUNS_POST_KILLED = 8;
/** The delivery phase (after the key is fetched) takes about this long here: kills land all over it. */
const DELIVERY_MS = 90;

/** The user's own 200-line known_hosts, which no kill may damage. */
function userKnownHosts(publicKey: string) {
  const blob = publicKey.split(' ').slice(0, 2).join(' ');
  return Array.from({ length: 200 }, (_, i) => `host${i}.example ${blob}`).join('\n') + '\n';
}

/** mulberry32: a seeded generator, so a failing run can be replayed from the logged seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How long the slow ssh-add of the reused-agent runs waits before it loads a key. */
const SLOW_ADD_MS = 400;

/**
 * An ssh-add that waits before loading a key, as on a busy runner, then execs the real one (same
 * PID): a kill lands while it runs, and it would add the key after the post step looked.
 */
function slowSshAdd(dir: string) {
  const real = execFileSync('sh', ['-c', 'command -v ssh-add'], { encoding: 'utf8' }).trim();
  const script = [
    '#!/bin/sh',
    `case "$1" in -l|-L|-d) ;; *) sleep ${SLOW_ADD_MS / 1000} ;; esac`,
    `exec ${real} "$@"`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'ssh-add'), script, { mode: 0o755 });
  return dir;
}

const SEED = Number(process.env.CANCEL_SEED) || Date.now();

/** What the job left on the runner after the post step: each item a failure. */
function leftovers(job: Job, keyFile: string, knownHosts: string, original: string) {
  const found: string[] = [];
  const agents = listSshAgents().filter((pid) =>
    processArgs(pid).some((arg) => arg.startsWith(job.runnerTemp)),
  );
  if (agents.length > 0) found.push(`ssh-agent ${agents.join(',')}`);
  const socketDirs = readdirSync(job.runnerTemp).filter((name) => name.startsWith('ssh-agent-'));
  if (socketDirs.length > 0) found.push(`socket dirs ${socketDirs.join(',')}`);
  if (existsSync(keyFile)) found.push(`key file ${keyFile}`);
  const sshDir = join(job.home, '.ssh');
  const extra = readdirSync(sshDir).filter((name) => name !== 'known_hosts' && name !== 'keys');
  if (extra.length > 0) found.push(`files in ~/.ssh: ${extra.join(',')}`);
  if (existsSync(join(sshDir, 'keys'))) {
    const inKeys = readdirSync(join(sshDir, 'keys'));
    if (inKeys.length > 0) found.push(`files in ~/.ssh/keys: ${inKeys.join(',')}`);
  }
  const text = existsSync(knownHosts) ? readFileSync(knownHosts, 'utf8') : '(missing)';
  if (text !== original) found.push(`known_hosts changed (${text.split('\n').length - 1} lines)`);
  return found;
}

describe('a main step cancelled at a random moment', () => {
  test('leaves nothing after the post step when it started its own agent', async ({ kit }) => {
    const next = random(SEED);
    const secret = kit.seed();
    const failures: string[] = [];
    for (let run = 0; run < RUNS_OWN_AGENT; run += 1) {
      const job = kit.newJob();
      const sshDir = join(job.home, '.ssh');
      const knownHosts = join(sshDir, 'known_hosts');
      const original = userKnownHosts(secret.publicKey);
      mkdirSync(sshDir, { mode: 0o700 });
      writeFileSync(knownHosts, original, { mode: 0o644 });
      const afterMs = Math.floor(next() * DELIVERY_MS);
      const main = await job.runMain(
        kit.inputs({
          'secret-name': secret.name,
          'key-file': '~/.ssh/keys/deploy',
          'known-hosts': `new.example ${secret.publicKey.split(' ').slice(0, 2).join(' ')}`,
        }),
        { interrupt: { after: /^Key .*\.$/m, afterMs, killAfterMs: Math.floor(next() * 30) } },
      );
      const post = await job.runPost(main);
      expect(post.exitCode, describeStep(post)).toBe(0);
      const found = leftovers(job, join(sshDir, 'keys', 'deploy'), knownHosts, original);
      if (found.length > 0)
        failures.push(`run ${run} (SIGINT +${afterMs} ms): ${found.join('; ')}`);
    }
    expect(failures, `CANCEL_SEED=${SEED}`).toEqual([]);
  });

  test('removes only its key from a reused agent, whenever it is killed', async ({ kit }) => {
    const next = random(SEED + 1);
    const [ours, theirs] = [kit.seed(), kit.seed()];
    const agent = await startAgent(join(kit.scratchDir(), 'agent.sock'));
    const failures: string[] = [];
    const PATH = `${slowSshAdd(kit.scratchDir())}:${process.env.PATH ?? ''}`;
    try {
      await agentAdd(agent.sock, theirs.privateKey);
      for (let run = 0; run < RUNS_REUSED_AGENT; run += 1) {
        const job = kit.newJob({ SSH_AUTH_SOCK: agent.sock, PATH });
        mkdirSync(join(job.home, '.ssh'), { mode: 0o700 });
        const afterMs = Math.floor(next() * (DELIVERY_MS + SLOW_ADD_MS));
        const main = await job.runMain(kit.inputs({ 'secret-name': ours.name }), {
          interrupt: { after: /^Key .*\.$/m, afterMs, killAfterMs: Math.floor(next() * 30) },
        });
        const post = await job.runPost(main);
        expect(post.exitCode, describeStep(post)).toBe(0);
        if (!isProcessAlive(agent.pid)) failures.push(`run ${run}: the reused agent was stopped`);
        // The killed step's ssh-add, had it survived, would add the key after its sleep.
        await new Promise((resolve) => setTimeout(resolve, SLOW_ADD_MS + 200));
        const held = await agentFingerprints(agent.sock);
        if (held.includes(ours.fingerprint)) {
          failures.push(`run ${run} (SIGINT +${afterMs} ms): our key is still in the agent`);
        }
        if (!held.includes(theirs.fingerprint)) failures.push(`run ${run}: their key is gone`);
      }
    } finally {
      await agent.stop();
    }
    expect(failures, `CANCEL_SEED=${SEED}`).toEqual([]);
  });

  test('a post step killed at any instant leaves known_hosts old or new, never cut', async ({
    kit,
  }) => {
    const next = random(SEED + 2);
    const secret = kit.seed();
    const line = `new.example ${secret.publicKey.split(' ').slice(0, 2).join(' ')}`;
    // Large enough that writing it takes a while: a truncate-then-write would be seen cut.
    const original = userKnownHosts(secret.publicKey).repeat(400);
    const failures: string[] = [];
    const prepare = async () => {
      const job = kit.newJob();
      mkdirSync(join(job.home, '.ssh'), { mode: 0o700 });
      const knownHosts = join(job.home, '.ssh', 'known_hosts');
      writeFileSync(knownHosts, original, { mode: 0o644 });
      const inputs = { 'secret-name': secret.name, 'known-hosts': line, 'ssh-agent': 'false' };
      const main = await job.runMain(kit.inputs(inputs));
      expect(main.failed, describeStep(main)).toBe(false);
      return { job, main, knownHosts };
    };
    // The undo is the post step's last act: kills land in the second half of its run time.
    const timed = await prepare();
    const started = Date.now();
    await timed.job.runPost(timed.main);
    const postMs = Date.now() - started;
    for (let run = 0; run < RUNS_POST_KILLED; run += 1) {
      const { job, main, knownHosts } = await prepare();
      const afterMs = Math.floor(postMs * (0.5 + 0.5 * next()));
      await job.runPost(main, { interrupt: { afterMs, killAfterMs: 0 } });
      const text = readFileSync(knownHosts, 'utf8');
      if (text !== original && text !== `${original}${line}\n`) {
        failures.push(`run ${run} (SIGINT +${afterMs} ms): known_hosts has ${text.length} bytes`);
      }
    }
    expect(failures, `CANCEL_SEED=${SEED}`).toEqual([]);
  });
});
