import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rmdir } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import { Env } from '../constants.js';
import { SOCKET_DIR_PREFIX, SOCKET_NAME } from './agent-stop.js';
import { type ChildEnvOptions, type ProcessRunner, childEnv, spawnRunner } from '../process.js';
import { withTempFile } from './temp-file.js';

export { stopAgent, SOCKET_NAME, type StopAgentResult, type StopAgentDeps } from './agent-stop.js';

/** The Windows OpenSSH agent service listens here; the action never starts an agent on Windows. */
export const WINDOWS_AGENT_PIPE = '\\\\.\\pipe\\openssh-ssh-agent';
// sun_path holds 104 (macOS) or 108 (Linux) bytes including the terminating NUL.
const MAX_SOCKET_PATH_BYTES = 100;
const TIMEOUT_MS = 30_000;

export interface AgentInfo {
  socket: string;
  /** Set only when this call started the agent. */
  pid?: number;
  started: boolean;
  /** The directory this call created for the socket; only when started. */
  socketDir?: string;
}

export interface EnsureAgentOptions {
  env: NodeJS.ProcessEnv;
  /** RUNNER_TEMP; os.tmpdir() when unset. */
  runnerTemp?: string;
  runner?: ProcessRunner;
  /** One-line notes for the log (a stale socket, a fallback directory); core.info by default. */
  note?: (message: string) => void;
  platform?: NodeJS.Platform;
  /** Called with the socket a new agent will use, before its directory or the agent exists. */
  beforeStart?: (planned: { socket: string; socketDir: string }) => void;
}

/**
 * The environment for ssh-add: talks to `socket` and can never prompt for anything (no
 * SSH_ASKPASS, no DISPLAY, and nothing else of the step's environment).
 */
export function sshAddEnv(socket: string, options: ChildEnvOptions = {}) {
  return childEnv({ [Env.AuthSock]: socket, SSH_ASKPASS_REQUIRE: 'never' }, options);
}

/** `ssh-add -l` exits 0 (keys) or 1 (no keys) when it reached the agent, 2 when it could not. */
export async function isAgentLive(socket: string, runner: ProcessRunner = spawnRunner) {
  if (!socket) return false;
  const result = await runner.run('ssh-add', ['-l'], {
    env: sshAddEnv(socket),
    timeoutMs: TIMEOUT_MS,
  });
  return result.code === 0 || result.code === 1;
}

/** Reuses a live agent at SSH_AUTH_SOCK, else starts one on a fresh socket under RUNNER_TEMP. */
export async function ensureAgent(options: EnsureAgentOptions): Promise<AgentInfo> {
  const runner = options.runner ?? spawnRunner;
  const note = options.note ?? core.info;
  const platform = options.platform ?? process.platform;
  const existing = options.env[Env.AuthSock];
  if (existing) {
    if (await isAgentLive(existing, runner)) return { socket: existing, started: false };
    note(`SSH_AUTH_SOCK=${existing} does not answer (a stale agent?); starting a new agent.`);
  }
  if (platform === 'win32') return useWindowsService(runner);
  const socketDir = path.join(
    socketDirBase(options.runnerTemp || os.tmpdir(), note),
    `${SOCKET_DIR_PREFIX}${randomBytes(6).toString('hex')}`,
  );
  const socket = path.join(socketDir, SOCKET_NAME);
  options.beforeStart?.({ socket, socketDir });
  return startAgent(socketDir, runner);
}

async function useWindowsService(runner: ProcessRunner): Promise<AgentInfo> {
  if (await isAgentLive(WINDOWS_AGENT_PIPE, runner)) {
    return { socket: WINDOWS_AGENT_PIPE, started: false };
  }
  throw new Error(
    'The OpenSSH agent service is not running on this Windows runner. Start it in a step before ' +
      'this one (shell: pwsh): Get-Service ssh-agent | Set-Service -StartupType Manual; ' +
      'Start-Service ssh-agent',
  );
}

function socketDirBase(runnerTemp: string, note: (message: string) => void) {
  const probe = path.join(runnerTemp, `${SOCKET_DIR_PREFIX}XXXXXXXXXXXX`, SOCKET_NAME);
  if (Buffer.byteLength(probe) <= MAX_SOCKET_PATH_BYTES) return runnerTemp;
  note(`${runnerTemp} is too long for a socket path; using ${os.tmpdir()} instead.`);
  return os.tmpdir();
}

/** The directory name is random and mkdir fails if it exists, as mkdtemp would. */
async function startAgent(socketDir: string, runner: ProcessRunner) {
  await mkdir(socketDir, { mode: 0o700 });
  try {
    await chmod(socketDir, 0o700);
    const socket = path.join(socketDir, SOCKET_NAME);
    const pid = await launchAgent(socket, runner);
    return { socket, pid, started: true, socketDir } satisfies AgentInfo;
  } catch (error) {
    await rmdir(socketDir).catch(() => undefined);
    throw error;
  }
}

/**
 * Runs `ssh-agent -s -a socket`; it daemonizes and prints the daemon's PID. It lives until the
 * post step, and later steps can read its environment, so it gets PATH and nothing else.
 */
