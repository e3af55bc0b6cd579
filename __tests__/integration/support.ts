// Shared by the integration tests: one emulator per test file, jobs that run the bundled action
// against it as the runner does, and a leak scan of every job's whole log when each test ends.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject, test as baseTest } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server.js';
import { Job, type JobOptions, type StepResult } from '../../harness/action-runner.js';
import { expectNoLeak } from '../helpers/leak-scan.js';
import { isProcessAlive, processArgs, waitForExit } from '../helpers/processes.js';
import { agentFingerprints } from '../helpers/ssh-tools.js';

export const REGION = 'ap-guangzhou';

type SecretOptions = Parameters<Emulator['addSecret']>[0];
export type SecretRecord = ReturnType<Emulator['addSecret']>;

let counter = 0;

/** A secret name nobody has used yet. */
export function freshName(prefix = 'it-secret'): string {
  return `${prefix}-${process.pid}-${++counter}`;
}

/** The value GetSSHKeyPairValue answers for a record: what the action receives raw. */
export function rawApiValue(record: SecretRecord): string {
  let text = record.privateKey.replace(/\r\n/g, '\n');
  if (!record.trailingNewline) text = text.replace(/\n+$/, '');
  if (record.newline === 'crlf') text = text.replace(/\n/g, '\r\n');
  return record.encoding === 'base64' ? Buffer.from(text).toString('base64') : text;
}

/** The key as the action hands it on: LF line ends and one final newline. */
export function normalisedKey(record: SecretRecord): string {
  return `${record.privateKey.replace(/\r\n/g, '\n').replace(/\n+$/, '')}\n`;
}

/** What must never show up in a log: every key the emulator holds, raw and decoded. */
function secretsOf(emulator: Emulator): string[] {
  const keys = emulator.listSecrets().flatMap((record) => [record.privateKey, rawApiValue(record)]);
  return [...keys, emulator.credentials.secretKey];
}

/** Agents the job's steps started: stopped by PID when a failed assertion left them running. */
function startedAgentPids(job: Job): number[] {
  return job.steps.flatMap((step) => {
    const pid = Number(step.outputs['ssh-agent-pid']);
    return Number.isInteger(pid) && pid > 0 ? [pid] : [];
  });
}

async function stopLeftoverAgent(pid: number): Promise<void> {
  if (!isProcessAlive(pid) || !processArgs(pid)[0]?.endsWith('ssh-agent')) return;
  process.kill(pid, 'SIGTERM');
  await waitForExit(pid);
}

/** What a test uses: jobs on Node 24 against this file's emulator, scanned for leaks at the end. */
export class Kit {
  private readonly jobs: Job[] = [];
  private readonly dirs: string[] = [];

  constructor(readonly emulator: Emulator) {}

  /** A fresh job; its whole log is leak-scanned and it is disposed when the test ends. */
  newJob(
    env: Record<string, string | undefined> = {},
    options: Pick<JobOptions, 'account' | 'node'> = {},
  ): Job {
    const job = new Job({ node: inject('node24'), env, ...options });
    this.jobs.push(job);
    return job;
  }

  /** A temporary directory, removed when the test ends. */
  scratchDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'it-scratch-'));
    this.dirs.push(dir);
    return dir;
  }

  /** Inputs that reach the emulator with its credentials, plus `extra`. */
  inputs(extra: Record<string, string> = {}): Record<string, string> {
    const { secretId, secretKey } = this.emulator.credentials;
    const endpoint = this.emulator.url;
    return { region: REGION, endpoint, 'secret-id': secretId, 'secret-key': secretKey, ...extra };
  }

  /** Seeds a secret under a unique name (`options.name`, if given, is its prefix). */
  seed(options: Partial<SecretOptions> = {}): SecretRecord {
    return this.emulator.addSecret({ ...options, name: freshName(options.name) });
  }

  /** API calls naming this secret (tests running side by side share the emulator). */
  callsFor(secretName: string) {
    return this.emulator.calls.filter((call) => call.params.SecretName === secretName);
  }

  async finish(): Promise<void> {
    const finished = this.jobs.splice(0);
    try {
      const secrets = secretsOf(this.emulator);
      for (const job of finished) expectNoLeak(job.allOutputText(), secrets);
    } finally {
      for (const job of finished) {
        await Promise.all(startedAgentPids(job).map(stopLeftoverAgent));
        job.dispose();
      }
      for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** `test` with `emulator` (one per file) and `kit` (one per test, leak-scanned at its end). */
export const test = baseTest
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from the pattern
  .extend('emulator', { scope: 'file' }, async ({}, { onCleanup }) => {
    const emulator = await startEmulator();
    onCleanup(() => emulator.close());
    return emulator;
  })
  .extend('kit', async ({ emulator }, { onCleanup }) => {
    const kit = new Kit(emulator);
    onCleanup(() => kit.finish());
    return kit;
  });

/** Fingerprints in the agent at the job's exported SSH_AUTH_SOCK, as a later step sees them. */
export async function agentKeysOf(job: Job): Promise<string[]> {
  const sock = job.environment().SSH_AUTH_SOCK;
  if (!sock) throw new Error('the job exports no SSH_AUTH_SOCK');
  return agentFingerprints(sock);
}

/** `SHA256:...` of a public key line, from ssh-keygen itself. */
export function sshKeygenFingerprint(publicKey: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'it-pub-'));
  try {
    writeFileSync(join(dir, 'key.pub'), `${publicKey}\n`);
    const out = execFileSync('ssh-keygen', ['-lf', join(dir, 'key.pub')], { encoding: 'utf8' });
    return out.split(' ')[1] ?? '';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The permission bits, e.g. 0o600. */
export const modeOf = (path: string): number => statSync(path).mode & 0o777;

/** A step's exit code and annotations, for assertion messages. */
export function describeStep(step: StepResult): string {
  const errors = step.commands.errors.map((e) => e.message);
  const warnings = step.commands.warnings.map((w) => w.message);
  return JSON.stringify({ exit: step.exitCode, errors, warnings });
}
