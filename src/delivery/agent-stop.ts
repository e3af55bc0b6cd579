import { readdir, readFile, rmdir, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { type ProcessRunner, childEnv, spawnRunner } from '../process.js';

/** The socket file's name inside the directory ensureAgent creates. */
export const SOCKET_NAME = 'agent.sock';
/** The socket directory's name: this prefix, then random characters. */
export const SOCKET_DIR_PREFIX = 'ssh-agent-';
const EXIT_WAIT_MS = 3_000;
/** An agent exits a millisecond or two after SIGTERM: look soon, then less and less often. */
const FIRST_POLL_MS = 1;
const MAX_POLL_MS = 50;

export interface StopAgentResult {
  /**
   * stopped: SIGTERM sent to our agent. not-running: the PID is gone already.
   * not-our-agent: the PID now belongs to another process, which was left alone.
   */
  outcome: 'stopped' | 'not-running' | 'not-our-agent';
  /** True when the socket directory this action created no longer exists. */
  socketDirRemoved: boolean;
  /** What the PID is now, for the not-our-agent message. */
  detail?: string;
}

export interface StopAgentDeps {
  runner?: ProcessRunner;
  platform?: NodeJS.Platform;
}

/**
 * Stops the agent this action started, by PID after checking that the PID still runs
 * `ssh-agent` on our socket (a PID reused by an unrelated process is never signalled), or, when
 * the PID was never recorded (the step was killed first), the ssh-agent found by its socket.
 */
export async function stopAgent(
  pid: number | undefined,
  socketDir: string,
  deps: StopAgentDeps = {},
): Promise<StopAgentResult> {
  if (pid !== undefined && (!Number.isSafeInteger(pid) || pid <= 1)) {
    throw new Error(`refusing to signal PID ${pid}`);
  }
  const commandLine = pid === undefined ? undefined : await readCommandLine(pid, deps);
  let outcome: StopAgentResult['outcome'] = 'not-running';
  let detail: string | undefined;
  if (pid !== undefined && commandLine && isOurAgent(commandLine, socketDir)) {
    outcome = (await terminate(pid)) ? 'stopped' : 'not-running';
  } else {
    if (commandLine) detail = commandLine.join(' ').slice(0, 200);
    for (const found of await agentsOnSocket(socketDir, deps)) {
      if (await terminate(found)) outcome = 'stopped';
    }
    if (outcome !== 'stopped' && detail) outcome = 'not-our-agent';
  }
  const socketDirRemoved = await removeSocketDir(socketDir);
  return { outcome, socketDirRemoved, ...(detail ? { detail } : {}) };
}

/** ssh-agent processes serving the socket in `socketDir`: the daemon of a launch cut short. */
async function agentsOnSocket(socketDir: string, deps: StopAgentDeps) {
  const found: number[] = [];
  for (const pid of await listPids(deps)) {
    if (pid <= 1 || pid === process.pid) continue;
    const commandLine = await readCommandLine(pid, deps);
    if (commandLine && isOurAgent(commandLine, socketDir)) found.push(pid);
  }
  return found;
}

async function listPids(deps: StopAgentDeps) {
  if ((deps.platform ?? process.platform) === 'linux') {
    const names = await readdir('/proc').catch(() => [] as string[]);
    return names.filter((name) => /^\d+$/.test(name)).map(Number);
  }
  const runner = deps.runner ?? spawnRunner;
  const result = await runner.run('ps', ['-ax', '-o', 'pid='], {
    env: childEnv(),
    timeoutMs: 10_000,
  });
  return result.stdout
    .split(/\s+/)
    .filter((word) => /^\d+$/.test(word))
    .map(Number);
}

/**
 * Kills an ssh-add this action started for `socket` that may still be running (the main step
 * was killed while it ran), with its process group. On Linux the process is recognised by the
 * SSH_AUTH_SOCK we gave it, which survives a wrapper's exec; elsewhere by its name. Anything else
 * at that PID is left alone. True when one was killed.
 */
export async function stopAdder(pid: number, socket: string, deps: StopAgentDeps = {}) {
  if (!Number.isSafeInteger(pid) || pid <= 1) return false;
  if (!(await isOurAdder(pid, socket, deps))) return false;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Not a group leader (or gone): the process alone.
  }
  return terminate(pid, 'SIGKILL');
}

async function isOurAdder(pid: number, socket: string, deps: StopAgentDeps) {
  if ((deps.platform ?? process.platform) === 'linux') {
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    return environ.split('\0').includes(`SSH_AUTH_SOCK=${socket}`);
  }
  const commandLine = await readCommandLine(pid, deps);
  return path.basename(commandLine?.[0] ?? '') === 'ssh-add';
}

function isOurAgent(commandLine: string[], socketDir: string) {
  const [argv0 = ''] = commandLine;
  // Joined, because `ps` output cannot tell spaces inside an argument from separators.
  const joined = commandLine.join(' ');
  return path.basename(argv0) === 'ssh-agent' && joined.includes(path.join(socketDir, SOCKET_NAME));
}

/** The process's argv, or undefined when no process has that PID. */
async function readCommandLine(pid: number, deps: StopAgentDeps) {
  const platform = deps.platform ?? process.platform;
  if (platform === 'linux') {
    try {
      const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      const argv = raw.split('\0').filter(Boolean);
      // A zombie has an empty cmdline: it is already dead.
      return argv.length > 0 ? argv : undefined;
    } catch {
      return undefined;
    }
  }
  const runner = deps.runner ?? spawnRunner;
  const result = await runner.run('ps', ['-p', String(pid), '-o', 'command='], {
    env: childEnv(),
    timeoutMs: 10_000,
  });
  const line = result.stdout.trim();
  return result.code === 0 && line ? line.split(/\s+/) : undefined;
}

/** Signals (SIGTERM by default), then waits for the PID to go; false when it had exited already. */
async function terminate(pid: number, signal: NodeJS.Signals = 'SIGTERM') {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
  let poll = FIRST_POLL_MS;
  for (let waited = 0; waited < EXIT_WAIT_MS && (await isAlive(pid)); waited += poll) {
    poll = Math.min(poll * 2, MAX_POLL_MS);
    await new Promise((resolve) => setTimeout(resolve, poll));
  }
  return true;
}

/** A zombie (exited, not yet reaped by init) counts as gone. */
async function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/\) Z /.test(stat);
}

/** Removes only the socket and the directory itself, never recursively. */
async function removeSocketDir(socketDir: string) {
  await unlink(path.join(socketDir, SOCKET_NAME)).catch(ignoreMissing);
  try {
    await rmdir(socketDir);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

function ignoreMissing(error: NodeJS.ErrnoException) {
  if (error.code !== 'ENOENT') throw error;
}
