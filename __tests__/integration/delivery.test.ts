// Delivery through the bundled action: ssh-agent, key-lifetime, key-file and known-hosts.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { isProcessAlive, processArgs } from '../../harness/processes.js';
import { agentKeysOf, describeStep, modeOf, normalisedKey, test } from './kit.js';

const DEBUG = [{ debug: false }, { debug: true }] as const;
const debugEnv = (debug: boolean) => (debug ? { RUNNER_DEBUG: '1' } : {});
const errorOf = (step: { commands: { errors: { message: string }[] } }) =>
  step.commands.errors.map((e) => e.message).join('\n');

/** A known_hosts line for a made-up host, built from a seeded secret's public key. */
const hostLine = (host: string, publicKey: string) =>
  `${host} ${publicKey.split(' ').slice(0, 2).join(' ')}`;

describe('ssh-agent', () => {
  test.for(DEBUG)('starts one under RUNNER_TEMP (debug: $debug)', async ({ debug }, { kit }) => {
    const record = kit.seed();
    const job = kit.newJob(debugEnv(debug));
    const main = await job.runMain(kit.inputs({ 'secret-name': record.name }));
    expect(main.failed, describeStep(main)).toBe(false);
    // A daemon holding the step's stdout open would hang the runner.
    expect(main.stdioHeldOpen).toBe(false);
    const sock = main.outputs['ssh-auth-sock'] ?? '';
    const pid = Number(main.outputs['ssh-agent-pid']);
    expect(sock.startsWith(`${job.runnerTemp}/`)).toBe(true);
    expect(modeOf(join(sock, '..'))).toBe(0o700);
    expect(main.exportedEnv).toEqual({ SSH_AUTH_SOCK: sock, SSH_AGENT_PID: String(pid) });
    expect(isProcessAlive(pid)).toBe(true);
    expect(processArgs(pid)).toContain(sock);
    expect(await agentKeysOf(job)).toEqual([record.fingerprint]);

    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
    expect(post.commands.warnings).toEqual([]);
    expect(isProcessAlive(pid)).toBe(false);
    expect(existsSync(join(sock, '..'))).toBe(false);
  });

  test('a RUNNER_TEMP too long for a socket path: the socket goes to the temp dir', async ({
    kit,
  }) => {
    const record = kit.seed();
    const longTemp = join(kit.scratchDir(), 'x'.repeat(100));
    mkdirSync(longTemp);
    const job = kit.newJob({ RUNNER_TEMP: longTemp });
    const main = await job.runMain(kit.inputs({ 'secret-name': record.name }));
    expect(main.failed, describeStep(main)).toBe(false);
    const socketDir = join(main.outputs['ssh-auth-sock'] ?? '', '..');
    expect(socketDir.startsWith(`${tmpdir()}/ssh-agent-`)).toBe(true);
    expect(await agentKeysOf(job)).toEqual([record.fingerprint]);
    expect((await job.runPost(main)).exitCode).toBe(0);
    expect(existsSync(socketDir)).toBe(false);
  });

  test('key-lifetime: the agent drops the key when it expires', async ({ kit }) => {
    const record = kit.seed();
    const job = kit.newJob();
    const main = await job.runMain(kit.inputs({ 'secret-name': record.name, 'key-lifetime': '3' }));
    expect(main.failed, describeStep(main)).toBe(false);
    expect(await agentKeysOf(job)).toEqual([record.fingerprint]);
    await expect.poll(() => agentKeysOf(job), { timeout: 10_000, interval: 250 }).toEqual([]);
    expect((await job.runPost(main)).exitCode).toBe(0);
  });

  test.for(DEBUG)('ssh-agent: false starts nothing (debug: $debug)', async ({ debug }, { kit }) => {
    const record = kit.seed();
    const job = kit.newJob(debugEnv(debug));
    const main = await job.runMain(
      kit.inputs({ 'secret-name': record.name, 'ssh-agent': 'false' }),
    );
    expect(main.failed, describeStep(main)).toBe(false);
    expect(main.outputs).not.toHaveProperty('ssh-auth-sock');
    expect(main.outputs).not.toHaveProperty('ssh-agent-pid');
    expect(main.exportedEnv).toEqual({});
    expect(readdirSync(job.runnerTemp)).toEqual([]);
    expect(main.stdout).not.toContain('ssh-agent');
    expect((await job.runPost(main)).exitCode).toBe(0);
  });
});

