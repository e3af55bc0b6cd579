import { createHash } from 'node:crypto';
import type { GitRepository, JumpHost, SshHost } from '../settings/settings.js';

// The lines of our block in ssh's config. Every value comes from a validated input, and is
// checked once more here, so no value can start a line (or a Match/Include) of its own.

export interface SshConfigSpec {
  stepId: string;
  /** The public key file (agent) or the key file: ssh offers this key and no other. */
  identityFile: string;
  /** Mode certificate: the certificate ssh offers (from the agent, or with the key file). */
  certificateFile?: string;
  hosts: readonly SshHost[];
  jumpHost?: JumpHost;
  repositories: readonly GitRepository[];
}

/** The Host alias of the jump host of one step. */
export function jumpAlias(stepId: string) {
  return `tcssh-jump-${stepId}`;
}

/**
 * The ssh alias git reaches one repository through: unique per repository, and the same in
 * every step, so two calls that name one repository agree. The host part keeps only characters
 * a host name may hold (an IPv6 address loses its brackets and colons there).
 */
export function gitAlias(repository: GitRepository) {
  const { host, owner, repo } = repository;
  const hash = createHash('sha256').update(`${host}/${owner}/${repo}`, 'utf8').digest('hex');
  return `tcssh-${hash.slice(0, 8)}.${host.replace(/[^A-Za-z0-9.-]/g, '-')}`;
}

/** A host as ssh's HostName takes it: an IPv6 address without brackets. */
function bareHost(host: string) {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

// A token ssh reads as one word: no whitespace, quotes, comment start or control characters.
const WORD = /^[A-Za-z0-9._:@%+=,/[\]-]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function word(value: string, what: string) {
  if (!WORD.test(value) || value.startsWith('-')) {
    throw new Error(`${what} "${value}" cannot be written into the ssh config safely`);
  }
  return value;
}

/**
 * A path as one ssh config argument: quoted when it holds a space; `%` doubled, since ssh expands
 * `%` tokens in IdentityFile. A path with a quote or a control character is refused.
 */
export function configPath(file: string) {
  if (CONTROL.test(file) || file.includes('"')) {
    throw new Error(
      `the path ${JSON.stringify(file)} cannot be written into the ssh config safely`,
    );
  }
  const escaped = file.replace(/%/g, '%%');
  return /\s/.test(escaped) ? `"${escaped}"` : escaped;
}

interface Identity {
  file: string;
  certificate?: string;
}

interface Target {
  alias: string;
  hostName: string;
  user?: string;
  port?: number;
}

function hostBlock(target: Target, identity: Identity, proxyJump?: string) {
  const lines = [`Host ${word(target.alias, 'the alias')}`];
  lines.push(`  HostName ${word(bareHost(target.hostName), 'the host')}`);
  if (target.user !== undefined) lines.push(`  User ${word(target.user, 'the user')}`);
  if (target.port !== undefined) lines.push(`  Port ${portOf(target.port)}`);
  lines.push('  IdentitiesOnly yes', `  IdentityFile ${identity.file}`);
  if (identity.certificate) lines.push(`  CertificateFile ${identity.certificate}`);
  if (proxyJump) lines.push(`  ProxyJump ${proxyJump}`);
  return lines;
}

function portOf(port: number) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`the port ${port} cannot be written into the ssh config`);
  }
  return String(port);
}

/**
 * The lines between our markers: a Host block per `ssh-host` entry, one for the jump host, one
 * per git repository, then `Match all`, so that the user's own lines after our block apply to
 * every host as they did before (a Host block ends only at the next Host or Match line).
 */
export function sshConfigLines(spec: SshConfigSpec): string[] {
  const identity: Identity = { file: configPath(spec.identityFile) };
  if (spec.certificateFile) identity.certificate = configPath(spec.certificateFile);
  const jump = spec.jumpHost ? jumpAlias(spec.stepId) : undefined;
  const lines: string[] = [];
  for (const host of spec.hosts) lines.push(...hostBlock(host, identity, jump));
  if (spec.jumpHost && jump) lines.push(...hostBlock({ ...spec.jumpHost, alias: jump }, identity));
  for (const repository of spec.repositories) {
    const target = { alias: gitAlias(repository), hostName: repository.host, user: 'git' };
    lines.push(...hostBlock(target, identity));
  }
  lines.push('Match all');
  return lines;
}
