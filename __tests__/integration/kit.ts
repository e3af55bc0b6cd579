// The integration test kit: one emulator per test file, jobs that run the bundled action against
// it as the runner does (optionally with an OIDC token service), and a leak scan of every job's
// whole log when each test ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject, test as baseTest } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server.js';
import { Job, type JobOptions, type StepResult } from '../../harness/action-runner.js';
import { expectNoLeak } from '../helpers/leak-scan.js';
import { isProcessAlive, processArgs, waitForExit } from '../../harness/processes.js';
import { KIT_ROLE, PROVIDER, ROLE, TokenService } from './kit-oidc.js';
import { type SecretRecord, rawApiValue } from './kit-steps.js';

export * from './kit-steps.js';
export { JOB_SUBJECT, KIT_ROLE, PROVIDER, ROLE, TokenService } from './kit-oidc.js';

export const REGION = 'ap-guangzhou';

type SecretOptions = Parameters<Emulator['addSecret']>[0];
type EmulatorOptions = NonNullable<Parameters<typeof startEmulator>[0]>;

let counter = 0;

/** A secret name nobody has used yet. */
export function freshName(prefix = 'it-secret'): string {
  return `${prefix}-${process.pid}-${++counter}`;
}

/** Inputs that reach `emulator` with its credentials, plus `extra`. */
export function emulatorInputs(
  emulator: Emulator,
  extra: Record<string, string> = {},
): Record<string, string> {
  const { secretId, secretKey } = emulator.credentials;
  const endpoint = emulator.url;
  return { region: REGION, endpoint, 'secret-id': secretId, 'secret-key': secretKey, ...extra };
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

/** What must never show up in a log: every key an emulator holds (raw and decoded), every key. */
function secretsOf(emulator: Emulator): string[] {
  const keys = emulator.listSecrets().flatMap((record) => [record.privateKey, rawApiValue(record)]);
  const temporary = emulator
    .temporaryCredentials()
    .flatMap((c) => [c.secretId, c.secretKey, c.token]);
  return [...keys, ...temporary, emulator.credentials.secretKey];
}

/** Agents the job's steps started: stopped by PID when a failed assertion left them running. */
async function stopLeftoverAgents(job: Job): Promise<void> {
  const pids = job.steps.map((step) => Number(step.outputs['ssh-agent-pid']));
  for (const pid of pids.filter((p) => Number.isInteger(p) && p > 0)) {
    if (!isProcessAlive(pid) || !processArgs(pid)[0]?.endsWith('ssh-agent')) continue;
    process.kill(pid, 'SIGTERM');
    await waitForExit(pid);
  }
}

/** One test's jobs on Node 24 against the file's emulator, leak-scanned and disposed at its end. */
export class Kit {
  private readonly jobs: Job[] = [];
  private readonly dirs: string[] = [];
  private readonly emulators: Emulator[] = [];
  private readonly alsoSecret: string[] = [];
  private readonly callsBefore: number;
  private tokenService: TokenService | undefined;

  constructor(readonly emulator: Emulator) {
    this.callsBefore = emulator.calls.length;
  }

  /** From now on jobs may request OIDC tokens (keyless auth), and `inputs()` uses the role. */
  async withTokenService(): Promise<TokenService> {
    this.tokenService ??= await TokenService.start(this.emulator);
    return this.tokenService;
  }

  /** A fresh job; its whole log is leak-scanned and it is disposed when the test ends. */
  newJob(
    env: Record<string, string | undefined> = {},
    options: Pick<JobOptions, 'account' | 'node'> = {},
  ): Job {
    const withTokens = { ...this.tokenService?.env(), ...env };
    const job = new Job({ node: inject('node24'), env: withTokens, ...options });
    this.jobs.push(job);
    return job;
  }

  /** One job: the main step, then its post step (unless `skipPost`), so no agent outlives it. */
  async runJob(inputs: Record<string, string>, options: RunOptions = {}): Promise<JobRun> {
    const job = this.newJob({ ...(options.debug ? { RUNNER_DEBUG: '1' } : {}), ...options.env });
    const started = Date.now();
    const main = await job.runMain(inputs, { timeoutMs: options.timeoutMs });
    const mainEndedAt = Date.now();
    const post = options.skipPost ? undefined : await job.runPost(main);
    return { job, main, post, mainMs: mainEndedAt - started, mainEndedAt };
  }

  /** An emulator of this test alone (faults are global to one); its secrets join the scan. */
  async startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
    const emulator = await startEmulator(options);
    this.emulators.push(emulator);
    return emulator;
  }

  /** Values the leak scan looks for besides what the emulators hold and hand out. */
  scanFor(...secrets: string[]): void {
    this.alsoSecret.push(...secrets);
  }

  /** A temporary directory, removed when the test ends. */
  scratchDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'it-scratch-'));
    this.dirs.push(dir);
    return dir;
  }

  /** Inputs that reach the emulator (keyless with a token service, else its keys), plus `extra`. */
  inputs(extra: Record<string, string> = {}): Record<string, string> {
    if (!this.tokenService) return emulatorInputs(this.emulator, extra);
    const url = this.emulator.url;
    const keyless = { 'sts-endpoint': url, 'role-arn': ROLE, 'oidc-provider-id': PROVIDER };
    return { region: REGION, endpoint: url, ...keyless, ...extra };
  }

  /** Seeds a secret under a unique name (`options.name`, if given, is its prefix). */
  seed(options: Partial<SecretOptions> = {}): SecretRecord {
    return this.emulator.addSecret({ ...options, name: freshName(options.name) });
  }

  /** API calls naming this secret (tests running side by side share the emulator). */
  callsFor(secretName: string) {
    return this.emulator.calls.filter((call) => call.params.SecretName === secretName);
  }

  /** API calls made since this test began (for tests that do not run side by side). */
  calls(action?: string) {
    const calls = this.emulator.calls.slice(this.callsBefore);
    return action ? calls.filter((call) => call.action === action) : calls;
  }

  private secrets(): string[] {
    const emulators = [this.emulator, ...this.emulators].flatMap(secretsOf);
    return [...emulators, ...(this.tokenService?.tokens ?? []), ...this.alsoSecret];
  }

  async finish(): Promise<void> {
    const finished = this.jobs.splice(0);
    try {
      const secrets = this.secrets();
      for (const job of finished) expectNoLeak(job.allOutputText(), secrets);
    } finally {
      for (const job of finished) {
        await stopLeftoverAgents(job);
        job.dispose();
      }
      for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
      await Promise.all(this.emulators.splice(0).map((emulator) => emulator.close()));
      await this.tokenService?.close();
    }
  }
}

/** `test` with `emulator` (one per file), `kit` (one per test, leak-scanned at its end) and
 * `tokens` (the kit's OIDC token service, started on first use). */
export const test = baseTest
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from the pattern
  .extend('emulator', { scope: 'file' }, async ({}, { onCleanup }) => {
    const emulator = await startEmulator({ roles: [KIT_ROLE] });
    onCleanup(() => emulator.close());
    return emulator;
  })
  .extend('kit', async ({ emulator }, { onCleanup }) => {
    const kit = new Kit(emulator);
    onCleanup(() => kit.finish());
    return kit;
  })
  .extend('tokens', async ({ kit }) => kit.withTokenService());
