import { createHash } from 'node:crypto';
import { readFile, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { tempPathFor, writeFileAtomically } from './atomic-file.js';
import {
  createParentDirs,
  hasContent,
  missingParentDirs,
  removeDirsIfEmpty,
  statOrUndefined,
  withoutKept,
} from './fs-safe.js';
import { type AclOptions, currentAccount, restrictToAccount } from './windows-acl.js';
import { confirmNoLinkFollowed, refuseWorkspaceLinks } from './workspace-links.js';

export { removeDirsIfEmpty } from './fs-safe.js';
export {
  addKnownHosts,
  applyKnownHosts,
  knownHostsFile,
  planKnownHosts,
  removeKnownHostsLines,
  type RemoveKnownHostsResult,
} from './known-hosts-file.js';

export interface PathContext {
  home: string;
  /** Relative key-file paths resolve against this (GITHUB_WORKSPACE). */
  workspace?: string;
}

/** What writing the key file will do; journaled before anything is written. */
export interface KeyFilePlan {
  path: string;
  /** Who can read it, for the log: `mode 0600`, or the one account in its Windows ACL. */
  access: string;
  /** False when an identical file was already there; it is left alone and never deleted. */
  written: boolean;
  /** Directories the write will create, outermost first. Never contains home or ~/.ssh. */
  createdDirs: string[];
  /** The temp file the key is written to before it is linked into place. */
  temp: string;
  /** sha256 of the content: the post step deletes the file only if it still holds exactly this. */
  sha256: string;
}

export type WriteKeyFileResult = Pick<KeyFilePlan, 'path' | 'access' | 'written' | 'createdDirs'>;

/** The ~/.ssh directory: created when needed, never recorded, never deleted. */
export function sshDir(home: string) {
  return path.join(home, '.ssh');
}

/** Home and ~/.ssh are never reported as created, so cleanup can never remove them. */
function keptDirs(home: string) {
  return [path.resolve(home), sshDir(path.resolve(home))];
}

export function contentHash(text: string) {
  return createHash('sha256').update(text, 'utf8').digest('hex');
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

/** Decides what writing the key will change; refuses links and never plans an overwrite. */
export async function planKeyFile(
  requestedPath: string,
  key: string,
  context: PathContext,
  platform: KeyFilePlatform = {},
): Promise<KeyFilePlan> {
  const target = await checkKeyFilePath(requestedPath, context);
  const base = { path: target, temp: tempPathFor(target), sha256: contentHash(key) };
  const existing = await statOrUndefined(target);
  if (existing) {
    if (!existing.isFile()) {
      throw new Error(
        `${target} exists and is not a regular file (a symlink or directory?); refusing to ` +
          'write the key there. Choose another key-file path.',
      );
    }
    if (await hasContent(target, key)) {
      return { ...base, access: 'left as it was', written: false, createdDirs: [] };
    }
    throw new Error(
      `${target} already exists with different content; refusing to overwrite it. ` +
        'Remove it first or choose another key-file path.',
    );
  }
  const createdDirs = withoutKept(await missingParentDirs(target), keptDirs(context.home));
  return { ...base, access: accessOf(platform), written: true, createdDirs };
}

function isWindows(platform: KeyFilePlatform) {
  return (platform.platform ?? process.platform) === 'win32';
}

/** Who can read the file, for the log. */
function accessOf(platform: KeyFilePlatform) {
  return isWindows(platform)
    ? `readable only by ${platform.account ?? currentAccount()}`
    : 'mode 0600';
}

/**
 * Carries out a plan: the key appears whole (0600) or not at all; never overwrites, never writes
 * through a link planted in the workspace since the first look.
 */
export async function applyKeyFile(
  plan: KeyFilePlan,
  key: string,
  context: PathContext,
  platform: KeyFilePlatform = {},
) {
  if (!plan.written) return;
  const createdDirs = await createParentDirs(plan.path, keptDirs(context.home));
  try {
    await refuseWorkspaceLinks(plan.path, context.workspace);
    const beforeWrite = async (temp: string) => {
      await confirmNoLinkFollowed(temp, context.workspace);
      // Mode 0600 means nothing on NTFS: the ACL is narrowed while the file is still empty.
      if (isWindows(platform)) {
        const account = platform.account ?? currentAccount();
        await restrictToAccount(temp, { runner: platform.runner, account, shownAs: plan.path });
      }
    };
    const options = { temp: plan.temp, mode: 0o600, createOnly: true, beforeWrite };
    await writeFileAtomically(plan.path, key, options);
  } catch (error) {
    await removeDirsIfEmpty(createdDirs);
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const message = `${plan.path} appeared while the key was being written; refusing to overwrite it.`;
    throw new Error(message, { cause: error });
  }
}

/** Plans and writes in one go, for callers that journal nothing. */
export async function writeKeyFile(
  requestedPath: string,
  key: string,
  context: PathContext,
  platform: KeyFilePlatform = {},
): Promise<WriteKeyFileResult> {
  const plan = await planKeyFile(requestedPath, key, context, platform);
  await applyKeyFile(plan, key, context, platform);
  const { path, access, written, createdDirs } = plan;
  return { path, access, written, createdDirs };
}

export type RemoveFileOutcome = 'removed' | 'missing' | 'not-a-file' | 'not-ours';

/**
 * Deletes a key file this action wrote, only if it still holds exactly what was written
 * (`sha256`); a symlink, a directory or other content in its place is left alone.
 */
export async function removeKeyFile(file: string, sha256?: string): Promise<RemoveFileOutcome> {
  const stats = await statOrUndefined(file);
  if (!stats) return 'missing';
  if (!stats.isFile()) return 'not-a-file';
  if (sha256 !== undefined && contentHash(await readFile(file, 'utf8')) !== sha256) {
    return 'not-ours';
  }
  await unlink(file);
  return 'removed';
}

/** Deletes a temp file of ours that a killed step left; true when one was there. */
export async function removeTempFile(temp: string) {
  const stats = await statOrUndefined(temp);
  if (!stats?.isFile()) return false;
  await unlink(temp);
  return true;
}