async function launchAgent(socket: string, runner: ProcessRunner) {
  const result = await runner.run('ssh-agent', ['-s', '-a', socket], {
    env: childEnv(),
    timeoutMs: TIMEOUT_MS,
  });
  const pid = /SSH_AGENT_PID=(\d+)/.exec(result.stdout)?.[1];
  if (result.code !== 0 || !pid) {
    throw new Error(
      `Could not start ssh-agent (exit ${result.code}): ${result.stderr.trim() || 'no output'}. ` +
        'Check that OpenSSH (ssh-agent) is installed on the runner.',
    );
  }
  return Number(pid);
}

export interface AddKeyOptions {
  /** `ssh-add -t`: seconds the agent keeps the key. */
  lifetimeSeconds?: number;
  runner?: ProcessRunner;
  /** The ssh-add PID, before the key is written to it (see RunOptions.onSpawn). */
  onSpawn?: (pid: number) => void;
}

/** Loads a private key into the agent over stdin; the key never appears in argv or errors. */
export async function addKey(socket: string, privateKey: string, options: AddKeyOptions = {}) {
  const { lifetimeSeconds, runner = spawnRunner, onSpawn } = options;
  const args: string[] = [];
  if (lifetimeSeconds !== undefined) {
    if (!Number.isSafeInteger(lifetimeSeconds) || lifetimeSeconds <= 0) {
      throw new Error(`key lifetime must be a positive whole number of seconds`);
    }
    args.push('-t', String(lifetimeSeconds));
  }
  args.push('-');
  const result = await runner.run('ssh-add', args, {
    input: privateKey,
    env: sshAddEnv(socket),
    timeoutMs: TIMEOUT_MS,
    onSpawn,
  });
  if (result.code === 0) return;
  const detail = redactKeyMaterial(result.stderr, privateKey) || 'no output';
  const hint = addKeyHint(detail, result.timedOut, lifetimeSeconds !== undefined);
  throw new Error(`ssh-add could not load the key into the agent at ${socket}: ${detail}. ${hint}`);
}

function addKeyHint(detail: string, timedOut: boolean, constrained: boolean) {
  if (timedOut) return 'ssh-add did not finish in time; check that the agent is responsive.';
  if (constrained && /refused|communication with agent failed/i.test(detail)) {
    return "This agent may not support key constraints (ssh-add -t); try without 'key-lifetime'.";
  }
  if (/passphrase/i.test(detail)) {
    return 'The key is protected by a passphrase; this action needs an unencrypted private key.';
  }
  if (/connect/i.test(detail)) return `Check that ${Env.AuthSock} points to a running agent.`;
  return 'Check that the secret holds an unencrypted private key in PEM or OpenSSH format.';
}

/** Drops anything that looks like key material from tool output before it reaches a message. */
export function redactKeyMaterial(text: string, privateKey = '') {
  let out = text;
  for (const line of privateKey.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.length >= 8) out = out.split(trimmed).join('[redacted]');
  }
  return out
    .split(/\r?\n/)
    .filter((line) => !/PRIVATE KEY/.test(line))
    .map((line) => line.replace(/[A-Za-z0-9+/=]{40,}/g, '[redacted]'))
    .join('\n')
    .trim();
}

export type RemoveKeyResult = 'removed' | 'not-present';

/**
 * Removes one public key from the agent; the agent keeps running with its other keys. `tempDir`
 * holds the public key file for the moment ssh-add reads it.
 */
export async function removeKey(
  socket: string,
  publicKeyLine: string,
  runner: ProcessRunner = spawnRunner,
  tempDir: string = os.tmpdir(),
): Promise<RemoveKeyResult> {
  const wanted = keyIdentity(publicKeyLine);
  if (!wanted) throw new Error('not an OpenSSH public key line');
  if (!(await agentHasKey(socket, wanted, runner))) return 'not-present';
  // A file, not stdin: `ssh-add -d -` needs OpenSSH 8.4; the one Windows ships is older.
  const result = await withTempFile(tempDir, 'key.pub', `${wanted}\n`, (file) =>
    runner.run('ssh-add', ['-d', file], { env: sshAddEnv(socket), timeoutMs: TIMEOUT_MS }),
  );
  if (result.code !== 0) {
    throw new Error(`ssh-add -d failed (exit ${result.code}): ${redactKeyMaterial(result.stderr)}`);
  }
  return 'removed';
}

/**
 * Whether the agent holds this public key. A reused agent may hold it already (its owner added
 * it): then the key is not ours to add or remove.
 */
export async function agentHasKey(
  socket: string,
  publicKeyLine: string,
  runner: ProcessRunner = spawnRunner,
): Promise<boolean> {
  const wanted = keyIdentity(publicKeyLine);
  if (!wanted) throw new Error('not an OpenSSH public key line');
  const listed = await runner.run('ssh-add', ['-L'], {
    env: sshAddEnv(socket),
    timeoutMs: TIMEOUT_MS,
  });
  if (listed.code === 2) throw new Error(`cannot reach the agent at ${socket}`);
  return listed.stdout.split('\n').some((line) => keyIdentity(line) === wanted);
}

/** "type base64" of a public key line, without its comment; undefined when it is not one. */
export function keyIdentity(publicKeyLine: string) {
  const [type, blob] = publicKeyLine.trim().split(/\s+/);
  if (!type || !blob || !/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) return undefined;
  return `${type} ${blob}`;
}
