// The post step undoes exactly what its main step did: several keys in one job, a reused agent,
// a main step that failed halfway.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { isProcessAlive, listSshAgents, processArgs } from '../../harness/processes.js';
import { agentAdd, agentFingerprints, startAgent } from '../../harness/ssh-tools.js';
import { agentKeysOf, describeStep, normalisedKey, test } from './kit.js';

const hostLine = (host: string, publicKey: string) =>
  `${host} ${publicKey.split(' ').slice(0, 2).join(' ')}`;

interface JournalEntryShape {
  kind: string;
  pid?: number;
}
const journalOf = (state: Record<string, string>): JournalEntryShape[] =>
  JSON.parse(state.journal ?? '[]') as JournalEntryShape[];

describe('two keys in one job', () => {
  test('share one agent; the post steps, in reverse order, undo everything', async ({ kit }) => {
    const [first, second] = [kit.seed(), kit.seed()];
    const job = kit.newJob({ RUNNER_DEBUG: '1' });
    const sshDir = join(job.home, '.ssh');
    const knownHosts = join(sshDir, 'known_hosts');
    const preexisting = hostLine('pre.example', first.publicKey);
    mkdirSync(sshDir, { mode: 0o700 });
    writeFileSync(knownHosts, `${preexisting}\n`, { mode: 0o600 });
    const [a, b] = [
      hostLine('a.example', first.publicKey),
      hostLine('b.example', second.publicKey),
    ];

    const main1 = await job.runMain(
      kit.inputs({ 'secret-name': first.name, 'key-file': '~/.ssh/deploy/id', 'known-hosts': a }),
    );
    expect(main1.failed, describeStep(main1)).toBe(false);
    const main2 = await job.runMain(
      kit.inputs({ 'secret-name': second.name, 'known-hosts': `${a}\n${b}` }),
    );
    expect(main2.failed, describeStep(main2)).toBe(false);

    const sock = main1.outputs['ssh-auth-sock'] ?? '';
    const pid = Number(main1.outputs['ssh-agent-pid']);
    expect(main2.outputs['ssh-auth-sock']).toBe(sock);
    expect(main2.outputs).not.toHaveProperty('ssh-agent-pid');
    // Other test files run agents too: count only the ones serving this job's RUNNER_TEMP.
    const agentsOfJob = () =>
      listSshAgents().filter((p) => processArgs(p).some((arg) => arg.startsWith(job.runnerTemp)));
    expect(agentsOfJob()).toEqual([pid]);
    expect(await agentKeysOf(job)).toEqual([first.fingerprint, second.fingerprint]);
    expect(readFileSync(knownHosts, 'utf8')).toBe(`${preexisting}\n${a}\n${b}\n`);
    const kinds = (state: Record<string, string>) => journalOf(state).map((entry) => entry.kind);
    expect(kinds(main1.state)).toEqual(['agent-started', 'file-written', 'known-hosts-added']);
    expect(kinds(main2.state)).toEqual(['key-added', 'known-hosts-added']);

    const post2 = await job.runPost(main2);
    expect(post2.exitCode, describeStep(post2)).toBe(0);
    expect(await agentFingerprints(sock)).toEqual([first.fingerprint]);
    expect(isProcessAlive(pid)).toBe(true);
    expect(readFileSync(knownHosts, 'utf8')).toBe(`${preexisting}\n${a}\n`);

    const post1 = await job.runPost(main1);
    expect(post1.exitCode, describeStep(post1)).toBe(0);
    expect([...post1.commands.warnings, ...post2.commands.warnings]).toEqual([]);
    expect(isProcessAlive(pid)).toBe(false);
    expect(agentsOfJob()).toEqual([]);
    expect(existsSync(join(sock, '..'))).toBe(false);
    expect(existsSync(join(sshDir, 'deploy'))).toBe(false);
    expect(readFileSync(knownHosts, 'utf8')).toBe(`${preexisting}\n`);
    expect(existsSync(sshDir)).toBe(true);
  });
});

