import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({ debug: vi.fn(), info: vi.fn(), warning: vi.fn() }));

import { addKey, redactKeyMaterial, removeKey } from '../../src/delivery/agent-keys.js';
import {
  ensureAgent,
  isAgentLive,
  sshAddEnv,
  WINDOWS_AGENT_PIPE,
} from '../../src/delivery/agent.js';
import { stopAgent } from '../../src/delivery/agent-stop.js';
import { type ProcessRunner, type RunResult, childEnv, spawnRunner } from '../../src/process.js';

interface TestKey {
  privateKey: string;
  publicKey: string;
  fingerprint: string;
}

const tempDirs: string[] = [];
const agentPids: number[] = [];
const otherPids: number[] = [];

function tempDir(prefix = 'agent-test-') {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** A throwaway key pair from ssh-keygen; `extra` adds e.g. `-m PEM` or `-N passphrase`. */
function generateKey(type: string, extra: string[] = ['-N', '']): TestKey {
  const file = path.join(tempDir('key-'), 'id');
  const made = spawnSync('ssh-keygen', [
    '-q',
    '-t',
    type,
    ...extra,
    '-C',
    `test-${type}`,
    '-f',
    file,
  ]);
  expect(made.status).toBe(0);
  const fingerprint = spawnSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' });
  return {
    privateKey: readFileSync(file, 'utf8'),
    publicKey: readFileSync(`${file}.pub`, 'utf8').trim(),
    fingerprint: fingerprint.stdout.split(' ')[1] ?? '',
  };
}

async function startTestAgent(runnerTemp = tempDir()) {
  const agent = await ensureAgent({ env: {}, runnerTemp, note: () => undefined });
  if (agent.pid) agentPids.push(agent.pid);
  return agent;
}

function listKeys(socket: string) {
  const env = { ...process.env, SSH_AUTH_SOCK: socket };
  return spawnSync('ssh-add', ['-l'], { env, encoding: 'utf8' }).stdout;
}

/** Alive and not a zombie waiting for init to reap it. */
function isRunning(pid: number) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/\) Z /.test(stat);
}

const fakeRunner = (result: Partial<RunResult>): ProcessRunner => ({
  run: vi.fn(async () => ({ code: 0, stdout: '', stderr: '', timedOut: false, ...result })),
});

let rsa: TestKey;
let ed25519: TestKey;

beforeAll(() => {
  rsa = generateKey('rsa', ['-b', '2048', '-m', 'PEM', '-N', '']);
  ed25519 = generateKey('ed25519');
});

