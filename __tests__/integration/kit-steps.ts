// What the integration tests read from a job: the key the action received and handed on, the
// step's annotations and log, the API calls, the agent's keys and the files' permission bits.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '../../emulator/server.js';
import type { Job, StepResult } from '../../harness/action-runner.js';
import { agentFingerprints } from '../../harness/ssh-tools.js';

export type SecretRecord = ReturnType<Emulator['addSecret']>;
export type Call = Emulator['calls'][number];

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

/** The error annotations of a step, one a line. */
export function errorText(step: StepResult): string {
  return step.commands.errors.map((error) => error.message).join('\n');
}

const withoutMasks = (text: string): string =>
  text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('::add-mask::'))
    .join('\n');

/** A job's whole log as a reader sees it: the runner consumes `::add-mask::` lines. */
export function visibleLog(job: Job): string {
  return withoutMasks(job.allOutputText());
}

/** A step's exit code, annotations and visible log, for assertion messages. */
export function describeStep(step: StepResult): string {
  const errors = step.commands.errors.map((e) => e.message);
  const warnings = step.commands.warnings.map((w) => w.message);
  const summary = JSON.stringify({ exit: step.exitCode, errors, warnings });
  return `${summary}\n${withoutMasks(step.stdout)}\n${step.stderr}`;
}

/** The log lines that announce a retry. */
export function retryLines(step: StepResult): string[] {
  return step.stdout.split('\n').filter((line) => /failed \(.*\); retrying in \d+ ms$/.test(line));
}

/** Signs of an unhandled exception in a step's output: a stack trace or a raw error dump. */
export const STACK_TRACE =
  /^\s+at .+\(.*:\d+:\d+\)$|^\s+at .+:\d+:\d+$|\n\s+at |Error: .*\n\s+at /m;

/** API calls for one action (every call when `action` is omitted). */
export function callsOf(emulator: Emulator, action?: string): Call[] {
  return emulator.calls.filter((call) => action === undefined || call.action === action);
}

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
