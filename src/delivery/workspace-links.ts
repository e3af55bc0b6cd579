import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { statOrUndefined } from './fs-safe.js';

// The workspace holds what the repository checked out, and a pull request can plant a symbolic
// link there (think pull_request_target): `key-file: keys/deploy` with `keys -> /elsewhere` must
// not put the key in /elsewhere. Links outside the workspace are the machine owner's, not ours.

/** Each path from just below the workspace root down to `target`; empty when it is outside. */
export function pathsBelow(workspace: string, target: string): string[] {
  const root = path.resolve(workspace);
  const relative = path.relative(root, path.resolve(target));
  const outside =
    relative === '' ||
    relative === '..' ||
    relative.startsWith(`..${path.sep}`) ||
    path.isAbsolute(relative);
  if (outside) return [];
  const parts = relative.split(path.sep);
  return parts.map((_, index) => path.join(root, ...parts.slice(0, index + 1)));
}

/** The first symbolic link on the way down from the workspace to `target`, if any. */
export async function firstLinkBelow(workspace: string, target: string) {
  for (const candidate of pathsBelow(workspace, target)) {
    const stats = await statOrUndefined(candidate);
    if (!stats) return undefined;
    if (stats.isSymbolicLink()) return candidate;
  }
  return undefined;
}

function workspaceLinkMessage(target: string, link: string, workspace: string) {
  return (
    `${target} passes through ${link}, a symbolic link inside the workspace (${workspace}); ` +
    'refusing to write the key through it. A checked-out repository can plant links there: ' +
    'choose a path outside the workspace, such as ~/.ssh/deploy_key, or one without links.'
  );
}

/** Throws when a symbolic link inside the workspace lies on the way to `target`. */
export async function refuseWorkspaceLinks(target: string, workspace: string | undefined) {
  if (!workspace) return;
  const link = await firstLinkBelow(workspace, target);
  if (link) throw new Error(workspaceLinkMessage(target, link, path.resolve(workspace)));
}

/**
 * After `file` was created: its directory must really be where its path says. A link swapped in
 * after the last check would have led the open elsewhere; the caller then removes the (still
 * empty) file before anything is written to it.
 */
export async function confirmNoLinkFollowed(file: string, workspace: string | undefined) {
  if (!workspace || pathsBelow(workspace, file).length === 0) return;
  const root = path.resolve(workspace);
  const dir = path.dirname(path.resolve(file));
  const expected = path.join(await realpath(root), path.relative(root, dir));
  if ((await realpath(dir)) === expected) return;
  const link = (await firstLinkBelow(root, dir)) ?? dir;
  throw new Error(workspaceLinkMessage(file, link, root));
}
