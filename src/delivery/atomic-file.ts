import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, open, rename, unlink } from 'node:fs/promises';
import * as path from 'node:path';

// Writes that a kill at any instant leaves whole: the target holds either the old or the new
// content, never a half-written file. A temp file in the same directory, then a rename (or a
// link, which never overwrites).

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW;
const TEMP_SUFFIX = /^\.(.+)\.[0-9a-f]{16}\.tmp$/;

/** `.<name>.<16 hex>.tmp` beside `file`: a name of our own, so the post step can recognise it. */
export function tempPathFor(file: string) {
  const name = `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`;
  return path.join(path.dirname(file), name);
}

/** Whether `temp` is a name tempPathFor(file) could have produced. */
export function isTempPathFor(temp: string, file: string) {
  if (path.dirname(temp) !== path.dirname(file)) return false;
  return TEMP_SUFFIX.exec(path.basename(temp))?.[1] === path.basename(file);
}

export interface AtomicWriteOptions {
  /** The temp file to use (journaled by the caller before this call); tempPathFor(file) if unset. */
  temp?: string;
  /** Permission bits of the new file; the caller passes the old file's when replacing it. */
  mode: number;
  /** The old file's owner, kept when we can (root editing another user's file). */
  owner?: { uid: number; gid: number };
  /** Fail with EEXIST instead of replacing an existing file. */
  createOnly?: boolean;
  /** How `text` becomes bytes; `latin1` writes each char as one byte (a file read as latin1). */
  encoding?: 'utf8' | 'latin1';
  /** Runs on the empty temp file before the text is written (a last check, a tighter ACL). */
  beforeWrite?: (temp: string) => Promise<void>;
}

/** Replaces (or creates) `file` with `text` so that a kill at any instant leaves old or new. */
export async function writeFileAtomically(file: string, text: string, options: AtomicWriteOptions) {
  const temp = options.temp ?? tempPathFor(file);
  // O_EXCL: a temp that is already there is not ours, and is neither used nor removed.
  const handle = await open(temp, CREATE_NEW, options.mode);
  try {
    try {
      await handle.chmod(options.mode);
      if (options.owner) await keepOwner(handle, options.owner);
      await options.beforeWrite?.(temp);
      await handle.writeFile(text, options.encoding ?? 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.createOnly) await link(temp, file);
    else await rename(temp, file);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function keepOwner(
  handle: Awaited<ReturnType<typeof open>>,
  owner: { uid: number; gid: number },
) {
  const uid = process.getuid?.();
  if (uid === undefined || (uid === owner.uid && process.getgid?.() === owner.gid)) return;
  await handle.chown(owner.uid, owner.gid).catch(() => undefined);
}
