import { constants } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import {
  NOFOLLOW,
  createFile,
  createParentDirs,
  hasContent,
  removeDirsIfEmpty,
  statOrUndefined,
} from './fs-safe.js';
import { appendedText, linesToAdd, removeLines } from './known-hosts.js';
import { type AclOptions, currentAccount, restrictToAccount } from './windows-acl.js';
import { confirmNoLinkFollowed, refuseWorkspaceLinks } from './workspace-links.js';

export { removeDirsIfEmpty } from './fs-safe.js';

export interface PathContext {
  home: string;
  /** Relative key-file paths resolve against this (GITHUB_WORKSPACE). */
  workspace?: string;
}

export interface WriteKeyFileResult {
  path: string;
  /** Who can read it, for the log: `mode 0600`, or the one account in its Windows ACL. */
  access: string;
  /** False when an identical file was already there; it is left alone and never deleted. */
  written: boolean;
  /** Directories this call created, outermost first. Never contains ~/.ssh. */
  createdDirs: string[];
}

export interface AddKnownHostsResult {
  path: string;
  added: string[];
  createdFile: boolean;
  createdDirs: string[];
}

/** The ~/.ssh directory: created when needed, never recorded, never deleted. */
export function sshDir(home: string) {
  return path.join(home, '.ssh');
}

/** Home and ~/.ssh are never reported as created, so cleanup can never remove them. */
function keptDirs(home: string) {
  return [path.resolve(home), sshDir(path.resolve(home))];
}

/** Expands `~` and `~/...`; relative paths resolve against the workspace. */
export function resolveUserPath(requested: string, context: PathContext) {
  if (requested.trim() === '') throw new Error('the path is empty');
  if (requested === '~') return path.resolve(context.home);
  if (requested.startsWith('~/') || requested.startsWith('~\\')) {
    return path.resolve(context.home, requested.slice(2));
  }
  if (requested.startsWith('~')) {
    throw new Error(`"${requested}": only ~ and ~/ are expanded, not ~user`);
  }
  return path.resolve(context.workspace ?? process.cwd(), requested);
}

/** The key file's path, refused when it passes through a symbolic link inside the workspace. */
export async function checkKeyFilePath(requestedPath: string, context: PathContext) {
  const target = resolveUserPath(requestedPath, context);
  await refuseWorkspaceLinks(target, context.workspace);
  return target;
}

export interface KeyFilePlatform extends AclOptions {
  /** process.platform by default; on win32 the file's ACL is restricted with icacls. */
  platform?: NodeJS.Platform;
}

/** Writes the key as a new 0600 file; never follows a symlink and never overwrites. */
export async function writeKeyFile(
  requestedPath: string,
  key: string,
  context: PathContext,
  platform: KeyFilePlatform = {},
): Promise<WriteKeyFileResult> {
  const target = await checkKeyFilePath(requestedPath, context);
  const existing = await statOrUndefined(target);
  if (existing) {
    if (!existing.isFile()) {
      throw new Error(
        `${target} exists and is not a regular file (a symlink or directory?); refusing to ` +
          'write the key there. Choose another key-file path.',
      );
    }
    if (await hasContent(target, key)) {
      return { path: target, access: 'left as it was', written: false, createdDirs: [] };
    }
    throw new Error(
      `${target} already exists with different content; refusing to overwrite it. ` +
        'Remove it first or choose another key-file path.',
    );
  }
  const createdDirs = await createParentDirs(target, keptDirs(context.home));
  const windows = (platform.platform ?? process.platform) === 'win32';
  const account = windows ? (platform.account ?? currentAccount()) : '';
  // Mode 0600 means nothing on NTFS: the ACL is narrowed while the file is still empty.
  const restrict = windows
    ? (file: string) => restrictToAccount(file, { runner: platform.runner, account })
    : undefined;
  try {
    // Checked again at write time: a link may have been planted since the first look.
    await refuseWorkspaceLinks(target, context.workspace);
    await createFile(target, key, () => confirmNoLinkFollowed(target, context.workspace), restrict);
  } catch (error) {
    await removeDirsIfEmpty(createdDirs);
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const message = `${target} appeared while the key was being written; refusing to overwrite it.`;
    throw new Error(message, { cause: error });
  }
  const access = windows ? `readable only by ${account}` : 'mode 0600';
  return { path: target, access, written: true, createdDirs };
}

/** Appends the lines not already present to ~/.ssh/known_hosts (0600 when created). */
export async function addKnownHosts(
  lines: readonly string[],
  context: Pick<PathContext, 'home'>,
): Promise<AddKnownHostsResult> {
  const file = path.join(sshDir(context.home), 'known_hosts');
  const existing = await statOrUndefined(file);
  if (existing && !existing.isFile()) {
    throw new Error(`${file} is not a regular file (a symlink?); refusing to edit it.`);
  }
  const currentText = existing ? await readFile(file, 'utf8') : '';
  const added = linesToAdd(currentText, lines);
  if (added.length === 0) return { path: file, added, createdFile: false, createdDirs: [] };
  const createdDirs = existing ? [] : await createParentDirs(file, keptDirs(context.home));
  if (!existing) {
    await createFile(file, appendedText('', added));
    return { path: file, added, createdFile: true, createdDirs };
  }
  const handle = await open(file, constants.O_WRONLY | constants.O_APPEND | NOFOLLOW);
  try {
    await handle.writeFile(appendedText(currentText, added), 'utf8');
  } finally {
    await handle.close();
  }
  return { path: file, added, createdFile: false, createdDirs };
}

export type RemoveFileOutcome = 'removed' | 'missing' | 'not-a-file';

/** Deletes a key file this action wrote; a symlink or directory in its place is left alone. */
export async function removeKeyFile(file: string): Promise<RemoveFileOutcome> {
  const stats = await statOrUndefined(file);
  if (!stats) return 'missing';
  if (!stats.isFile()) return 'not-a-file';
  await unlink(file);
  return 'removed';
}

export interface RemoveKnownHostsResult {
  removed: string[];
  missing: string[];
  deletedFile: boolean;
}

/** Removes exactly the lines we added; deletes the file only if we created it and it is empty. */
export async function removeKnownHostsLines(
  file: string,
  lines: readonly string[],
  createdFile = false,
): Promise<RemoveKnownHostsResult> {
  const stats = await statOrUndefined(file);
  if (!stats || !stats.isFile()) return { removed: [], missing: [...lines], deletedFile: false };
  const result = removeLines(await readFile(file, 'utf8'), lines);
  if (createdFile && result.text === '') {
    await unlink(file);
    return { removed: result.removed, missing: result.missing, deletedFile: true };
  }
  if (result.removed.length > 0) {
    // Rewritten in place so the file keeps its inode, owner and mode.
    const handle = await open(file, constants.O_WRONLY | constants.O_TRUNC | NOFOLLOW);
    try {
      await handle.writeFile(result.text, 'utf8');
    } finally {
      await handle.close();
    }
  }
  return { removed: result.removed, missing: result.missing, deletedFile: false };
}
