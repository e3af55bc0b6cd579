// The tests must never touch the real home of the account that runs them (ssh reads ~/.ssh from
// the passwd entry, git reads $HOME). This global setup fingerprints what the tools would read
// there before the run and fails the run if anything changed by its end.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

const WATCHED = ['.ssh', '.gitconfig', '.config/git'];

function fingerprint(path: string): string {
  if (!existsSync(path)) return 'absent';
  const stats = statSync(path);
  if (!stats.isDirectory()) {
    return createHash('sha256').update(readFileSync(path)).digest('hex') + `:${stats.mode}`;
  }
  const children = readdirSync(path).sort();
  return `dir:${stats.mode}[${children.map((name) => `${name}=${fingerprint(join(path, name))}`).join(',')}]`;
}

/** What the run must leave as it found it: ssh's home (passwd) and git's ($HOME). */
export function realHomeState(): Record<string, string> {
  const homes = new Set([userInfo().homedir, process.env.HOME ?? userInfo().homedir]);
  const state: Record<string, string> = {};
  for (const home of homes) {
    for (const name of WATCHED) state[join(home, name)] = fingerprint(join(home, name));
  }
  return state;
}

export default function setup(): () => void {
  const before = realHomeState();
  return () => {
    const after = realHomeState();
    const changed = Object.keys(before).filter((path) => before[path] !== after[path]);
    if (changed.length === 0) return;
    // A teardown error alone does not fail a vitest run: set the exit code as well.
    process.exitCode = 1;
    throw new Error(`The tests changed the real home: ${changed.join(', ')}. Find the test.`);
  };
}
