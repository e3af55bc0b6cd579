import { type ChildProcess, spawn } from 'node:child_process';

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed because it ran past `timeoutMs`. */
  timedOut: boolean;
  /**
   * The process exited but something it started (a daemon that kept the inherited pipe)
   * still held stdout/stderr open after `stdioGraceMs`. A real runner would hang on that step.
   */
  stdioHeldOpen: boolean;
  /** From spawn to exit, in milliseconds: how long the step kept the runner (benchmarks read it). */
  durationMs: number;
}

export interface ProcessOptions {
  env: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  stdioGraceMs?: number;
  stdin?: string;
  /** Run as this account (root only): a throwaway user, never the machine's own. */
  uid?: number;
  gid?: number;
  /** Cancel as the runner does: SIGINT, then SIGKILL `killAfterMs` later. */
  interrupt?: Interrupt;
}

export interface Interrupt {
  /** SIGINT this long after the start, or after the first stdout matching `after`. */
  afterMs: number;
  after?: RegExp;
  killAfterMs: number;
}

/** Runs a binary directly, never through a shell: a shell drops env names containing '-'. */
export function runProcess(
  bin: string,
  args: string[],
  options: ProcessOptions,
): Promise<ProcessResult> {
  const { env, cwd, timeoutMs = 45_000, stdioGraceMs = 2_000, uid, gid } = options;
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    let exited = started;
    const child = spawn(bin, args, { env, cwd, uid, gid, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const cancel = options.interrupt ? scheduleInterrupt(child, options.interrupt) : undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      cancel?.(Buffer.concat(stdout).toString('utf8'));
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');

    let timedOut = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const killTimer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);

    const finish = (stdioHeldOpen: boolean) => {
      clearTimeout(killTimer);
      clearTimeout(graceTimer);
      resolvePromise({
        exitCode: child.exitCode,
        signal: child.signalCode,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
        stdioHeldOpen,
        durationMs: Number(exited - started) / 1e6,
      });
    };
    child.on('error', (error) => {
      clearTimeout(killTimer);
      reject(error);
    });
    child.on('exit', () => {
      exited = process.hrtime.bigint();
      cancel?.(undefined);
      graceTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(true);
      }, stdioGraceMs);
    });
    child.on('close', () => finish(false));
  });
}

/** Arms the runner's cancellation; the returned function sees stdout so far (undefined: exited). */
function scheduleInterrupt(child: ChildProcess, interrupt: Interrupt) {
  const timers: NodeJS.Timeout[] = [];
  let armed = false;
  const arm = () => {
    armed = true;
    timers.push(
      setTimeout(() => {
        child.kill('SIGINT');
        timers.push(setTimeout(() => child.kill('SIGKILL'), interrupt.killAfterMs));
      }, interrupt.afterMs),
    );
  };
  if (!interrupt.after) arm();
  return (output: string | undefined) => {
    if (output === undefined) timers.forEach(clearTimeout);
    else if (!armed && interrupt.after?.test(output)) arm();
  };
}
