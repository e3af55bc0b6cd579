import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFile } from '../../src/delivery/fs-safe.js';
import {
  confirmNoLinkFollowed,
  firstLinkBelow,
  pathsBelow,
  refuseWorkspaceLinks,
} from '../../src/delivery/workspace-links.js';

describe('pathsBelow', () => {
  it.each([
    ['/w', '/w/keys/deploy', ['/w/keys', '/w/keys/deploy']],
    ['/w/', '/w/a/b/c', ['/w/a', '/w/a/b', '/w/a/b/c']],
    ['/w', '/w/x/../keys/deploy', ['/w/keys', '/w/keys/deploy']],
    ['/w', '/w/..key', ['/w/..key']],
    ['/w', '/w', []],
    ['/w', '/', []],
    ['/w', '/work/key', []],
    ['/w', '/w/../elsewhere/key', []],
    ['/w', '/home/runner/.ssh/key', []],
  ])('below %s on the way to %s: %j', (workspace, target, expected) => {
    expect(pathsBelow(workspace, target)).toEqual(expected);
  });
});

describe('on disk', () => {
  let root: string;
  let workspace: string;
  let elsewhere: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'links-test-'));
    workspace = path.join(root, 'workspace');
    elsewhere = path.join(root, 'elsewhere');
    mkdirSync(workspace);
    mkdirSync(elsewhere);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds the first link on the way, and none when the path has none', async () => {
    mkdirSync(path.join(workspace, 'a'));
    symlinkSync(elsewhere, path.join(workspace, 'a', 'b'));
    const target = path.join(workspace, 'a', 'b', 'c', 'key');
    expect(await firstLinkBelow(workspace, target)).toBe(path.join(workspace, 'a', 'b'));
    expect(await firstLinkBelow(workspace, path.join(workspace, 'a', 'new', 'key'))).toBe(
      undefined,
    );
  });

  it('does not care about the workspace root itself being a link', async () => {
    const linkedRoot = path.join(root, 'linked-workspace');
    symlinkSync(workspace, linkedRoot);
    await expect(
      refuseWorkspaceLinks(path.join(linkedRoot, 'key'), linkedRoot),
    ).resolves.toBeUndefined();
    await expect(
      confirmNoLinkFollowed(path.join(linkedRoot, 'key'), linkedRoot),
    ).resolves.toBeUndefined();
  });

  it('refuses a link inside the workspace; without a workspace, nothing', async () => {
    symlinkSync(elsewhere, path.join(workspace, 'keys'));
    const target = path.join(workspace, 'keys', 'deploy');
    await expect(refuseWorkspaceLinks(target, undefined)).resolves.toBeUndefined();
    await expect(refuseWorkspaceLinks(target, workspace)).rejects.toThrow(
      `${target} passes through ${path.join(workspace, 'keys')}, a symbolic link inside the workspace`,
    );
  });

  it('at write time: a link planted after the check leaves nothing written through it', async () => {
    // The directory was checked while it was real; then it became a link.
    const target = path.join(workspace, 'keys', 'deploy');
    await expect(refuseWorkspaceLinks(target, workspace)).resolves.toBeUndefined();
    symlinkSync(elsewhere, path.join(workspace, 'keys'));
    const write = createFile(target, 'SECRET\n', () => confirmNoLinkFollowed(target, workspace));
    await expect(write).rejects.toThrow(/a symbolic link inside the workspace/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});
