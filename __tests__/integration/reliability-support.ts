// Shared by the reliability suites (faults, leaks, bad inputs, contention, proxies): jobs that run
// the bundled action on Node 24 against an emulator, and what their logs must and must not say.
import { inject } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server.js';
import { Job, type StepResult } from '../../harness/action-runner.js';

export const REGION = 'ap-guangzhou';

export type SecretRecord = ReturnType<Emulator['addSecret']>;
export type Call = Emulator['calls'][number];
type EmulatorOptions = NonNullable<Parameters<typeof startEmulator>[0]>;

let counter = 0;

/** A secret name nobody has used yet (test files run side by side against their own emulator). */
export function uniqueName(prefix = 'rel'): string {
  return `${prefix}-${process.pid}-${++counter}`;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  debug?: boolean;
  /** Kill the step after this long (a real runner has no such limit; a hung test should fail). */
  timeoutMs?: number;
  /** Skip the post step (for main steps that fail before they change anything). */
  skipPost?: boolean;
}

export interface JobRun {
  job: Job;
  main: StepResult;
  /** Undefined with `skipPost`. */
  post?: StepResult;
  /** Wall time of the main step, in milliseconds. */
  mainMs: number;
  /** When the main step's process ended (unix ms), to time it from its first API call. */
  mainEndedAt: number;
}

/** One job: the main step, then its post step, so no agent outlives the test. */
export async function runJob(
  inputs: Record<string, string>,
  options: RunOptions = {},
): Promise<JobRun> {
  const debugEnv = options.debug ? { RUNNER_DEBUG: '1' } : {};
  const job = new Job({ node: inject('node24'), env: { ...debugEnv, ...options.env } });
  try {
    const started = Date.now();
    const main = await job.runMain(inputs, { timeoutMs: options.timeoutMs });
    const mainEndedAt = Date.now();
    const post = options.skipPost ? undefined : await job.runPost(main);
    return { job, main, post, mainMs: mainEndedAt - started, mainEndedAt };
  } catch (error) {
    job.dispose();
    throw error;
  }
}

/** Runs `run` on every item, at most `limit` at a time, keeping the order of the results. */
export async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Inputs that reach `emulator` with its credentials, plus `extra`. */
export function emulatorInputs(
  emulator: Emulator,
  extra: Record<string, string> = {},
): Record<string, string> {
  const { secretId, secretKey } = emulator.credentials;
  return {
    region: REGION,
    endpoint: emulator.url,
    'secret-id': secretId,
    'secret-key': secretKey,
    ...extra,
  };
}

export async function withEmulator<T>(
  options: EmulatorOptions,
  use: (emulator: Emulator) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator(options);
  try {
    return await use(emulator);
  } finally {
    await emulator.close();
  }
}

/** The error annotations of a step, one a line. */
export function errorText(step: StepResult): string {
  return step.commands.errors.map((error) => error.message).join('\n');
}

/** A job's whole log as a reader sees it: the runner consumes `::add-mask::` lines. */
export function visibleLog(job: Job): string {
  return job
    .allOutputText()
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('::add-mask::'))
    .join('\n');
}

/** The log lines that announce a retry. */
export function retryLines(step: StepResult): string[] {
  return step.stdout.split('\n').filter((line) => /failed \(.*\); retrying in \d+ ms$/.test(line));
}

/** API calls for one action (every call when `action` is omitted). */
export function callsOf(emulator: Emulator, action?: string): Call[] {
  return emulator.calls.filter((call) => action === undefined || call.action === action);
}

/** The value GetSSHKeyPairValue answers for a record: what the action receives raw. */
export function rawApiValue(record: SecretRecord): string {
  let text = record.privateKey.replace(/\r\n/g, '\n');
  if (!record.trailingNewline) text = text.replace(/\n+$/, '');
  if (record.newline === 'crlf') text = text.replace(/\n/g, '\r\n');
  return record.encoding === 'base64' ? Buffer.from(text).toString('base64') : text;
}

/** A step's exit code, annotations and log, for assertion messages. */
export function describeStep(step: StepResult): string {
  return `exit ${step.exitCode}; errors: ${errorText(step) || '(none)'}\n${step.stdout}\n${step.stderr}`;
}

/** Signs of an unhandled exception in a step's output: a stack trace or a raw error dump. */
export const STACK_TRACE =
  /^\s+at .+\(.*:\d+:\d+\)$|^\s+at .+:\d+:\d+$|\n\s+at |Error: .*\n\s+at /m;
