import * as os from 'node:os';
import * as core from '@actions/core';
import {
  isAgentLive,
  removeKey,
  stopAgent,
  type RemoveKeyResult,
  type StopAgentResult,
} from './agent.js';
import {
  removeDirsIfEmpty,
  removeKeyFile,
  removeKnownHostsLines,
  sshDir,
  type RemoveFileOutcome,
  type RemoveKnownHostsResult,
} from './files.js';
import { Env } from './constants.js';
import { resolveHomes } from './homes.js';
import { Journal, type GetState } from './journal.js';
import type { JournalEntry } from './journal-types.js';
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
  stopAgent(pid: number, socketDir: string): Promise<StopAgentResult>;
  isAgentLive(socket: string): Promise<boolean>;
  removeKey(socket: string, publicKey: string): Promise<RemoveKeyResult>;
  removeKeyFile(path: string): Promise<RemoveFileOutcome>;
  removeKnownHostsLines(
    path: string,
    lines: readonly string[],
    createdFile: boolean,
  ): Promise<RemoveKnownHostsResult>;
  /** Must never remove ~/.ssh. */
  removeDirsIfEmpty(dirs: readonly string[]): Promise<string[]>;
}

export function realCleanupDeps(runner: ProcessRunner = spawnRunner): CleanupDeps {
  return {
    getState: (name) => core.getState(name),
    logger: {
      info: (message) => core.info(message),
      warning: (message) => core.warning(message),
      debug: (message) => core.debug(message),
    },
    stopAgent: (pid, socketDir) => stopAgent(pid, socketDir, { runner }),
    isAgentLive: (socket) => isAgentLive(socket, runner),
    removeKey: (socket, publicKey) =>
      removeKey(socket, publicKey, runner, process.env[Env.RunnerTemp] || os.tmpdir()),
    removeKeyFile,
    removeKnownHostsLines,
    removeDirsIfEmpty: (dirs) => {
      const { home, sshHome } = resolveHomes();
      return removeDirsIfEmpty(dirs, [sshDir(home), sshDir(sshHome)]);
    },
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

/** Undoes entries last to first; one failure does not stop the rest. Returns the failure count. */
export async function undoAll(entries: readonly JournalEntry[], deps: CleanupDeps) {
  let failures = 0;
  for (const entry of [...entries].reverse()) {
    try {
      await undoEntry(entry, deps);
    } catch (error) {
      failures += 1;
      deps.logger.warning(`Could not undo ${describe(entry)}: ${errorMessage(error)}`);
    }
  }
  return failures;
}

async function undoEntry(entry: JournalEntry, deps: CleanupDeps) {
  switch (entry.kind) {
    case 'agent-started':
      return undoAgent(entry, deps);
    case 'key-added':
      return undoKey(entry, deps);
    case 'file-written':
      return undoFile(entry, deps);
    case 'known-hosts-added':
      return undoKnownHosts(entry, deps);
  }
}

type EntryOf<K extends JournalEntry['kind']> = Extract<JournalEntry, { kind: K }>;

async function undoAgent(entry: EntryOf<'agent-started'>, { stopAgent, logger }: CleanupDeps) {
  const result = await stopAgent(entry.pid, entry.socketDir);
  const agent = `ssh-agent (PID ${entry.pid})`;
  if (result.outcome === 'stopped') logger.info(`Stopped ${agent}.`);
  if (result.outcome === 'not-running') logger.info(`${agent} had already exited.`);
  if (result.outcome === 'not-our-agent') {
    logger.warning(
      `PID ${entry.pid} now belongs to another process (${result.detail ?? 'unknown'}); left it alone.`,
    );
  }
  if (result.socketDirRemoved)
    logger.info(`Removed the agent socket directory ${entry.socketDir}.`);
  else logger.warning(`Could not remove the agent socket directory ${entry.socketDir}.`);
}

async function undoKey(entry: EntryOf<'key-added'>, deps: CleanupDeps) {
  const key = describeKey(entry.publicKey);
  if (!(await deps.isAgentLive(entry.socket))) {
    deps.logger.info(`The agent at ${entry.socket} is gone, and ${key} with it.`);
    return;
  }
  const result = await deps.removeKey(entry.socket, entry.publicKey);
  deps.logger.info(
    result === 'removed'
      ? `Removed ${key} from the agent at ${entry.socket}.`
      : `${key} was no longer in the agent at ${entry.socket} (lifetime expired?).`,
  );
}

async function undoFile(entry: EntryOf<'file-written'>, deps: CleanupDeps) {
  const outcome = await deps.removeKeyFile(entry.path);
  if (outcome === 'removed') deps.logger.info(`Deleted the key file ${entry.path}.`);
  if (outcome === 'missing') deps.logger.info(`The key file ${entry.path} was already gone.`);
  if (outcome === 'not-a-file') {
    deps.logger.warning(`${entry.path} is no longer a regular file; left it alone.`);
    return;
  }
  await removeDirs(entry.createdDirs, deps);
}

async function undoKnownHosts(entry: EntryOf<'known-hosts-added'>, deps: CleanupDeps) {
  const result = await deps.removeKnownHostsLines(entry.path, entry.lines, entry.createdFile);
  const count = result.removed.length;
  if (count > 0) deps.logger.info(`Removed ${count} line(s) this step added to ${entry.path}.`);
  if (result.missing.length > 0) {
    deps.logger.info(`${result.missing.length} added line(s) were no longer in ${entry.path}.`);
  }
  if (result.deletedFile) {
    deps.logger.info(`Deleted ${entry.path}, which this step created.`);
    await removeDirs(entry.createdDirs, deps);
  }
}

async function removeDirs(dirs: readonly string[], deps: CleanupDeps) {
  if (dirs.length === 0) return;
  for (const dir of await deps.removeDirsIfEmpty(dirs)) {
    deps.logger.info(`Removed the empty directory ${dir}, which this step created.`);
  }
}

function describe(entry: JournalEntry) {
  switch (entry.kind) {
    case 'agent-started':
      return `the ssh-agent started with PID ${entry.pid}`;
    case 'key-added':
      return `the key added to the agent at ${entry.socket}`;
    case 'file-written':
      return `the key file ${entry.path}`;
    case 'known-hosts-added':
      return `the lines added to ${entry.path}`;
  }
}

/** "the ssh-rsa key (comment)": public, so fine to log, but short. */
function describeKey(publicKey: string) {
  const [type = 'unknown', , ...comment] = publicKey.trim().split(/\s+/);
  return comment.length > 0 ? `the ${type} key (${comment.join(' ')})` : `the ${type} key`;
}

function errorMessage(error: unknown) {
  return error instanceof Error ? error.message : String(error);
}
