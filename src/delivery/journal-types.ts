/**
 * One change the main step makes to the runner, recorded BEFORE it is made: a step killed at any
 * instant leaves an account of everything it may have done. The post step undoes the entries in
 * reverse order, treats an intended change that never happened as done, and acts only within
 * bounds it checks itself (journal-bounds.ts).
 */
export type JournalEntry =
  /**
   * This step starts an agent on `socket` in `socketDir` (a name of its own); `pid` is added once
   * known. Post stops it by PID, or finds it by its socket, and removes the socket directory.
   */
  | { kind: 'agent-started'; socket: string; socketDir: string; pid?: number }
  /**
   * This step adds a key to an agent it did not start; post removes only that key. `adderPid` is
   * the ssh-add that may still be running: post kills it before it checks the agent.
   */
  | { kind: 'key-added'; socket: string; publicKey: string; adderPid?: number }
  /**
   * This step writes a key file that did not exist, via `temp`. Post deletes it only if it is the
   * file the inputs name and it still hashes to `sha256`. Dirs it created are removed if empty.
   */
  | { kind: 'file-written'; path: string; createdDirs: string[]; sha256?: string; temp?: string }
  /** This step appends these lines to a known_hosts file (via `temp`); post removes exactly them. */
  | {
      kind: 'known-hosts-added';
      path: string;
      lines: string[];
      createdFile: boolean;
      createdDirs: string[];
      temp?: string;
    }
  /**
   * This step adds its marked block (`stepId`) to ssh's config or the global git config (via
   * `temp`); post removes exactly that block, and the line break in `separator` it put after a
   * last line that had none. A file it created is deleted when nothing else remains in it.
   */
  | {
      kind: 'config-block-added';
      which: 'ssh' | 'git';
      path: string;
      stepId: string;
      createdFile: boolean;
      createdDirs: string[];
      temp?: string;
      separator?: '\n' | '\r\n';
    }
  /** This step creates a private directory of its own (the public key for IdentityFile). */
  | { kind: 'temp-dir-created'; dir: string };
