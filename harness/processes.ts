import { readdirSync, readFileSync } from 'node:fs';

/**
 * Process checks through /proc. A killed daemon (ssh-agent forks away from its parent) can stay
 * a zombie when PID 1 of a container does not reap: that is dead for these checks.
 */

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Process state letter from /proc/PID/stat ('R', 'S', 'Z'...); the name may hold spaces. */
function processState(pid: number): string | undefined {
  const stat = readProc(pid, 'stat');
  if (stat === undefined) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const state = processState(pid);
  return state !== 'Z' && state !== 'X';
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Arguments of a process (NUL-separated in /proc), or [] if it is gone. */
export function processArgs(pid: number): string[] {
  return (readProc(pid, 'cmdline') ?? '').split('\0').filter((arg) => arg !== '');
}

/** PIDs of live processes whose executable name is `name`, e.g. 'ssh-agent'. */
export function pidsNamed(name: string): number[] {
  return allPids().filter((pid) => readProc(pid, 'comm')?.trim() === name && isProcessAlive(pid));
}

/** Live ssh-agent processes, so a test can assert the post step left none behind. */
export function listSshAgents(): number[] {
  return pidsNamed('ssh-agent');
}

/** Polls until `pid` is gone; true if it went within `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}
