import * as os from 'node:os';
import * as core from '@actions/core';
import {
  isAgentLive,
  removeKey,
  stopAgent,
  WINDOWS_AGENT_PIPE,
  type RemoveKeyResult,
  type StopAgentResult,
} from './delivery/agent.js';
import { stopAdder } from './delivery/agent-stop.js';
import { undoEntry, describe } from './delivery/undo.js';
import { Env } from './constants.js';
import { errorMessage } from './errors.js';
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
} from './delivery/files.js';
import { resolveHomes } from './delivery/homes.js';
import { readKeyFileForCleanup } from './settings/read-settings.js';
import { type CleanupBounds, outOfBounds } from './delivery/journal-bounds.js';
import { Journal, type GetState } from './delivery/journal.js';
import type { JournalEntry } from './delivery/journal-types.js';
import { type ProcessRunner, spawnRunner } from './process.js';

export interface CleanupLogger {
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
    socketBases,
    authSocks: [env[Env.AuthSock], platform === 'win32' ? WINDOWS_AGENT_PIPE : undefined].filter(
      (socket): socket is string => !!socket,
    ),
  };
}

/** The post step: undoes the main step's journal in reverse order. Never throws. */
export async function run(deps: CleanupDeps = realCleanupDeps()): Promise<void> {
  const { logger } = deps;
  try {
    const { journal, warnings } = Journal.load(deps.getState);
    for (const warning of warnings) logger.warning(`Cleanup: ${warning}.`);
    if (journal.entries.length === 0) {
      logger.info('Nothing to clean up.');
      return;
    }
    await undoAll(journal.entries, deps);
  } catch (error) {
    logger.warning(`Cleanup failed unexpectedly: ${errorMessage(error)}`);
  }
}

/**
 * Undoes entries last to first; one failure does not stop the rest. An entry outside the bounds
 * is a warning and nothing is touched. Returns the failure count.
 */
export async function undoAll(entries: readonly JournalEntry[], deps: CleanupDeps) {
  let failures = 0;
  for (const entry of [...entries].reverse()) {
    const reason = outOfBounds(entry, deps.bounds);
    if (reason) {
      deps.logger.warning(`Cleanup: left ${describe(entry)} alone: ${reason}.`);
      continue;
    }
    try {
      await undoEntry(entry, deps);
    } catch (error) {
      failures += 1;
      deps.logger.warning(`Could not undo ${describe(entry)}: ${errorMessage(error)}`);
    }
  }
  return failures;
}
