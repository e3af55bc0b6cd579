import { spawn } from 'node:child_process';

export interface RunOptions {
  /** Written to the child's stdin, then stdin is closed. Secrets go here, never in args. */
  input?: string;
  /**
   * The child's whole environment, built by childEnv. Required: the step's own environment holds
   * the inputs and runner tokens, and a daemon such as ssh-agent keeps it readable in
   * /proc/<pid>/environ for every later step of the job.
   */
  env: NodeJS.ProcessEnv;
  /** The child is killed (SIGKILL) when it runs longer than this. */
  timeoutMs?: number;
  /**
   * Called with the child's PID as soon as it exists, before any input is written: a journal can
   * then name a child that outlives a killed step.
   */
  onSpawn?: (pid: number) => void;
}

export interface RunResult {
  /** Exit code, or null when the child was ended by a signal (including our timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a program without a shell. The seam that lets tests replace ssh-agent and ssh-add. */
export interface ProcessRunner {
  run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Needed by any Windows program (SystemRoot: Winsock, crypto) or by Win32-OpenSSH (ProgramData). */
const WINDOWS_SYSTEM_VARS = ['SystemRoot', 'windir', 'PATHEXT', 'ProgramData', 'USERPROFILE'];

export interface ChildEnvOptions {
  /** Where PATH (and the Windows system variables) come from; this process's environment by default. */
  base?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

/**
 * A child's whole environment: PATH, the Windows system variables on Windows, and `vars`.
 * Nothing else of the step's environment (INPUT_*, runner tokens, cloud credentials) is passed.
 */
export function childEnv(
  vars: Record<string, string> = {},
  { base = process.env, platform = process.platform }: ChildEnvOptions = {},
): NodeJS.ProcessEnv {
  const names = platform === 'win32' ? ['PATH', ...WINDOWS_SYSTEM_VARS] : ['PATH'];
  const env: NodeJS.ProcessEnv = {};
  for (const name of names) {
    const value = lookup(base, name, platform);
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...vars };
}

/** Windows variable names are case-insensitive (`Path`, `PATH`); a plain object's keys are not. */
function lookup(base: NodeJS.ProcessEnv, name: string, platform: NodeJS.Platform) {
  if (platform !== 'win32') return base[name];
  const key = Object.keys(base).find((candidate) => candidate.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : base[key];
}

/**
 * Children still running. They have their own session, so nothing ends them when this process
 * ends: an interrupted step kills them itself (see stopChildrenOnInterrupt).
 */
const inFlight = new Set<number>();

/** SIGKILLs every child still running (its whole process group); returns how many. */
function killChildren(): number {
  let killed = 0;
  for (const pid of inFlight) {
    try {
      process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
      killed += 1;
    } catch {
      // Already gone.
    }
  }
  inFlight.clear();
  return killed;
}

let interruptHandlerInstalled = false;

/**
 * The runner cancels a step with SIGINT (then SIGKILL after a grace period). On SIGINT or SIGTERM
 * the children are killed and the step exits at once; the journal already names every change.
 */
export function stopChildrenOnInterrupt(): void {
  if (interruptHandlerInstalled) return;
  interruptHandlerInstalled = true;
  const stop = (signal: NodeJS.Signals) => {
    killChildren();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * The real runner. On POSIX the child gets its own session (setsid), so it has no controlling
 * terminal and a tool like ssh-add can never open /dev/tty to prompt for a passphrase.
 */
export const spawnRunner: ProcessRunner = {
  run(command, args, options) {
    return new Promise<RunResult>((resolve, reject) => {
      const child = spawn(command, [...args], {
        env: options.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        windowsHide: true,
        shell: false,
      });
      const pid = child.pid;
      if (pid !== undefined) {
        inFlight.add(pid);
        options.onSpawn?.(pid);
      }
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);

      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      // A child that exits before reading all of stdin makes the write fail with EPIPE;
      // its exit code and stderr already say what went wrong.
      child.stdin.on('error', () => undefined);
      child.on('exit', () => {
        if (pid !== undefined) inFlight.delete(pid);
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        if (pid !== undefined) inFlight.delete(pid);
        // The message names only the command (e.g. "spawn ssh-add ENOENT"), never args or input.
        reject(new Error(`could not run ${command}: ${error.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (pid !== undefined) inFlight.delete(pid);
        resolve({
          code,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
          timedOut,
        });
      });
      child.stdin.end(options.input ?? '');
    });
  },
};
