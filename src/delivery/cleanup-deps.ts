// What the post step touches, behind one interface so tests can replace any of it, and the
// bounds it derives from its own inputs and environment.
import * as os from 'node:os';
import * as core from '@actions/core';
import { isAgentLive, WINDOWS_AGENT_PIPE } from './agent.js';
import { removeKey, type RemoveKeyResult } from './agent-keys.js';
import { stopAdder, stopAgent, type StopAgentResult } from './agent-stop.js';
import { Env } from '../constants.js';
import {
  knownHostsFile,
  removeDirsIfEmpty,
  removeKeyFile,
  removeKnownHostsLines,
  removeTempFile,
  resolveUserPath,
  sshDir,
  type RemoveFileOutcome,
  type RemoveKnownHostsResult,
} from './files.js';
import { resolveHomes } from './homes.js';
import {
  gitConfigFile,
  removeBlockFromFile,
  removePublicKeyDir,
  sshConfigFile,
  type RemoveBlockResult,
  type RemoveDirOutcome,
} from './config-file.js';
import { readKeyFileForCleanup } from '../settings/read-settings.js';
import type { CleanupBounds } from './journal-bounds.js';
import type { GetState } from './journal.js';
import { type ProcessRunner, spawnRunner } from '../process.js';

interface CleanupLogger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

/** Everything the post step touches, so tests can replace any of it. */
export interface CleanupDeps {
  getState: GetState;
  logger: CleanupLogger;
  /** What the post step may touch; an entry outside these is a warning, never an action. */
  bounds: CleanupBounds;
  /** `pid` is undefined when the main step was killed before it learned it. */
  stopAgent(pid: number | undefined, socketDir: string): Promise<StopAgentResult>;
  /** Kills an ssh-add of ours for `socket` still running; true when one was. */
  stopAdder(pid: number, socket: string): Promise<boolean>;
  isAgentLive(socket: string): Promise<boolean>;
  removeKey(socket: string, publicKey: string): Promise<RemoveKeyResult>;
  removeKeyFile(path: string, sha256?: string): Promise<RemoveFileOutcome>;
  removeTempFile(path: string): Promise<boolean>;
  removeKnownHostsLines(
    path: string,
    lines: readonly string[],
    createdFile: boolean,
  ): Promise<RemoveKnownHostsResult>;
  removeConfigBlock(
    path: string,
    stepId: string,
    options: { createdFile: boolean; separator?: string },
  ): Promise<RemoveBlockResult>;
  removePublicKeyDir(dir: string): Promise<RemoveDirOutcome>;
  /** Must never remove ~/.ssh. */
  removeDirsIfEmpty(dirs: readonly string[]): Promise<string[]>;
  sleep(ms: number): Promise<void>;
}

export function realCleanupDeps(runner: ProcessRunner = spawnRunner): CleanupDeps {
  return {
    getState: (name) => core.getState(name),
    logger: {
      info: (message) => core.info(message),
      warning: (message) => core.warning(message),
      debug: (message) => core.debug(message),
    },
    bounds: realBounds(),
    stopAgent: (pid, socketDir) => stopAgent(pid, socketDir, { runner }),
    stopAdder: (pid, socket) => stopAdder(pid, socket, { runner }),
    isAgentLive: (socket) => isAgentLive(socket, runner),
    removeKey: (socket, publicKey) =>
      removeKey(socket, publicKey, runner, process.env[Env.RunnerTemp] || os.tmpdir()),
    removeKeyFile,
    removeTempFile,
    removeKnownHostsLines,
    removeConfigBlock: removeBlockFromFile,
    removePublicKeyDir,
    removeDirsIfEmpty: (dirs) => {
      const { home, sshHome } = resolveHomes();
      return removeDirsIfEmpty(dirs, [sshDir(home), sshDir(sshHome)]);
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

/** The bounds from this step's own inputs and environment, never from the journal. */
export function realBounds(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): CleanupBounds {
  const home = env.HOME || os.homedir();
  const homes = new Set([home]);
  try {
    homes.add(os.userInfo().homedir);
  } catch {
    // No passwd entry: $HOME is the only home.
  }
  const keyFileInput = readKeyFileForCleanup();
  let keyFile: string | undefined;
  try {
    const context = { home, workspace: env[Env.Workspace] };
    keyFile = keyFileInput ? resolveUserPath(keyFileInput, context) : undefined;
  } catch {
    keyFile = undefined;
  }
  const socketBases = [env[Env.RunnerTemp], os.tmpdir()].filter((dir): dir is string => !!dir);
  return {
    keyFile,
    knownHostsFiles: [...homes].map(knownHostsFile),
    sshConfigFiles: [...homes].map(sshConfigFile),
    gitConfigFiles: [gitConfigFile(home)],
    socketBases,
    authSocks: [env[Env.AuthSock], platform === 'win32' ? WINDOWS_AGENT_PIPE : undefined].filter(
      (socket): socket is string => !!socket,
    ),
  };
}
