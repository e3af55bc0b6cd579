import * as path from 'node:path';
import { isTempPathFor } from './atomic-file.js';
import { SOCKET_DIR_PREFIX, SOCKET_NAME } from './agent-stop.js';
import { PUBLIC_KEY_DIR_NAME } from './config-file.js';
import type { JournalEntry } from './journal-types.js';

// A journal is evidence, not orders: the post step acts on an entry only when the entry stays
// within bounds the post step derives itself, from its inputs and its environment.

/** What the post step may touch, worked out without trusting the journal. */
export interface CleanupBounds {
  /** The key file this step's `key-file` input resolves to; undefined when it is unset. */
  keyFile?: string;
  /** The known_hosts files the action edits. */
  knownHostsFiles: readonly string[];
  /** Where the action creates its directories (agent sockets, public keys): RUNNER_TEMP, tmpdir. */
  socketBases: readonly string[];
  /**
   * The reused agents a key may be removed from: SSH_AUTH_SOCK as the post step sees it (and on
   * Windows the OpenSSH agent service, which the main step uses when SSH_AUTH_SOCK is unset).
   */
  authSocks: readonly string[];
  /** ssh's config of each home (`<home>/.ssh/config` for $HOME and the passwd home). */
  sshConfigFiles?: readonly string[];
  /** The global git config the action edits (`$HOME/.gitconfig`). */
  gitConfigFiles?: readonly string[];
}

const SOCKET_DIR_NAME = new RegExp(`^${SOCKET_DIR_PREFIX}[A-Za-z0-9]{6,32}$`);

/** Why the entry is out of bounds (for a warning), or undefined when the post step may act on it. */
export function outOfBounds(entry: JournalEntry, bounds: CleanupBounds): string | undefined {
  switch (entry.kind) {
    case 'agent-started':
      return checkSocket(entry.socketDir, entry.socket, bounds);
    case 'key-added':
      return bounds.authSocks.includes(entry.socket)
        ? undefined
        : `${entry.socket} is not the agent SSH_AUTH_SOCK names`;
    case 'file-written':
      return checkKeyFile(entry, bounds);
    case 'known-hosts-added':
      if (!bounds.knownHostsFiles.some((file) => samePath(file, entry.path))) {
        return `${entry.path} is not a known_hosts file this action edits`;
      }
      return checkTemp(entry.temp, entry.path) ?? checkDirs(entry.createdDirs, entry.path);
    case 'config-block-added':
      return checkConfigBlock(entry, bounds);
    case 'temp-dir-created':
      return checkPublicKeyDir(entry.dir, bounds);
  }
}

function checkConfigBlock(
  entry: Extract<JournalEntry, { kind: 'config-block-added' }>,
  bounds: CleanupBounds,
) {
  const files = (entry.which === 'ssh' ? bounds.sshConfigFiles : bounds.gitConfigFiles) ?? [];
  if (!files.some((file) => samePath(file, entry.path))) {
    return `${entry.path} is not a${entry.which === 'ssh' ? 'n ssh' : ' git'} config file this action edits`;
  }
  return checkTemp(entry.temp, entry.path) ?? checkDirs(entry.createdDirs, entry.path);
}

function checkPublicKeyDir(dir: string, bounds: CleanupBounds) {
  const inBase = bounds.socketBases.some((base) => samePath(path.dirname(dir), base));
  if (inBase && PUBLIC_KEY_DIR_NAME.test(path.basename(dir))) return undefined;
  return `${dir} is not a directory of this action's naming under RUNNER_TEMP or the temp dir`;
}

function checkSocket(socketDir: string, socket: string, bounds: CleanupBounds) {
  const inBase = bounds.socketBases.some((base) => samePath(path.dirname(socketDir), base));
  if (!inBase || !SOCKET_DIR_NAME.test(path.basename(socketDir))) {
    return `${socketDir} is not a socket directory of this action's naming under RUNNER_TEMP or the temp dir`;
  }
  if (socket !== path.join(socketDir, SOCKET_NAME)) {
    return `${socket} is not the socket inside ${socketDir}`;
  }
  return undefined;
}

function checkKeyFile(
  entry: Extract<JournalEntry, { kind: 'file-written' }>,
  bounds: CleanupBounds,
) {
  const { keyFile } = bounds;
  // Mode certificate writes the certificate beside the key, where ssh looks for it.
  const ours = keyFile !== undefined && [keyFile, `${keyFile}-cert.pub`];
  if (!ours || !ours.some((file) => samePath(file, entry.path))) {
    return `${entry.path} is not the file the 'key-file' input names`;
  }
  if (entry.sha256 === undefined) return `no content hash is recorded for ${entry.path}`;
  return checkTemp(entry.temp, entry.path) ?? checkDirs(entry.createdDirs, entry.path);
}

function checkTemp(temp: string | undefined, file: string) {
  if (temp === undefined || isTempPathFor(temp, file)) return undefined;
  return `${temp} is not a temp file of this action's naming beside ${file}`;
}

/** Created directories must be ancestors of the file, so only its own parents are ever removed. */
function checkDirs(dirs: readonly string[], file: string) {
  for (const dir of dirs) {
    const relative = path.relative(path.resolve(dir), path.resolve(file));
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      return `${dir} is not a parent directory of ${file}`;
    }
  }
  return undefined;
}

function samePath(a: string, b: string) {
  return path.resolve(a) === path.resolve(b);
}
