import { mkdir, readFile, rmdir, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { tempPathFor, writeFileAtomically } from './atomic-file.js';
import { appendBlock, prependBlock, removeBlock } from './config-block.js';
import {
  createFile,
  createParentDirs,
  missingParentDirs,
  statOrUndefined,
  withoutKept,
} from './fs-safe.js';

// ssh's config and the global git config on disk: each edit (add and undo) replaces the whole
// file atomically, keeping its mode and owner, so a kill at any instant leaves old or new. Files
// are read and written as latin1, one char a byte, so bytes that are not UTF-8 survive as they
// were; our own lines (UTF-8) are turned into that form before they go in.

const BYTES = 'latin1';
const asBytes = (line: string) => Buffer.from(line, 'utf8').toString(BYTES);

/** ssh's per-user config for a home (ssh's passwd home, not $HOME). */
export function sshConfigFile(home: string) {
  return path.join(home, '.ssh', 'config');
}

/** The global git config for `$HOME`, as `git config --global` writes it. */
export function gitConfigFile(home: string) {
  return path.join(home, '.gitconfig');
}

export interface BlockPlan {
  path: string;
  stepId: string;
  /** The whole new content: the old text with our block in it. */
  text: string;
  separator?: '\n' | '\r\n';
  createdFile: boolean;
  createdDirs: string[];
  temp: string;
  mode: number;
  owner?: { uid: number; gid: number };
}

export interface BlockRequest {
  file: string;
  stepId: string;
  lines: readonly string[];
  /** ssh reads the first value it finds: prepend; git reads the last: append. */
  where: 'start' | 'end';
  /** Permission bits of a file we create. */
  newMode: number;
  /** Directories never reported as created (home, ~/.ssh), so never removed. */
  keep: readonly string[];
}

/** What adding the block will change; nothing is written. A symlink in its place is refused. */
export async function planBlock(request: BlockRequest): Promise<BlockPlan> {
  const { file, stepId } = request;
  const lines = request.lines.map(asBytes);
  const existing = await statOrUndefined(file);
  if (existing && !existing.isFile()) {
    throw new Error(`${file} is not a regular file (a symlink?); refusing to edit it.`);
  }
  const current = existing ? await readFile(file, BYTES) : '';
  const inserted =
    request.where === 'start'
      ? prependBlock(current, stepId, lines)
      : appendBlock(current, stepId, lines);
  const missing = existing ? [] : await missingParentDirs(file);
  return {
    path: file,
    stepId,
    text: inserted.text,
    ...(inserted.separator ? { separator: inserted.separator } : {}),
    createdFile: !existing,
    createdDirs: withoutKept(missing, request.keep),
    temp: tempPathFor(file),
    mode: existing ? existing.mode & 0o7777 : request.newMode,
    ...(existing ? { owner: { uid: existing.uid, gid: existing.gid } } : {}),
  };
}

export async function applyBlock(plan: BlockPlan, keep: readonly string[]) {
  if (plan.createdFile) await createParentDirs(plan.path, keep);
  await writeFileAtomically(plan.path, plan.text, {
    temp: plan.temp,
    mode: plan.mode,
    owner: plan.owner,
    createOnly: plan.createdFile,
    encoding: BYTES,
  });
}

export type RemoveBlockResult =
  { outcome: 'removed' | 'deleted-file' | 'missing' } | { outcome: 'left'; reason: string };

/**
 * Takes our block (`stepId`) out of `file` and nothing else. A file this step created is deleted
 * when nothing else remains; a file whose markers were edited away is left as it is.
 */
export async function removeBlockFromFile(
  file: string,
  stepId: string,
  options: { createdFile: boolean; separator?: string },
): Promise<RemoveBlockResult> {
  const stats = await statOrUndefined(file);
  if (!stats) return { outcome: 'missing' };
  if (!stats.isFile()) return { outcome: 'left', reason: 'it is no longer a regular file' };
  const result = removeBlock(await readFile(file, BYTES), stepId, options.separator);
  if ('problem' in result) return { outcome: 'left', reason: result.problem };
  if (options.createdFile && result.text === '') {
    await unlink(file);
    return { outcome: 'deleted-file' };
  }
  await writeFileAtomically(file, result.text, {
    mode: stats.mode & 0o7777,
    owner: { uid: stats.uid, gid: stats.gid },
    encoding: BYTES,
  });
  return { outcome: 'removed' };
}

/** The private directory of one step's public key, and the file ssh's IdentityFile names. */
export function publicKeyDir(base: string, stepId: string) {
  return path.join(base, `tcssh-${stepId}`);
}

const PUBLIC_KEY_NAME = 'id.pub';
/** Mode certificate's certificate beside it, named as ssh-keygen names one. */
const CERTIFICATE_NAME = 'id-cert.pub';

export const PUBLIC_KEY_DIR_NAME = /^tcssh-[0-9a-f]{12}$/;

/**
 * Creates the directory (0700; it must not exist) and the public key in it (0600), and the
 * certificate when there is one.
 */
export async function writePublicKey(dir: string, publicKey: string, certificate?: string) {
  if (!PUBLIC_KEY_DIR_NAME.test(path.basename(dir))) throw new Error(`bad directory ${dir}`);
  await mkdir(dir, { mode: 0o700 });
  const file = path.join(dir, PUBLIC_KEY_NAME);
  await createFile(file, `${publicKey.trim()}\n`);
  if (!certificate) return { file };
  const certificateFile = path.join(dir, CERTIFICATE_NAME);
  await createFile(certificateFile, `${certificate.trim()}\n`);
  return { file, certificateFile };
}

export type RemoveDirOutcome = 'removed' | 'missing' | 'not-a-dir' | 'not-empty';

/** Removes our public key file and its directory; anything else in there keeps the directory. */
export async function removePublicKeyDir(dir: string): Promise<RemoveDirOutcome> {
  const stats = await statOrUndefined(dir);
  if (!stats) return 'missing';
  if (!stats.isDirectory()) return 'not-a-dir';
  // unlink never follows a link: a link planted in our place goes, its target stays.
  for (const name of [PUBLIC_KEY_NAME, CERTIFICATE_NAME]) {
    const file = path.join(dir, name);
    if (await statOrUndefined(file)) await unlink(file);
  }
  try {
    await rmdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTEMPTY') return 'not-empty';
    throw error;
  }
  return 'removed';
}