afterEach(() => {
  for (const pid of [...agentPids.splice(0), ...otherPids.splice(0)]) {
    if (isRunning(pid)) process.kill(pid, 'SIGTERM');
  }
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The error a promise rejects with; fails the test if it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(Error);
  return outcome as Error;
}

describe('sshAddEnv', () => {
  it('points ssh-add at the socket and passes nothing else of the step environment', () => {
    const base = {
      PATH: '/bin',
      SSH_ASKPASS: '/usr/bin/askpass',
      DISPLAY: ':0',
      SSH_AUTH_SOCK: '/old',
      'INPUT_SECRET-KEY': 'canary',
      ACTIONS_RUNTIME_TOKEN: 'canary',
    };
    expect(sshAddEnv('/new.sock', { base, platform: 'linux' })).toEqual({
      PATH: '/bin',
      SSH_AUTH_SOCK: '/new.sock',
      SSH_ASKPASS_REQUIRE: 'never',
    });
    expect(base.SSH_ASKPASS).toBe('/usr/bin/askpass');
  });

  it('is what addKey hands to ssh-add', async () => {
    const runner = fakeRunner({ code: 0 });
    process.env.DISPLAY = ':99';
    process.env.TENCENTCLOUD_SECRET_KEY = 'canary-secret';
    try {
      await addKey('/the.sock', rsa.privateKey, { runner });
    } finally {
      delete process.env.DISPLAY;
      delete process.env.TENCENTCLOUD_SECRET_KEY;
    }
    const options = vi.mocked(runner.run).mock.calls[0]?.[2];
    expect(options?.env).toEqual({
      PATH: process.env.PATH,
      SSH_AUTH_SOCK: '/the.sock',
      SSH_ASKPASS_REQUIRE: 'never',
    });
  });
});

describe('isAgentLive', () => {
  it.each([
    [0, true],
    [1, true],
    [2, false],
    [null, false],
  ])('ssh-add -l exit %s means live=%s', async (code, live) => {
    expect(await isAgentLive('/some/socket', fakeRunner({ code }))).toBe(live);
  });

  it('is false for an empty socket path without running anything', async () => {
    const runner = fakeRunner({ code: 0 });
    expect(await isAgentLive('', runner)).toBe(false);
    expect(runner.run).not.toHaveBeenCalled();
  });
});

describe('ensureAgent', () => {
  it('starts an agent on a fresh 0700 socket directory under RUNNER_TEMP', async () => {
    const runnerTemp = tempDir();
    const agent = await startTestAgent(runnerTemp);
    expect(agent.started).toBe(true);
    expect(agent.socketDir && path.dirname(agent.socketDir)).toBe(runnerTemp);
    expect(agent.socket).toBe(path.join(agent.socketDir ?? '', 'agent.sock'));
    expect(statSync(agent.socketDir ?? '').mode & 0o777).toBe(0o700);
    expect(readFileSync(`/proc/${agent.pid}/comm`, 'utf8').trim()).toBe('ssh-agent');
    expect(await isAgentLive(agent.socket)).toBe(true);
  });

  it('gives the agent, which outlives the step, PATH and nothing else', async () => {
    process.env['INPUT_SECRET-KEY'] = 'canary-input';
    try {
      const agent = await startTestAgent();
      const environ = readFileSync(`/proc/${agent.pid}/environ`, 'utf8');
      expect(environ.split('\0').filter(Boolean)).toEqual([`PATH=${process.env.PATH}`]);
    } finally {
      delete process.env['INPUT_SECRET-KEY'];
    }
  });

  it('uses os.tmpdir() when RUNNER_TEMP is unset', async () => {
    const agent = await ensureAgent({ env: {}, note: () => undefined });
    if (agent.pid) agentPids.push(agent.pid);
    tempDirs.push(agent.socketDir ?? '');
    expect(path.dirname(agent.socketDir ?? '')).toBe(os.tmpdir());
  });

  it('falls back to os.tmpdir() when RUNNER_TEMP is too long for a socket path', async () => {
    const longTemp = path.join(tempDir(), 'x'.repeat(90));
    spawnSync('mkdir', ['-p', longTemp]);
    const note = vi.fn();
    const agent = await ensureAgent({ env: {}, runnerTemp: longTemp, note });
    if (agent.pid) agentPids.push(agent.pid);
    tempDirs.push(agent.socketDir ?? '');
    expect(path.dirname(agent.socketDir ?? '')).toBe(os.tmpdir());
    expect(note).toHaveBeenCalledWith(expect.stringContaining('too long'));
  });

  it('reuses a live agent at SSH_AUTH_SOCK', async () => {
    const first = await startTestAgent();
    const again = await ensureAgent({
      env: { SSH_AUTH_SOCK: first.socket },
      runnerTemp: tempDir(),
    });
    expect(again).toEqual({ socket: first.socket, started: false });
  });

  it.each([
    ['a path that does not exist', () => path.join(tempDir(), 'gone.sock')],
    ['a regular file', () => writeAndReturn(path.join(tempDir(), 'file.sock'))],
  ])('ignores a dead SSH_AUTH_SOCK (%s) with a note', async (_, makeSocket) => {
    const stale = makeSocket();
    const note = vi.fn();
    const agent = await ensureAgent({
      env: { SSH_AUTH_SOCK: stale },
      runnerTemp: tempDir(),
      note,
    });
    if (agent.pid) agentPids.push(agent.pid);
    expect(agent.started).toBe(true);
    expect(agent.socket).not.toBe(stale);
    expect(note).toHaveBeenCalledWith(expect.stringContaining(stale));
  });

  it('fails clearly when ssh-agent cannot start, and removes the socket directory it made', async () => {
    const runnerTemp = tempDir();
    const runner = fakeRunner({ code: 1, stderr: 'bind: Address already in use' });
    await expect(ensureAgent({ env: {}, runnerTemp, runner })).rejects.toThrow(
      /Could not start ssh-agent \(exit 1\): bind: Address already in use/,
    );
    expect(readdirSync(runnerTemp)).toEqual([]);
  });

  it('on Windows uses the OpenSSH agent service pipe when it answers', async () => {
    const agent = await ensureAgent({
      env: {},
      runner: fakeRunner({ code: 1 }),
      platform: 'win32',
    });
    expect(agent).toEqual({ socket: WINDOWS_AGENT_PIPE, started: false });
  });

  it('on Windows fails with what to do when the agent service is not running', async () => {
    const attempt = ensureAgent({ env: {}, runner: fakeRunner({ code: 2 }), platform: 'win32' });
    await expect(attempt).rejects.toThrow(/Start-Service ssh-agent/);
  });
});

function writeAndReturn(file: string) {
  writeFileSync(file, 'not a socket');
  return file;
}

describe('addKey', () => {
  it('loads a PKCS#1 RSA key over stdin, never through argv', async () => {
    const agent = await startTestAgent();
    const calls: { args: readonly string[]; input?: string }[] = [];
    const recording: ProcessRunner = {
      run: (command, args, options) => {
        calls.push({ args, input: options?.input });
        return spawnRunner.run(command, args, options);
      },
    };
    await addKey(agent.socket, rsa.privateKey, { runner: recording });
    expect(listKeys(agent.socket)).toContain(rsa.fingerprint);
    expect(calls).toEqual([{ args: ['-'], input: rsa.privateKey }]);
  });

  it('passes -t so the agent drops the key when its lifetime ends', async () => {
    const agent = await startTestAgent();
    await addKey(agent.socket, ed25519.privateKey, { lifetimeSeconds: 1 });
    expect(listKeys(agent.socket)).toContain(ed25519.fingerprint);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(listKeys(agent.socket)).not.toContain(ed25519.fingerprint);
  });

  it.each([0, -5, 1.5, Number.NaN])('rejects lifetime %s before running ssh-add', async (bad) => {
    const runner = fakeRunner({ code: 0 });
    await expect(addKey('/s', rsa.privateKey, { lifetimeSeconds: bad, runner })).rejects.toThrow(
      /positive whole number/,
    );
    expect(runner.run).not.toHaveBeenCalled();
  });

  it('explains a passphrase-protected key without echoing it', async () => {
    const agent = await startTestAgent();
    const locked = generateKey('ed25519', ['-N', 'not-a-real-passphrase']);
    const error = await rejectionOf(addKey(agent.socket, locked.privateKey));
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/passphrase/);
    expectNoKeyMaterial(error.message, locked.privateKey);
  });

  it('fails on a broken key with a message that names the socket and holds no key material', async () => {
    const agent = await startTestAgent();
    const broken = rsa.privateKey.slice(0, 300);
    const error = await rejectionOf(addKey(agent.socket, broken));
    expect(error.message).toContain(agent.socket);
    expect(error.message).toMatch(/unencrypted private key/);
    expectNoKeyMaterial(error.message, broken);
  });

  it('redacts key material even if ssh-add were to print it', async () => {
    const stderr = `Error loading key:\n${rsa.privateKey}\nmore`;
    const runner = fakeRunner({ code: 1, stderr });
    const error = await rejectionOf(addKey('/s', rsa.privateKey, { runner }));
    expectNoKeyMaterial(error.message, rsa.privateKey);
  });
});

