// A real account for tests that must run a job and ssh as someone whose passwd home is not the
// machine's: created with useradd (root only, as CI runs), its home under a temp dir, and deleted
// with userdel -r. Nothing of the machine's own accounts is ever touched.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  linkSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface Account {
  name: string;
  uid: number;
  gid: number;
  /** The home directory of its passwd entry. */
  home: string;
  /** A directory everyone can traverse, for files the account must reach (a node binary). */
  shared: string;
  remove(): void;
}

const canCreateAccounts = (): boolean => process.platform === 'linux' && process.getuid?.() === 0;

/**
 * Tests that need a throwaway account skip only on a developer's non-root machine; in CI (which
 * runs as root) they never skip, and a missing account fails them.
 */
export const accountsUnavailable = (): boolean => !canCreateAccounts() && !process.env.CI;

/** A test fixture: a throwaway account for one test, removed when the test ends. */
// eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from the pattern
export async function accountFixture({}, { onCleanup }: { onCleanup(fn: () => void): void }) {
  const account = createAccount();
  onCleanup(() => account.remove());
  return account;
}

const idOf = (flag: '-u' | '-g', name: string) =>
  Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());

function createAccount(): Account {
  const name = `tk-${randomBytes(4).toString('hex')}`;
  const root = mkdtempSync(join(tmpdir(), 'tk-account-'));
  chmodSync(root, 0o755);
  const home = join(root, 'home');
  execFileSync('useradd', ['-m', '-d', home, '-s', '/bin/sh', '-U', name], { stdio: 'ignore' });
  return {
    name,
    uid: idOf('-u', name),
    gid: idOf('-g', name),
    home,
    shared: root,
    remove() {
      try {
        execFileSync('userdel', ['-r', name], { stdio: 'ignore' });
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/** `bin` where the account can run it: a hard link (or copy) in the account's shared dir. */
export function reachableBinary(bin: string, account: Account): string {
  const target = join(account.shared, basename(bin));
  try {
    linkSync(bin, target);
  } catch {
    copyFileSync(bin, target);
    chmodSync(target, 0o755);
  }
  return target;
}

/** Hands a directory tree (symbolic links excepted) to another account. */
export function chownTree(dir: string, uid: number, gid: number): void {
  chownSync(dir, uid, gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isSymbolicLink()) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) chownTree(path, uid, gid);
    else chownSync(path, uid, gid);
  }
}
