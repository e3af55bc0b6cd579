import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addKnownHosts,
  removeDirsIfEmpty,
  removeKeyFile,
  removeKnownHostsLines,
  resolveUserPath,
  writeKeyFile,
} from '../../src/delivery/files.js';

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-real-key-body\n-----END OPENSSH PRIVATE KEY-----\n';
const HOST_A =
  'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const HOST_B =
  '[git.example.com]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

let root: string;
let home: string;
let workspace: string;

const mode = (file: string) => statSync(file).mode & 0o777;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'files-test-'));
  home = path.join(root, 'home');
  workspace = path.join(root, 'workspace');
  mkdirSync(home);
  mkdirSync(workspace);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The error a promise rejects with; fails the test if it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(Error);
  return outcome as Error;
}

describe('resolveUserPath', () => {
  it.each([
    ['~', (h: string) => h],
    ['~/.ssh/id', (h: string) => path.join(h, '.ssh', 'id')],
    ['keys/id', (_h: string, w: string) => path.join(w, 'keys', 'id')],
    ['/abs/key', () => '/abs/key'],
  ])('resolves %s', (requested, expected) => {
    expect(resolveUserPath(requested, { home, workspace })).toBe(expected(home, workspace));
  });

  it.each(['', '  ', '~other/key'])('rejects %j', (requested) => {
    expect(() => resolveUserPath(requested, { home, workspace })).toThrow();
  });
});

describe('writeKeyFile', () => {
  it('writes a 0600 file and creates missing parents with 0700, except ~/.ssh itself', async () => {
    const result = await writeKeyFile('~/.ssh/deploy/id_rsa', KEY, { home, workspace });
    const target = path.join(home, '.ssh', 'deploy', 'id_rsa');
    expect(result).toEqual({
      path: target,
      access: 'mode 0600',
      written: true,
      createdDirs: [path.dirname(target)],
    });
    expect(readFileSync(target, 'utf8')).toBe(KEY);
    expect(mode(target)).toBe(0o600);
    expect(mode(path.join(home, '.ssh'))).toBe(0o700);
    expect(mode(path.dirname(target))).toBe(0o700);
  });

  it('resolves a relative path against the workspace and records every directory it made', async () => {
    const result = await writeKeyFile('a/b/key', KEY, { home, workspace });
    expect(result.path).toBe(path.join(workspace, 'a', 'b', 'key'));
    expect(result.createdDirs).toEqual([path.join(workspace, 'a'), path.join(workspace, 'a', 'b')]);
  });

  it('leaves an identical existing file alone', async () => {
    const target = path.join(workspace, 'key');
    writeFileSync(target, KEY, { mode: 0o600 });
    expect(await writeKeyFile(target, KEY, { home, workspace })).toEqual({
      path: target,
      access: 'left as it was',
      written: false,
      createdDirs: [],
    });
  });

  it('refuses a different existing file, naming the path but not the content', async () => {
    const target = path.join(workspace, 'key');
    writeFileSync(target, 'OTHER-CONTENT');
    const error = await rejectionOf(writeKeyFile(target, KEY, { home, workspace }));
    expect(error.message).toContain(target);
    expect(error.message).not.toContain('OTHER-CONTENT');
    expect(error.message).not.toContain('not-a-real-key-body');
    expect(readFileSync(target, 'utf8')).toBe('OTHER-CONTENT');
  });

  it.each([
    ['an existing file', 'POINTEE'],
    ['nothing (dangling)', undefined],
  ])('refuses a symlink pointing to %s and never writes through it', async (_, content) => {
    const pointee = path.join(root, 'pointee');
    if (content !== undefined) writeFileSync(pointee, content);
    const link = path.join(workspace, 'key');
    symlinkSync(pointee, link);
    await expect(writeKeyFile(link, KEY, { home, workspace })).rejects.toThrow(
      /a symbolic link inside the workspace/,
    );
    // Outside the workspace the link is refused too, as something that is not a regular file.
    const homeLink = path.join(home, 'key');
    symlinkSync(pointee, homeLink);
    await expect(writeKeyFile(homeLink, KEY, { home, workspace })).rejects.toThrow(
      /not a regular file/,
    );
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(existsSync(pointee) ? readFileSync(pointee, 'utf8') : undefined).toBe(content);
  });

  it('refuses a directory in the way', async () => {
    mkdirSync(path.join(workspace, 'key'));
    await expect(writeKeyFile('key', KEY, { home, workspace })).rejects.toThrow(
      /not a regular file/,
    );
  });
});

describe('removeKeyFile', () => {
  it.each([
    ['removed', (file: string) => writeFileSync(file, KEY)],
    ['missing', () => undefined],
    ['not-a-file', (file: string) => symlinkSync('/etc/hostname', file)],
  ])('reports %s', async (outcome, prepare) => {
    const file = path.join(workspace, 'key');
    prepare(file);
    expect(await removeKeyFile(file)).toBe(outcome);
    expect(existsSync(file)).toBe(outcome === 'not-a-file');
  });
});