describe('an agent the job started itself', () => {
  test('keeps running with its own keys; only ours is removed', async ({ kit }) => {
    const [ours, theirs] = [kit.seed(), kit.seed()];
    const agent = await startAgent(join(kit.scratchDir(), 'agent.sock'));
    try {
      await agentAdd(agent.sock, theirs.privateKey);
      const job = kit.newJob({ SSH_AUTH_SOCK: agent.sock, SSH_AGENT_PID: String(agent.pid) });
      const main = await job.runMain(kit.inputs({ 'secret-name': ours.name }));
      expect(main.failed, describeStep(main)).toBe(false);
      expect(main.outputs['ssh-auth-sock']).toBe(agent.sock);
      expect(main.outputs).not.toHaveProperty('ssh-agent-pid');
      expect(main.exportedEnv).not.toHaveProperty('SSH_AGENT_PID');
      expect(journalOf(main.state).map((entry) => entry.kind)).toEqual(['key-added']);
      expect(await agentFingerprints(agent.sock)).toEqual([theirs.fingerprint, ours.fingerprint]);

      const post = await job.runPost(main);
      expect(post.exitCode, describeStep(post)).toBe(0);
      expect(isProcessAlive(agent.pid)).toBe(true);
      expect(await agentFingerprints(agent.sock)).toEqual([theirs.fingerprint]);
    } finally {
      await agent.stop();
    }
  });

  test('a key the agent already held stays after the post step', async ({ kit }) => {
    const record = kit.seed();
    const agent = await startAgent(join(kit.scratchDir(), 'agent.sock'));
    try {
      await agentAdd(agent.sock, record.privateKey);
      const job = kit.newJob({ SSH_AUTH_SOCK: agent.sock });
      const main = await job.runMain(kit.inputs({ 'secret-name': record.name }));
      expect(main.failed, describeStep(main)).toBe(false);
      expect(main.stdout).toContain('The agent already holds this key');
      expect(main.state).toEqual({});
      const post = await job.runPost(main);
      expect(post.exitCode, describeStep(post)).toBe(0);
      expect(await agentFingerprints(agent.sock)).toEqual([record.fingerprint]);
    } finally {
      await agent.stop();
    }
  });

  test('a key whose lifetime ran out: nothing to remove, no warning', async ({ kit }) => {
    const record = kit.seed();
    const agent = await startAgent(join(kit.scratchDir(), 'agent.sock'));
    try {
      const job = kit.newJob({ SSH_AUTH_SOCK: agent.sock });
      const inputs = { 'secret-name': record.name, 'key-lifetime': '1' };
      const main = await job.runMain(kit.inputs(inputs));
      expect(main.failed, describeStep(main)).toBe(false);
      await expect.poll(() => agentFingerprints(agent.sock), { timeout: 10_000 }).toEqual([]);
      const post = await job.runPost(main);
      expect(post.exitCode, describeStep(post)).toBe(0);
      expect(post.commands.warnings).toEqual([]);
      expect(isProcessAlive(agent.pid)).toBe(true);
    } finally {
      await agent.stop();
    }
  });
});

// A variable of the runner's own environment (a self-hosted runner's service), which GITHUB_ENV
// overrides for later steps; a job-level `env:` would win over GITHUB_ENV instead.
test('a stale SSH_AUTH_SOCK is ignored: a new agent is started and stopped', async ({ kit }) => {
  const record = kit.seed();
  const stale = join(kit.scratchDir(), 'gone.sock');
  const job = kit.newJob();
  const inputs = kit.inputs({ 'secret-name': record.name });
  const main = await job.runMain(inputs, { env: { SSH_AUTH_SOCK: stale } });
  expect(main.failed, describeStep(main)).toBe(false);
  const pid = Number(main.outputs['ssh-agent-pid']);
  expect(main.exportedEnv.SSH_AUTH_SOCK).toBe(main.outputs['ssh-auth-sock']);
  expect(main.exportedEnv.SSH_AUTH_SOCK).not.toBe(stale);
  expect(await agentKeysOf(job)).toEqual([record.fingerprint]);
  expect((await job.runPost(main)).exitCode).toBe(0);
  expect(isProcessAlive(pid)).toBe(false);
});

describe('a main step that fails halfway', () => {
  test.for([{ debug: false }, { debug: true }])(
    'after starting the agent: post stops it (debug: $debug)',
    async ({ debug }, { kit }) => {
      const record = kit.seed();
      const job = kit.newJob(debug ? { RUNNER_DEBUG: '1' } : {});
      const keyFile = join(job.workspace, 'id_taken');
      writeFileSync(keyFile, 'somebody else’s key\n');
      const main = await job.runMain(
        kit.inputs({ 'secret-name': record.name, 'key-file': keyFile }),
      );
      expect(main.exitCode).toBe(1);
      expect(main.commands.errors.map((e) => e.message).join()).toContain('refusing to overwrite');
      const [entry, ...rest] = journalOf(main.state);
      expect(entry?.kind).toBe('agent-started');
      expect(rest).toEqual([]);
      const pid = entry?.pid ?? -1;
      expect(isProcessAlive(pid)).toBe(true);

      const post = await job.runPost(main);
      expect(post.exitCode, describeStep(post)).toBe(0);
      expect(isProcessAlive(pid)).toBe(false);
      expect(existsSync(join(main.exportedEnv.SSH_AUTH_SOCK ?? '/none', '..'))).toBe(false);
      expect(readFileSync(keyFile, 'utf8')).toBe('somebody else’s key\n');
      expect(readFileSync(keyFile, 'utf8')).not.toBe(normalisedKey(record));
    },
  );
});