function expectNoKeyMaterial(message: string, privateKey: string) {
  expect(message).not.toMatch(/PRIVATE KEY/);
  expect(message).not.toMatch(/[A-Za-z0-9+/=]{40,}/);
  for (const line of privateKey.split('\n').filter((l) => l.length >= 16)) {
    expect(message).not.toContain(line);
  }
}

describe('redactKeyMaterial', () => {
  it.each([
    ['long base64 runs', `x ${'A'.repeat(64)} y`, 'x [redacted] y'],
    ['lines with PRIVATE KEY markers', 'a\n-----BEGIN RSA PRIVATE KEY-----\nb', 'a\nb'],
    ['ordinary messages', 'Error loading key "(stdin)": invalid format', null],
  ])('handles %s', (_, input, expected) => {
    expect(redactKeyMaterial(input)).toBe(expected ?? input);
  });
});

describe('removeKey', () => {
  it('removes only the given key and leaves the agent running', async () => {
    const agent = await startTestAgent();
    await addKey(agent.socket, rsa.privateKey);
    await addKey(agent.socket, ed25519.privateKey);
    expect(await removeKey(agent.socket, rsa.publicKey)).toBe('removed');
    const listed = listKeys(agent.socket);
    expect(listed).not.toContain(rsa.fingerprint);
    expect(listed).toContain(ed25519.fingerprint);
    expect(await removeKey(agent.socket, rsa.publicKey)).toBe('not-present');
  });

  it('throws when the agent cannot be reached', async () => {
    await expect(removeKey(path.join(tempDir(), 'none.sock'), rsa.publicKey)).rejects.toThrow(
      /cannot reach the agent/,
    );
  });

  it('rejects something that is not a public key line', async () => {
    await expect(removeKey('/s', 'garbage', fakeRunner({}))).rejects.toThrow(/public key/);
  });
});

