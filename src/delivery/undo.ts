import { errorMessage } from '../errors.js';
import type { CleanupDeps } from './cleanup-deps.js';
import { outOfBounds } from './journal-bounds.js';
import type { JournalEntry } from './journal-types.js';

// Undoing one journal entry that is within bounds. Every change was journaled before it was
// made, so an entry may name a change that never happened: that counts as already undone.

/** How long the agent may still take over a request an ssh-add we killed had already sent. */
const ADD_RECHECK_MS = 300;

type EntryOf<K extends JournalEntry['kind']> = Extract<JournalEntry, { kind: K }>;

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
    case 'config-block-added':
      return undoConfigBlock(entry, deps);
    case 'temp-dir-created':
      return undoTempDir(entry, deps);
  }
}

async function undoAgent(entry: EntryOf<'agent-started'>, { stopAgent, logger }: CleanupDeps) {
  const result = await stopAgent(entry.pid, entry.socketDir);
  const agent = entry.pid === undefined ? 'ssh-agent' : `ssh-agent (PID ${entry.pid})`;
  if (result.outcome === 'stopped') logger.info(`Stopped ${agent} at ${entry.socket}.`);
  if (result.outcome === 'not-running') logger.info(`${agent} at ${entry.socket} is not running.`);
  if (result.outcome === 'not-our-agent') {
    logger.warning(
      `PID ${entry.pid} now belongs to another process (${result.detail ?? 'unknown'}); left it alone.`,
    );
  }
  if (result.socketDirRemoved) {
    logger.info(`Removed the agent socket directory ${entry.socketDir} (if it was there).`);
  } else logger.warning(`Could not remove the agent socket directory ${entry.socketDir}.`);
}

async function undoKey(entry: EntryOf<'key-added'>, deps: CleanupDeps) {
  const key = describeKey(entry.publicKey);
  // An add the main step did not see finish: its ssh-add may still run, in its own session.
  const unfinished = entry.adderPid !== undefined;
  if (unfinished && (await deps.stopAdder(entry.adderPid!, entry.socket))) {
    deps.logger.info(`Stopped an ssh-add (PID ${entry.adderPid}) the main step left running.`);
  }
  if (!(await deps.isAgentLive(entry.socket))) {
    deps.logger.info(`The agent at ${entry.socket} is gone, and ${key} with it.`);
    return;
  }
  let result = await deps.removeKey(entry.socket, entry.publicKey);
  if (unfinished) {
    // The agent may still act on a request the killed ssh-add had sent: look once more.
    await deps.sleep(ADD_RECHECK_MS);
    if ((await deps.removeKey(entry.socket, entry.publicKey)) === 'removed') result = 'removed';
  }
  deps.logger.info(
    result === 'removed'
      ? `Removed ${key} from the agent at ${entry.socket}.`
      : `${key} is not in the agent at ${entry.socket} (never added, or its lifetime expired).`,
  );
}

async function undoFile(entry: EntryOf<'file-written'>, deps: CleanupDeps) {
  if (entry.temp && (await deps.removeTempFile(entry.temp))) {
    deps.logger.info(`Deleted the temp file ${entry.temp} an interrupted write left.`);
  }
  const outcome = await deps.removeKeyFile(entry.path, entry.sha256);
  const file = entry.path.endsWith('-cert.pub') ? 'certificate file' : 'key file';
  if (outcome === 'removed') deps.logger.info(`Deleted the ${file} ${entry.path}.`);
  if (outcome === 'missing') deps.logger.info(`The ${file} ${entry.path} is not there.`);
  if (outcome === 'not-a-file' || outcome === 'not-ours') {
    const what =
      outcome === 'not-a-file' ? 'is no longer a regular file' : 'is not the file this step wrote';
    deps.logger.warning(`${entry.path} ${what}; left it alone.`);
    return;
  }
  await removeDirs(entry.createdDirs, deps);
}

async function undoKnownHosts(entry: EntryOf<'known-hosts-added'>, deps: CleanupDeps) {
  if (entry.temp && (await deps.removeTempFile(entry.temp))) {
    deps.logger.info(`Deleted the temp file ${entry.temp} an interrupted write left.`);
  }
  const result = await deps.removeKnownHostsLines(entry.path, entry.lines, entry.createdFile);
  const count = result.removed.length;
  if (count > 0) deps.logger.info(`Removed ${count} line(s) this step added to ${entry.path}.`);
  if (result.missing.length > 0) {
    deps.logger.info(`${result.missing.length} added line(s) are not in ${entry.path}.`);
  }
  if (result.deletedFile) deps.logger.info(`Deleted ${entry.path}, which this step created.`);
  if (result.deletedFile || entry.createdFile) await removeDirs(entry.createdDirs, deps);
}

async function undoConfigBlock(entry: EntryOf<'config-block-added'>, deps: CleanupDeps) {
  if (entry.temp && (await deps.removeTempFile(entry.temp))) {
    deps.logger.info(`Deleted the temp file ${entry.temp} an interrupted write left.`);
  }
  const { createdFile, separator } = entry;
  const result = await deps.removeConfigBlock(entry.path, entry.stepId, { createdFile, separator });
  const what = entry.which === 'ssh' ? 'Host block' : 'url.insteadOf block';
  switch (result.outcome) {
    case 'removed':
      deps.logger.info(`Removed the ${what} this step added to ${entry.path}.`);
      return;
    case 'deleted-file':
      deps.logger.info(`Deleted ${entry.path}, which this step created (nothing else was in it).`);
      return removeDirs(entry.createdDirs, deps);
    case 'missing':
      deps.logger.info(`${entry.path} is not there: nothing to remove.`);
      return createdFile ? removeDirs(entry.createdDirs, deps) : undefined;
    case 'left':
      deps.logger.warning(
        `Left ${entry.path} as it is: the ${what} this step added (${entry.stepId}) cannot be ` +
          `removed exactly because ${result.reason}. Remove it by hand if it is still there.`,
      );
  }
}

async function undoTempDir(entry: EntryOf<'temp-dir-created'>, deps: CleanupDeps) {
  const outcome = await deps.removePublicKeyDir(entry.dir);
  if (outcome === 'removed') deps.logger.info(`Removed the public key directory ${entry.dir}.`);
  if (outcome === 'missing') deps.logger.info(`The directory ${entry.dir} is not there.`);
  if (outcome === 'not-a-dir' || outcome === 'not-empty') {
    const why = outcome === 'not-a-dir' ? 'is no longer a directory' : 'holds files not ours';
    deps.logger.warning(`${entry.dir} ${why}; left it alone.`);
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
      return `the ssh-agent at ${entry.socket}`;
    case 'key-added':
      return `the key added to the agent at ${entry.socket}`;
    case 'file-written':
      return `the key file ${entry.path}`;
    case 'known-hosts-added':
      return `the lines added to ${entry.path}`;
    case 'config-block-added':
      return `the block added to ${entry.path}`;
    case 'temp-dir-created':
      return `the directory ${entry.dir}`;
  }
}

/** "the ssh-rsa key (comment)": public, so fine to log, but short. */
function describeKey(publicKey: string) {
  const [type = 'unknown', , ...comment] = publicKey.trim().split(/\s+/);
  return comment.length > 0 ? `the ${type} key (${comment.join(' ')})` : `the ${type} key`;
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
