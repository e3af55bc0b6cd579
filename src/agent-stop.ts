import { readFile, rmdir, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { type ProcessRunner, childEnv, spawnRunner } from './process.js';

/** The socket file's name inside the directory ensureAgent creates. */
export const SOCKET_NAME = 'agent.sock';
const EXIT_WAIT_MS = 3_000;
const EXIT_POLL_MS = 50;

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
 * Stops the agent this action started, by PID, after checking that the PID still runs
 * `ssh-agent` on our socket: a PID reused by an unrelated process is never signalled.
 */
export async function stopAgent(
  pid: number,
  socketDir: string,
  deps: StopAgentDeps = {},
): Promise<StopAgentResult> {
  if (!Number.isSafeInteger(pid) || pid <= 1) throw new Error(`refusing to signal PID ${pid}`);
  const commandLine = await readCommandLine(pid, deps);
  let outcome: StopAgentResult['outcome'];
  let detail: string | undefined;
  if (commandLine === undefined) {
    outcome = 'not-running';
  } else if (isOurAgent(commandLine, socketDir)) {
    outcome = (await terminate(pid)) ? 'stopped' : 'not-running';
  } else {
    outcome = 'not-our-agent';
    detail = commandLine.join(' ').slice(0, 200);
  }
  // The directory came from mkdtemp in ensureAgent, so it is ours whatever the PID is now.
  const socketDirRemoved = await removeSocketDir(socketDir);
  return { outcome, socketDirRemoved, ...(detail ? { detail } : {}) };
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

/** SIGTERM, then wait for the PID to go; false when it had exited already. */
async function terminate(pid: number) {
  try {
    process.kill(pid, 'SIGTERM');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
  for (let waited = 0; waited < EXIT_WAIT_MS && (await isAlive(pid)); waited += EXIT_POLL_MS) {
    await new Promise((resolve) => setTimeout(resolve, EXIT_POLL_MS));
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