describe('stopAgent', () => {
  it('stops the agent it started and removes its socket directory', async () => {
    const agent = await startTestAgent();
    const result = await stopAgent(agent.pid ?? 0, agent.socketDir ?? '');
    expect(result).toEqual({ outcome: 'stopped', socketDirRemoved: true });
    expect(isRunning(agent.pid ?? 0)).toBe(false);
    expect(existsSync(agent.socketDir ?? '')).toBe(false);
  });

  it('never signals a PID that now belongs to a process that is not ssh-agent', async () => {
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pid = sleeper.pid ?? 0;
    otherPids.push(pid);
    const result = await stopAgent(pid, tempDir('ssh-agent-'));
    expect(result.outcome).toBe('not-our-agent');
    expect(result.detail).toContain('sleep');
    expect(isRunning(pid)).toBe(true);
  });

  it('never signals an ssh-agent serving a different socket', async () => {
    const other = await startTestAgent();
    const result = await stopAgent(other.pid ?? 0, tempDir('ssh-agent-'));
    expect(result.outcome).toBe('not-our-agent');
    expect(await isAgentLive(other.socket)).toBe(true);
  });

  it('reports an agent that already exited', async () => {
    const agent = await startTestAgent();
    process.kill(agent.pid ?? 0, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const result = await stopAgent(agent.pid ?? 0, agent.socketDir ?? '');
    expect(result).toEqual({ outcome: 'not-running', socketDirRemoved: true });
  });

  it.each([0, 1, -1, 2.5])('refuses to signal PID %s', async (pid) => {
    await expect(stopAgent(pid, '/tmp/x')).rejects.toThrow(/refusing/);
  });
});

describe('spawnRunner', () => {
  it('writes input to stdin and collects stdout', async () => {
    expect(await spawnRunner.run('cat', [], { input: 'over stdin\n', env: childEnv() })).toEqual({
      code: 0,
      stdout: 'over stdin\n',
      stderr: '',
      timedOut: false,
    });
  });

  it('kills a child that outlives its timeout', async () => {
    const result = await spawnRunner.run('sleep', ['5'], { timeoutMs: 200, env: childEnv() });
    expect(result).toMatchObject({ code: null, timedOut: true });
  });

  it('names only the command when it cannot be started', async () => {
    const attempt = spawnRunner.run('no-such-command-xyz', ['ARG-NOT-SHOWN'], {
      input: 'SECRET',
      env: childEnv(),
    });
    await expect(attempt).rejects.toThrow(
      /^could not run no-such-command-xyz: spawn no-such-command-xyz ENOENT$/,
    );
  });
});
