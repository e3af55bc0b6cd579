// ssh, and the action after it, find ssh's files through the passwd entry of the account, never
// through $HOME. A job must therefore not run with this machine's own passwd entry: the action
// would write known_hosts into the real ~/.ssh. nss_wrapper (the cwrap project's LD_PRELOAD
// library, Debian package libnss-wrapper) answers getpwuid() from a passwd file of ours, so each
// job's process sees an account whose passwd home is the job's temp home, as on a GitHub-hosted
// runner, where HOME and the passwd home are one directory.
import { existsSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

const MULTIARCH: Partial<Record<NodeJS.Architecture, string>> = {
  x64: 'x86_64-linux-gnu',
  arm64: 'aarch64-linux-gnu',
};

/** Where Debian, Fedora and others install the library. */
function nssWrapperPath(): string | undefined {
  const multiarch = MULTIARCH[process.arch];
  const dirs = [...(multiarch ? [`/usr/lib/${multiarch}`] : []), '/usr/lib64', '/usr/lib'];
  return dirs.map((dir) => join(dir, 'libnss_wrapper.so')).find((file) => existsSync(file));
}

export const NO_PASSWD_HOME =
  'libnss_wrapper.so not found: run scripts/setup.sh (apt-get install libnss-wrapper; Linux ' +
  "only). Without it this step's known_hosts would go to this machine's real ~/.ssh.";

/** Inputs whose files go to ssh's home: a job without a passwd home of its own refuses them. */
export const SSH_HOME_INPUTS = ['known-hosts', 'ssh-host', 'ssh-jump-host', 'git-repositories'];

/**
 * Writes a passwd and a group file in `dir` that give the current account the passwd home
 * `home`, and returns the environment that makes a process read them; undefined without
 * nss_wrapper (macOS, or not installed).
 */
export function passwdHomeEnv(dir: string, home: string): Record<string, string> | undefined {
  const library = nssWrapperPath();
  if (!library) return undefined;
  const { uid, gid, username } = userInfo();
  const passwd = join(dir, 'passwd');
  const group = join(dir, 'group');
  writeFileSync(passwd, `${username}:x:${uid}:${gid}:harness account:${home}:/bin/sh\n`);
  writeFileSync(group, `harness:x:${gid}:\n`);
  return { LD_PRELOAD: library, NSS_WRAPPER_PASSWD: passwd, NSS_WRAPPER_GROUP: group };
}
