/**
 * One change the main step made to the runner, in the order it was made.
 * The post step undoes the entries in reverse order.
 */
export type JournalEntry =
  /** This step started an agent; post kills it by PID and removes its socket directory. */
  | { kind: 'agent-started'; pid: number; socket: string; socketDir: string }
  /** This step added a key to an agent it did not start; post removes only that key. */
  | { kind: 'key-added'; socket: string; publicKey: string }
  /** This step wrote a key file that did not exist; post deletes it. Dirs it created are removed if empty. */
  | { kind: 'file-written'; path: string; createdDirs: string[] }
  /** This step appended these lines to a known_hosts file; post removes exactly them. */
  | {
      kind: 'known-hosts-added';
      path: string;
      lines: string[];
      createdFile: boolean;
      createdDirs: string[];
    };