describe('key-file', () => {
  test.for(DEBUG)(
    '~ expands to HOME; 0600 file, 0700 dirs (debug: $debug)',
    async ({ debug }, { kit }) => {
      const record = kit.seed();
      const job = kit.newJob(debugEnv(debug));
      const inputs = {
        'secret-name': record.name,
        'ssh-agent': 'false',
        'key-file': '~/keys/ci/id',
      };
      const main = await job.runMain(kit.inputs(inputs));
      expect(main.failed, describeStep(main)).toBe(false);
      const file = join(job.home, 'keys', 'ci', 'id');
      expect(main.outputs['key-file']).toBe(file);
      expect(readFileSync(file, 'utf8')).toBe(normalisedKey(record));
      expect([file, join(file, '..'), join(job.home, 'keys')].map(modeOf)).toEqual([
        0o600, 0o700, 0o700,
      ]);

      expect((await job.runPost(main)).exitCode).toBe(0);
      expect(existsSync(join(job.home, 'keys'))).toBe(false);
      expect(existsSync(job.home)).toBe(true);
    },
  );

  test('a relative path resolves against the workspace', async ({ kit }) => {
    const record = kit.seed();
    const job = kit.newJob();
    const inputs = { 'secret-name': record.name, 'ssh-agent': 'false', 'key-file': 'deploy/id' };
    const main = await job.runMain(kit.inputs(inputs));
    expect(main.failed, describeStep(main)).toBe(false);
    const file = join(job.workspace, 'deploy', 'id');
    expect(main.outputs['key-file']).toBe(file);
    expect(modeOf(file)).toBe(0o600);
    expect((await job.runPost(main)).exitCode).toBe(0);
    expect(readdirSync(job.workspace)).toEqual([]);
  });

  test.for([
    { what: 'a dangling symlink', make: (path: string) => symlinkSync(`${path}.target`, path) },
    {
      what: 'a symlink to the same key',
      make: (path: string, key: string) => {
        writeFileSync(`${path}.target`, key, { mode: 0o600 });
        symlinkSync(`${path}.target`, path);
      },
    },
    { what: 'a different file', make: (path: string) => writeFileSync(path, 'other key\n') },
  ])('$what at the path is refused, nothing left behind', async ({ what, make }, { kit }) => {
    const record = kit.seed();
    const job = kit.newJob({ RUNNER_DEBUG: '1' });
    const path = join(job.workspace, 'id_deploy');
    make(path, normalisedKey(record));
    const before = readdirSync(job.workspace).sort();
    const inputs = { 'secret-name': record.name, 'ssh-agent': 'false', 'key-file': path };
    const main = await job.runMain(kit.inputs(inputs));
    expect(main.exitCode, what).toBe(1);
    expect(errorOf(main)).toContain(`Input 'key-file': ${path}`);
    expect(errorOf(main)).toMatch(/refusing to (write|overwrite)/);
    expect(main.state).toEqual({});
    expect(readdirSync(job.workspace).sort()).toEqual(before);
    expect((await job.runPost(main)).exitCode).toBe(0);
    expect(readdirSync(job.workspace).sort()).toEqual(before);
  });

  test('an identical existing file is left alone, also by the post step', async ({ kit }) => {
    const record = kit.seed();
    const job = kit.newJob();
    const path = join(job.workspace, 'id_same');
    writeFileSync(path, normalisedKey(record), { mode: 0o640 });
    const inputs = { 'secret-name': record.name, 'ssh-agent': 'false', 'key-file': path };
    const main = await job.runMain(kit.inputs(inputs));
    expect(main.failed, describeStep(main)).toBe(false);
    expect(main.outputs['key-file']).toBe(path);
    const post = await job.runPost(main);
    expect(post.exitCode).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(normalisedKey(record));
    expect(modeOf(path)).toBe(0o640);
  });
});

describe('known-hosts', () => {
  test.for(DEBUG)(
    'adds new lines, skips present ones (debug: $debug)',
    async ({ debug }, { kit }) => {
      const record = kit.seed();
      const job = kit.newJob(debugEnv(debug));
      const [kept, added, other] = ['kept.example', 'new.example', 'other.example'].map((h) =>
        hostLine(h, record.publicKey),
      );
      const knownHosts = [`${kept}`, `  ${added}  `, '# a comment', '', `${added}`, `${other}`];
      const file = join(job.home, '.ssh', 'known_hosts');
      mkdirSync(join(job.home, '.ssh'), { mode: 0o700 });
      writeFileSync(file, `${kept}\n`, { mode: 0o600 });
      const inputs = { 'secret-name': record.name, 'ssh-agent': 'false' };
      const main = await job.runMain(
        kit.inputs({ ...inputs, 'known-hosts': knownHosts.join('\n') }),
      );
      expect(main.failed, describeStep(main)).toBe(false);
      expect(readFileSync(file, 'utf8')).toBe(`${kept}\n${added}\n${other}\n`);

      expect((await job.runPost(main)).exitCode).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(`${kept}\n`);
    },
  );

  test('creates ~/.ssh (0700) and known_hosts (0600) when missing', async ({ kit }) => {
    const record = kit.seed();
    const job = kit.newJob();
    const line = hostLine('[deploy.example]:2222', record.publicKey);
    const inputs = { 'secret-name': record.name, 'ssh-agent': 'false', 'known-hosts': line };
    const main = await job.runMain(kit.inputs(inputs));
    expect(main.failed, describeStep(main)).toBe(false);
    const file = join(job.home, '.ssh', 'known_hosts');
    expect(readFileSync(file, 'utf8')).toBe(`${line}\n`);
    expect([modeOf(join(job.home, '.ssh')), modeOf(file)]).toEqual([0o700, 0o600]);
    expect((await job.runPost(main)).exitCode).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(job.home, '.ssh'))).toBe(true);
  });

  test.for(DEBUG)(
    'a bad line fails before any API call (debug: $debug)',
    async ({ debug }, { kit }) => {
      const record = kit.seed();
      const job = kit.newJob(debugEnv(debug));
      const callsBefore = kit.emulator.calls.length;
      const lines = [hostLine('ok.example', record.publicKey), '# fine', 'not a known_hosts line'];
      const main = await job.runMain(
        kit.inputs({ 'secret-name': record.name, 'known-hosts': lines.join('\n') }),
      );
      expect(main.exitCode).toBe(1);
      expect(errorOf(main)).toContain("Input 'known-hosts'");
      expect(errorOf(main)).toContain('line 3');
      expect(kit.emulator.calls.length).toBe(callsBefore);
      expect(main.state).toEqual({});
      expect(existsSync(join(job.home, '.ssh'))).toBe(false);
      expect(readdirSync(job.runnerTemp)).toEqual([]);
    },
  );
});
