import { spawn } from 'node:child_process';

export interface RunOptions {
  /** Written to the child's stdin, then stdin is closed. Secrets go here, never in args. */
  input?: string;
  /** The child's whole environment; defaults to this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** The child is killed (SIGKILL) when it runs longer than this. */
  timeoutMs?: number;
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
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The real runner. On POSIX the child gets its own session (setsid), so it has no controlling
 * terminal and a tool like ssh-add can never open /dev/tty to prompt for a passphrase.
 */
export const spawnRunner: ProcessRunner = {
  run(command, args, options = {}) {
    return new Promise<RunResult>((resolve, reject) => {
      const child = spawn(command, [...args], {
        env: options.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        windowsHide: true,
        shell: false,
      });
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
      child.on('error', (error) => {
        clearTimeout(timer);
        // The message names only the command (e.g. "spawn ssh-add ENOENT"), never args or input.
        reject(new Error(`could not run ${command}: ${error.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
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
