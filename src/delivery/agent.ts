import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rmdir } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import { Env } from '../constants.js';
import { SOCKET_DIR_PREFIX, SOCKET_NAME } from './agent-stop.js';
import { type ChildEnvOptions, type ProcessRunner, childEnv, spawnRunner } from '../process.js';

/** The Windows OpenSSH agent service listens here; the action never starts an agent on Windows. */
export const WINDOWS_AGENT_PIPE = '\\\\.\\pipe\\openssh-ssh-agent';
// sun_path holds 104 (macOS) or 108 (Linux) bytes including the terminating NUL.
const MAX_SOCKET_PATH_BYTES = 100;

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
