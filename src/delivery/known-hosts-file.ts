import { readFile, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { tempPathFor, writeFileAtomically } from './atomic-file.js';
import { createParentDirs, missingParentDirs, statOrUndefined, withoutKept } from './fs-safe.js';
import { appendedText, linesToAdd, removeLines } from '../ssh-key/known-hosts.js';

// known_hosts on disk: every edit (add and undo) replaces the whole file atomically, keeping its
// mode and owner, so a kill at any instant leaves the old or the new content.

/** What adding will change; journaled before the file is touched. */
export interface KnownHostsPlan {
  path: string;
  added: string[];
  createdFile: boolean;
  createdDirs: string[];
  /** The temp file the new content is written to before the rename. */
  temp: string;
  /** The content read when planning, and the file's mode and owner (new file: 0600, ours). */
  currentText: string;
  mode: number;
  owner?: { uid: number; gid: number };
}

export type AddKnownHostsResult = Pick<
  KnownHostsPlan,
  'path' | 'added' | 'createdFile' | 'createdDirs'
>;

/** The known_hosts file this action edits for a given home. */
export function knownHostsFile(home: string) {
  return path.join(home, '.ssh', 'known_hosts');
}

function keptDirs(home: string) {
  return [path.resolve(home), path.join(path.resolve(home), '.ssh')];
}

export async function planKnownHosts(
  lines: readonly string[],
  context: { home: string },
): Promise<KnownHostsPlan> {
  const file = knownHostsFile(context.home);
  const existing = await statOrUndefined(file);
  if (existing && !existing.isFile()) {
    throw new Error(`${file} is not a regular file (a symlink?); refusing to edit it.`);
  }
  const currentText = existing ? await readFile(file, 'utf8') : '';
  const added = linesToAdd(currentText, lines);
  const missing = existing || added.length === 0 ? [] : await missingParentDirs(file);
  return {
    path: file,
    added,
    createdFile: !existing && added.length > 0,
    createdDirs: withoutKept(missing, keptDirs(context.home)),
    temp: tempPathFor(file),
    currentText,
    mode: existing ? existing.mode & 0o7777 : 0o600,
    ...(existing ? { owner: { uid: existing.uid, gid: existing.gid } } : {}),
  };
}

export async function applyKnownHosts(plan: KnownHostsPlan, home: string) {
  if (plan.added.length === 0) return;
  if (plan.createdFile) await createParentDirs(plan.path, keptDirs(home));
  const text = plan.currentText + appendedText(plan.currentText, plan.added);
  await writeFileAtomically(plan.path, text, {
    temp: plan.temp,
    mode: plan.mode,
    owner: plan.owner,
    createOnly: plan.createdFile,
  });
}

/** Appends the lines not already present to ~/.ssh/known_hosts (0600 when created). */
export async function addKnownHosts(
  lines: readonly string[],
  context: { home: string },
): Promise<AddKnownHostsResult> {
  const plan = await planKnownHosts(lines, context);
  await applyKnownHosts(plan, context.home);
  const { path: file, added, createdFile, createdDirs } = plan;
  return { path: file, added, createdFile, createdDirs };
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
    await writeFileAtomically(file, result.text, {
      mode: stats.mode & 0o7777,
      owner: { uid: stats.uid, gid: stats.gid },
    });
  }
  return { removed: result.removed, missing: result.missing, deletedFile: false };
}
