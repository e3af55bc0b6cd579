import { constants } from 'node:fs';
import { chmod, lstat, mkdir, open, rmdir, unlink } from 'node:fs/promises';
import * as path from 'node:path';

// Low-level file operations for files.ts: they never follow a symlink and never overwrite.

// O_NOFOLLOW does not exist on Windows; there O_EXCL alone keeps us off existing links.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW;

/** lstat, so a symlink is reported as itself; undefined when nothing is there. */
export async function statOrUndefined(file: string) {
  try {
    return await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Whether the regular file at `file` holds exactly `expected`. */
export async function hasContent(file: string, expected: string) {
  const handle = await open(file, constants.O_RDONLY | NOFOLLOW);
  try {
    return (await handle.readFile('utf8')) === expected;
  } finally {
    await handle.close();
  }
}

/**
 * Creates `file` (0600) with `content`; a half-written file is deleted, not left behind.
 * `confirm` runs once the empty file exists: when it throws, nothing is written; `beforeWrite`
 * runs next, on the empty file (to tighten its ACL before the content arrives).
 */
export async function createFile(
  file: string,
  content: string,
  confirm: () => Promise<void> = async () => undefined,
  beforeWrite?: (file: string) => Promise<void>,
) {
  const handle = await open(file, CREATE_NEW, 0o600);
  try {
    await confirm();
    await handle.chmod(0o600);
    await beforeWrite?.(file);
    await handle.writeFile(content, 'utf8');
  } catch (error) {
    await unlink(file).catch(() => undefined);
    throw error;
  } finally {
    await handle.close();
  }
}

/** The missing ancestors of `file`, outermost first; nothing is created. */
export async function missingParentDirs(file: string) {
  const missing: string[] = [];
  for (let dir = path.dirname(file); !(await statOrUndefined(dir)); dir = path.dirname(dir)) {
    missing.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  return missing;
}

/**
 * Creates the missing ancestors of `file` with mode 0700. Returns the ones created, outermost
 * first, except those in `keep` (home and ~/.ssh), which must never be removed later.
 */
export async function createParentDirs(file: string, keep: readonly string[] = []) {
  const missing = await missingParentDirs(file);
  const created: string[] = [];
  try {
    for (const dir of missing) {
      await mkdir(dir, { mode: 0o700 });
      created.push(dir);
      await chmod(dir, 0o700);
    }
  } catch (error) {
    await removeDirsIfEmpty(created);
    throw error;
  }
  return withoutKept(missing, keep);
}

export function withoutKept(dirs: readonly string[], keep: readonly string[]) {
  const kept = new Set(keep.map((dir) => path.resolve(dir)));
  return dirs.filter((dir) => !kept.has(dir));
}

/**
 * Removes the given directories, innermost first, when they are empty. `keep` (default: none)
 * is never removed; callers pass ~/.ssh. Returns the directories removed.
 */
export async function removeDirsIfEmpty(dirs: readonly string[], keep: readonly string[] = []) {
  const protectedDirs = new Set(keep.map((dir) => path.resolve(dir)));
  const removed: string[] = [];
  for (const dir of [...dirs].reverse()) {
    if (protectedDirs.has(path.resolve(dir))) continue;
    try {
      await rmdir(dir);
      removed.push(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
  }
  return removed;
}
