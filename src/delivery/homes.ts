import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The two homes a step can have. OpenSSH finds `~/.ssh/known_hosts` and `~/.ssh/config` through
 * the passwd entry of the user it runs as and never reads `$HOME`; a shell's `~` (and so a path
 * the user names) follows `$HOME`. Container jobs set HOME=/github/home while ssh, as root, reads
 * /root/.ssh: files written for ssh must go to ssh's home, or ssh never sees them.
 */
export interface Homes {
  /** `$HOME` (else the OS's idea of home): where `~` in an input points. */
  home: string;
  /** The home directory of the account's passwd entry: where ssh reads its own files. */
  sshHome: string;
}

/** What the homes are read from, so tests can play any account and environment. */
export interface HomeSources {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** The passwd entry's home directory; throws when the account has none. */
  passwdHome(): string;
  /** The OS's home when `$HOME` is unset. */
  osHome(): string;
}

const realSources: HomeSources = {
  env: process.env,
  platform: process.platform,
  passwdHome: () => os.userInfo().homedir,
  osHome: () => os.homedir(),
};

/** Reads both homes. Without a usable passwd entry (or on Windows) ssh's home is `home`. */
export function resolveHomes(sources: HomeSources = realSources): Homes {
  const home = path.resolve(sources.env.HOME || sources.osHome());
  // OpenSSH for Windows reads %USERPROFILE%\.ssh, which is what os.homedir() answers there.
  if (sources.platform === 'win32') return { home, sshHome: path.resolve(sources.osHome()) };
  let passwdHome = '';
  try {
    passwdHome = sources.passwdHome();
  } catch {
    // An arbitrary uid without a passwd entry (some container setups): ssh falls back likewise.
  }
  return { home, sshHome: path.isAbsolute(passwdHome) ? path.resolve(passwdHome) : home };
}

/** The log line that says where each kind of file goes when the two homes differ. */
export function homesNote(homes: Homes): string | undefined {
  if (homes.home === homes.sshHome) return undefined;
  return (
    `HOME is ${homes.home} but ssh reads its own files from ${homes.sshHome} (the home of this ` +
    `account's passwd entry): known-hosts lines go to ${path.join(homes.sshHome, '.ssh')}, ` +
    `while ~ in key-file follows HOME.`
  );
}