describe('removeDirsIfEmpty', () => {
  it('removes empty directories innermost first, keeps non-empty and protected ones', async () => {
    const a = path.join(root, 'a');
    const b = path.join(a, 'b');
    const kept = path.join(root, 'kept');
    mkdirSync(b, { recursive: true });
    mkdirSync(kept);
    expect(await removeDirsIfEmpty([a, b, kept], [kept])).toEqual([b, a]);
    expect(existsSync(kept)).toBe(true);
  });

  it('keeps a directory that something else put a file in', async () => {
    const a = path.join(root, 'a');
    mkdirSync(a);
    writeFileSync(path.join(a, 'theirs'), 'x');
    expect(await removeDirsIfEmpty([a])).toEqual([]);
    expect(existsSync(a)).toBe(true);
  });
});

describe('addKnownHosts / removeKnownHostsLines', () => {
  const knownHosts = () => path.join(home, '.ssh', 'known_hosts');

  it('creates ~/.ssh (0700) and known_hosts (0600), and the round trip deletes only the file', async () => {
    const added = await addKnownHosts([HOST_A, HOST_B], { home });
    expect(added).toEqual({
      path: knownHosts(),
      added: [HOST_A, HOST_B],
      createdFile: true,
      createdDirs: [],
    });
    expect(mode(path.join(home, '.ssh'))).toBe(0o700);
    expect(mode(knownHosts())).toBe(0o600);
    expect(readFileSync(knownHosts(), 'utf8')).toBe(`${HOST_A}\n${HOST_B}\n`);

    const removed = await removeKnownHostsLines(knownHosts(), added.added, true);
    expect(removed).toEqual({ removed: [HOST_A, HOST_B], missing: [], deletedFile: true });
    expect(existsSync(knownHosts())).toBe(false);
    expect(existsSync(path.join(home, '.ssh'))).toBe(true);
  });

  // A file without a final newline gets one as the separator before our lines; it stays.
  it.each([
    [
      'with a final newline',
      '# mine\nother.host ssh-rsa AAAA\n',
      '# mine\nother.host ssh-rsa AAAA\n',
    ],
    [
      'without a final newline',
      '# mine\nother.host ssh-rsa AAAA',
      '# mine\nother.host ssh-rsa AAAA\n',
    ],
    [
      'with CRLF endings',
      '# mine\r\nother.host ssh-rsa AAAA\r\n',
      '# mine\r\nother.host ssh-rsa AAAA\r\n',
    ],
    ['already holding one of the lines', `${HOST_A}\n`, `${HOST_A}\n`],
  ])('appends only new lines to an existing file %s and restores it', async (_, before, after) => {
    mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
    writeFileSync(knownHosts(), before, { mode: 0o644 });
    const added = await addKnownHosts([HOST_A, HOST_B, HOST_B], { home });
    expect(added.createdFile).toBe(false);
    expect(added.added).toEqual(before.includes(HOST_A) ? [HOST_B] : [HOST_A, HOST_B]);
    expect(readFileSync(knownHosts(), 'utf8').split(HOST_B).length).toBe(2);

    const removed = await removeKnownHostsLines(knownHosts(), added.added, false);
    expect(removed).toEqual({ removed: added.added, missing: [], deletedFile: false });
    expect(readFileSync(knownHosts(), 'utf8')).toBe(after);
    expect(mode(knownHosts())).toBe(0o644);
  });

  it('adds nothing and creates nothing when every line is present', async () => {
    mkdirSync(path.join(home, '.ssh'));
    writeFileSync(knownHosts(), `${HOST_A}\n`);
    expect(await addKnownHosts([HOST_A], { home })).toEqual({
      path: knownHosts(),
      added: [],
      createdFile: false,
      createdDirs: [],
    });
  });

  it('refuses a symlinked known_hosts', async () => {
    mkdirSync(path.join(home, '.ssh'));
    symlinkSync(path.join(root, 'elsewhere'), knownHosts());
    await expect(addKnownHosts([HOST_A], { home })).rejects.toThrow(/not a regular file/);
  });

  it('keeps a file it created when someone else added lines too', async () => {
    const added = await addKnownHosts([HOST_A], { home });
    writeFileSync(knownHosts(), `${readFileSync(knownHosts(), 'utf8')}theirs ssh-rsa AAAA\n`);
    const removed = await removeKnownHostsLines(knownHosts(), added.added, true);
    expect(removed.deletedFile).toBe(false);
    expect(readFileSync(knownHosts(), 'utf8')).toBe('theirs ssh-rsa AAAA\n');
  });

  it('reports lines that are gone and a file that is gone', async () => {
    const added = await addKnownHosts([HOST_A], { home });
    writeFileSync(knownHosts(), '');
    expect(await removeKnownHostsLines(knownHosts(), added.added)).toEqual({
      removed: [],
      missing: [HOST_A],
      deletedFile: false,
    });
    rmSync(knownHosts());
    expect((await removeKnownHostsLines(knownHosts(), [HOST_A])).missing).toEqual([HOST_A]);
  });
});
