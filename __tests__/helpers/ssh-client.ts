// Fixtures for the ssh client configuration tests (issue 14): a target sshd that gives up after two
// wrong keys, a second sshd to jump through, an agent whose first keys are not ours, a stand-in for
// ssh that git runs (it records what it was asked for and never touches the network), and what a
// real `ssh -G` resolves an alias to.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sshd, startSshd } from '../../harness/sshd.js';
import {
  type Agent,
  agentAdd,
  generateKeyPair,
  type KeyPair,
  startAgent,
} from '../../harness/ssh-tools.js';
import { runProcess } from '../../harness/run-process.js';

/** sshd counts every key offered: with three strangers first, the fourth is never tried. */
const MAX_AUTH_TRIES = 2;

/** The target: `MaxAuthTries 2`, accepting `keys`; on `[::1]` too, same port, with `ipv6`. */
export function startStrictSshd(keys: string[], options: { ipv6?: boolean } = {}): Promise<Sshd> {
  const extraConfig = [
    `MaxAuthTries ${MAX_AUTH_TRIES}`,
    ...(options.ipv6 ? ['ListenAddress ::1'] : []),
  ];
  return startSshd({ authorizedKeys: keys, extraConfig });
}

/** The known_hosts line of `sshd` as reached at `[::1]` (started with `ipv6`). */
export const ipv6KnownHostsLine = (sshd: Sshd): string =>
  sshd.hostKnownHostsLine.replace(/^\[127\.0\.0\.1\]/, '[::1]');

/**
 * The jump host: another sshd on loopback (OpenSSH will not use the target as its own jump host)
 * that lets its users open TCP connections onward, as `ProxyJump` asks; as strict as the target,
 * so a jump that offers the strangers first is locked out too.
 */
export function startJumpSshd(keys: string[]): Promise<Sshd> {
  const forwarding = ['AllowTcpForwarding yes', 'PermitOpen any', 'DisableForwarding no'];
  const extraConfig = [`MaxAuthTries ${MAX_AUTH_TRIES}`, ...forwarding];
  return startSshd({ authorizedKeys: keys, extraConfig });
}

export interface DecoyAgent extends Agent {
  /** The unrelated keys, in the order the agent holds (and ssh offers) them. */
  decoys: KeyPair[];
}

/** An agent that already holds `count` keys no server here accepts. */
export async function startDecoyAgent(dir: string, count = 3): Promise<DecoyAgent> {
  const agent = await startAgent(join(dir, 'decoy-agent.sock'));
  const decoys: KeyPair[] = [];
  try {
    for (let i = 1; i <= count; i++) {
      const key = await generateKeyPair(dir, 'ed25519', `decoy-${i}`);
      await agentAdd(agent.sock, key.privateKey);
      decoys.push(key);
    }
  } catch (error) {
    await agent.stop();
    throw error;
  }
  return { ...agent, decoys };
}

export interface SshInvocation {
  /** `git` from `git@host`, when the destination names one. */
  user?: string;
  host: string;
  port?: string;
  /** What ssh would have run remotely, e.g. `git-upload-pack 'acme/app.git'`. */
  command: string[];
  args: string[];
}

export interface GitSshStub {
  /** For GIT_SSH_COMMAND (named `ssh`, so git passes OpenSSH options). */
  command: string;
  invocations(): SshInvocation[];
}

const END = '--end-of-invocation--';

/** Splits ssh's arguments as OpenSSH would for the options git passes. */
export function parseSshArgs(args: string[]): SshInvocation {
  let port: string | undefined;
  let i = 0;
  for (; i < args.length && args[i]?.startsWith('-'); i++) {
    const option = args[i] ?? '';
    if (option === '-p') port = args[++i];
    else if (['-o', '-i', '-F', '-l', '-J'].includes(option)) i++;
  }
  const destination = args[i] ?? '';
  const at = destination.lastIndexOf('@');
  const user = at >= 0 ? destination.slice(0, at) : undefined;
  return { user, host: destination.slice(at + 1), port, command: args.slice(i + 1), args };
}

/** A stand-in for ssh: appends its arguments to a file, fails as an unreachable host would. */
export function writeGitSshStub(dir: string): GitSshStub {
  const command = join(dir, 'ssh');
  const record = join(dir, 'ssh-invocations');
  const script = [
    '#!/bin/sh',
    `for arg in "$@"; do printf '%s\\n' "$arg"; done >> '${record}'`,
    `printf '%s\\n' '${END}' >> '${record}'`,
    "echo 'stub ssh: no network in tests' >&2",
    'exit 255',
    '',
  ].join('\n');
  writeFileSync(command, script);
  chmodSync(command, 0o755);
  const invocations = () => {
    if (!existsSync(record)) return [];
    const text = readFileSync(record, 'utf8');
    const blocks = text.split(`${END}\n`).filter((block) => block !== '');
    return blocks.map((block) => parseSshArgs(block.replace(/\n$/, '').split('\n')));
  };
  return { command, invocations };
}

/**
 * What `ssh -G <alias>` resolves, as `key -> values` (lower-case keys): from the passwd home's
 * `~/.ssh/config` that `env` leads to, or from `configFile`.
 */
export async function resolvedSshConfig(
  alias: string,
  env: Record<string, string>,
  configFile?: string,
): Promise<Record<string, string[]>> {
  const args = [...(configFile ? ['-F', configFile] : []), '-G', alias];
  const result = await runProcess('ssh', args, { env, timeoutMs: 30_000 });
  if (result.exitCode !== 0) throw new Error(`ssh -G ${alias} failed: ${result.stderr}`);
  const config: Record<string, string[]> = {};
  for (const line of result.stdout.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const key = line.slice(0, space);
    (config[key] ??= []).push(line.slice(space + 1));
  }
  return config;
}

/** The alias of the shared design: stable per repository, so several calls compose. */
export const gitAlias = (host: string, owner: string, repo: string): string =>
  `tcssh-${createHash('sha256').update(`${host}/${owner}/${repo}`).digest('hex').slice(0, 8)}.${host}`;

/**
 * `git ls-remote <url>` with `env` (a later step's: its HOME holds ~/.gitconfig), the stub for
 * ssh, and only ssh allowed (checked after insteadOf), so an https URL left alone fails offline;
 * as the account `as` when given.
 */
export async function gitLsRemote(
  env: Record<string, string>,
  stub: GitSshStub,
  url: string,
  as: { uid?: number; gid?: number } = {},
) {
  const gitEnv = {
    ...env,
    GIT_SSH_COMMAND: stub.command,
    GIT_ALLOW_PROTOCOL: 'ssh',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
  };
  const before = stub.invocations().length;
  const options = { env: gitEnv, timeoutMs: 30_000, uid: as.uid, gid: as.gid };
  const result = await runProcess('git', ['ls-remote', url], options);
  return { stderr: result.stderr, invocations: stub.invocations().slice(before) };
}
