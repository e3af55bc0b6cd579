import * as os from 'node:os';
import { Env } from '../constants.js';
import { type ProcessRunner, spawnRunner } from '../process.js';
import { sshAddEnv } from './agent.js';
import { withTempFile } from './temp-file.js';

// The key inside an agent: added over stdin (never a file or an argument), found by its public
// half, and removed through a public key file, which every OpenSSH version's ssh-add reads.

export interface AddKeyOptions {
  /** `ssh-add -t`: seconds the agent keeps the key. */
  lifetimeSeconds?: number;
  runner?: ProcessRunner;
  /** The ssh-add PID, before the key is written to it (see RunOptions.onSpawn). */
  onSpawn?: (pid: number) => void;
}

/** Loads a private key into the agent over stdin; the key never appears in argv or errors. */
export async function addKey(socket: string, privateKey: string, options: AddKeyOptions = {}) {
  const { lifetimeSeconds, runner = spawnRunner, onSpawn } = options;
  const args: string[] = [];
  if (lifetimeSeconds !== undefined) {
    if (!Number.isSafeInteger(lifetimeSeconds) || lifetimeSeconds <= 0) {
      throw new Error(`key lifetime must be a positive whole number of seconds`);
    }
    args.push('-t', String(lifetimeSeconds));
  }
  args.push('-');
  const result = await runner.run('ssh-add', args, {
    input: privateKey,
    env: sshAddEnv(socket),
    onSpawn,
  });
  if (result.code === 0) return;
  const detail = redactKeyMaterial(result.stderr, privateKey) || 'no output';
  const hint = addKeyHint(detail, result.timedOut, lifetimeSeconds !== undefined);
  throw new Error(`ssh-add could not load the key into the agent at ${socket}: ${detail}. ${hint}`);
}

function addKeyHint(detail: string, timedOut: boolean, constrained: boolean) {
  if (timedOut) return 'ssh-add did not finish in time; check that the agent is responsive.';
  if (constrained && /refused|communication with agent failed/i.test(detail)) {
    return "This agent may not support key constraints (ssh-add -t); try without 'key-lifetime'.";
  }
  if (/passphrase/i.test(detail)) {
    return 'The key is protected by a passphrase; this action needs an unencrypted private key.';
  }
  if (/connect/i.test(detail)) return `Check that ${Env.AuthSock} points to a running agent.`;
  return 'Check that the secret holds an unencrypted private key in PEM or OpenSSH format.';
}

/** Drops anything that looks like key material from tool output before it reaches a message. */
export function redactKeyMaterial(text: string, privateKey = '') {
  let out = text;
  for (const line of privateKey.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.length >= 8) out = out.split(trimmed).join('[redacted]');
  }
  return out
    .split(/\r?\n/)
    .filter((line) => !/PRIVATE KEY/.test(line))
    .map((line) => line.replace(/[A-Za-z0-9+/=]{40,}/g, '[redacted]'))
    .join('\n')
    .trim();
}

export type RemoveKeyResult = 'removed' | 'not-present';

/**
 * Removes one public key from the agent; the agent keeps running with its other keys. `tempDir`
 * holds the public key file for the moment ssh-add reads it.
 */
export async function removeKey(
  socket: string,
  publicKeyLine: string,
  runner: ProcessRunner = spawnRunner,
  tempDir: string = os.tmpdir(),
): Promise<RemoveKeyResult> {
  const wanted = keyIdentity(publicKeyLine);
  if (!wanted) throw new Error('not an OpenSSH public key line');
  if (!(await agentHasKey(socket, wanted, runner))) return 'not-present';
  // A file, not stdin: `ssh-add -d -` needs OpenSSH 8.4; the one Windows ships is older.
  const result = await withTempFile(tempDir, 'key.pub', `${wanted}\n`, (file) =>
    runner.run('ssh-add', ['-d', file], { env: sshAddEnv(socket) }),
  );
  if (result.code !== 0) {
    throw new Error(`ssh-add -d failed (exit ${result.code}): ${redactKeyMaterial(result.stderr)}`);
  }
  return 'removed';
}

/**
 * Whether the agent holds this public key. A reused agent may hold it already (its owner added
 * it): then the key is not ours to add or remove.
 */
export async function agentHasKey(
  socket: string,
  publicKeyLine: string,
  runner: ProcessRunner = spawnRunner,
): Promise<boolean> {
  const wanted = keyIdentity(publicKeyLine);
  if (!wanted) throw new Error('not an OpenSSH public key line');
  const listed = await runner.run('ssh-add', ['-L'], {
    env: sshAddEnv(socket),
  });
  if (listed.code === 2) throw new Error(`cannot reach the agent at ${socket}`);
  return listed.stdout.split('\n').some((line) => keyIdentity(line) === wanted);
}

/** "type base64" of a public key line, without its comment; undefined when it is not one. */
export function keyIdentity(publicKeyLine: string) {
  const [type, blob] = publicKeyLine.trim().split(/\s+/);
  if (!type || !blob || !/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) return undefined;
  return `${type} ${blob}`;
}
