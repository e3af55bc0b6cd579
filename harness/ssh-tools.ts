import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive, waitForExit } from './processes.js';
import { runProcess } from './run-process.js';

/** Thin wrappers over ssh-keygen, ssh-agent and ssh-add for test fixtures. */

const toolEnv = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  ...extra,
});

async function run(bin: string, args: string[], env: Record<string, string>, stdin?: string) {
  const result = await runProcess(bin, args, { env, stdin, timeoutMs: 30_000 });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

export interface KeyPair {
  /** Private key file (mode 0600). */
  path: string;
  privateKey: string;
  /** `ssh-ed25519 AAAA... comment` */
  publicKey: string;
  /** `SHA256:...` as `ssh-keygen -lf` prints it. */
  fingerprint: string;
}

export type KeyType = 'ed25519' | 'rsa' | 'rsa-pem' | 'ecdsa';

/** 'rsa-pem' writes a PKCS#1 `BEGIN RSA PRIVATE KEY`, the form Tencent Cloud returns. */
export async function generateKeyPair(
  dir: string,
  type: KeyType = 'ed25519',
  comment = 'harness-key',
): Promise<KeyPair> {
  const path = join(dir, `id_${type}_${Date.now()}_${Math.random().toString(36).slice(2)}`);
  const typeArgs = type === 'rsa-pem' ? ['-t', 'rsa', '-b', '2048', '-m', 'PEM'] : ['-t', type];
  const made = await run(
    'ssh-keygen',
    ['-q', ...typeArgs, '-N', '', '-C', comment, '-f', path],
    toolEnv(),
  );
  if (made.code !== 0) throw new Error(`ssh-keygen failed: ${made.stderr}`);
  const listed = await run('ssh-keygen', ['-lf', `${path}.pub`], toolEnv());
  return {
    path,
    privateKey: readFileSync(path, 'utf8'),
    publicKey: readFileSync(`${path}.pub`, 'utf8').trim(),
    fingerprint: listed.stdout.split(' ')[1] ?? '',
  };
}

export interface Agent {
  sock: string;
  pid: number;
  stop(): Promise<void>;
}

/** A fresh ssh-agent on `sock`; stop() kills it by PID and waits until it is gone. */
export async function startAgent(sock: string): Promise<Agent> {
  const started = await run('ssh-agent', ['-s', '-a', sock], toolEnv());
  const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(started.stdout)?.[1]);
  if (started.code !== 0 || !Number.isInteger(pid)) {
    throw new Error(`ssh-agent did not start: ${started.stderr}`);
  }
  return {
    sock,
    pid,
    async stop() {
      if (!isProcessAlive(pid)) return;
      process.kill(pid, 'SIGTERM');
      if (!(await waitForExit(pid))) throw new Error(`ssh-agent ${pid} ignored SIGTERM`);
    },
  };
}

/** Adds a key over stdin, as the action does, so the key never touches disk here. */
export async function agentAdd(sock: string, privateKey: string): Promise<void> {
  const added = await run('ssh-add', ['-q', '-'], toolEnv({ SSH_AUTH_SOCK: sock }), privateKey);
  if (added.code !== 0) throw new Error(`ssh-add failed: ${added.stderr.trim()}`);
}

/** Fingerprints of the keys an agent holds ([] when it holds none). */
export async function agentFingerprints(sock: string): Promise<string[]> {
  const listed = await run('ssh-add', ['-l'], toolEnv({ SSH_AUTH_SOCK: sock }));
  if (listed.code === 1) return [];
  if (listed.code !== 0) throw new Error(`ssh-add -l failed: ${listed.stderr.trim()}`);
  return listed.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(' ')[1] ?? '');
}
