import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({
  info: vi.fn(),
  setOutput: vi.fn(),
  exportVariable: vi.fn(),
  saveState: vi.fn(),
}));

// ssh's home is the test's $HOME, never this account's real passwd home.
vi.mock('../../src/delivery/homes.js', async (original) => ({
  ...(await original<typeof import('../../src/delivery/homes.js')>()),
  resolveHomes: () => ({ home: process.env.HOME!, sshHome: process.env.HOME! }),
}));

import { deliverKey, prepareAgent } from '../../src/delivery/deliver.js';
import { Journal, type JournalEntry } from '../../src/delivery/journal.js';
import type { Settings } from '../../src/settings/settings.js';

// Write-ahead: every change is in the journal before it is made, so a step killed between the
// two leaves nothing the post step does not know about. Each record is checked against the disk
// at the moment it is saved.

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'delivery-journal-'));
  vi.stubEnv('HOME', path.join(root, 'home'));
  vi.stubEnv('RUNNER_TEMP', root);
  vi.stubEnv('SSH_AUTH_SOCK', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

function keyPair() {
  const file = path.join(root, 'k');
  spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'k', '-f', file]);
  const privateKey = readFileSync(file, 'utf8');
  const publicKey = readFileSync(`${file}.pub`, 'utf8').trim();
  rmSync(file);
  rmSync(`${file}.pub`);
  return { privateKey, publicKey };
}

/** A journal that, at each save, records what the disk looked like for the newest entry. */
function watchingJournal(seen: string[]) {
  const journal: Journal = new Journal((_, value) => {
    const entries = JSON.parse(value) as JournalEntry[];
    const last = entries.at(-1)!;
    if (last.kind === 'file-written') seen.push(`key file exists: ${existsSync(last.path)}`);
    if (last.kind === 'known-hosts-added') {
      const text = existsSync(last.path) ? readFileSync(last.path, 'utf8') : '';
      seen.push(`line present: ${text.includes(last.lines[0]!)}`);
    }
    if (last.kind === 'agent-started' && last.pid === undefined) {
      seen.push(`socket dir exists: ${existsSync(last.socketDir)}`);
    }
  });
  return journal;
}

describe('the journal is written ahead of every change', () => {
  it('records the key file and the known_hosts line before they exist', async () => {
    const key = keyPair();
    const seen: string[] = [];
    const journal = watchingJournal(seen);
    const settings = {
      sshAgent: false,
      keyFile: '~/.ssh/keys/deploy',
      knownHosts: [`h.example ${key.publicKey.split(' ').slice(0, 2).join(' ')}`],
      outputPrivateKey: false,
      sshHosts: [],
      gitRepositories: [],
    } as unknown as Settings;
    await deliverKey(settings, key, journal, undefined);
    expect(seen).toEqual(['key file exists: false', 'line present: false']);
    const written = journal.entries[0] as Extract<JournalEntry, { kind: 'file-written' }>;
    expect(existsSync(written.path)).toBe(true);
    expect(readdirSync(path.dirname(written.path))).toEqual(['deploy']);
  });

  it('records the agent socket before its directory or the agent exists', async () => {
    const seen: string[] = [];
    const journal = watchingJournal(seen);
    const agent = await prepareAgent({ sshAgent: true } as Settings, journal);
    try {
      expect(seen).toEqual(['socket dir exists: false']);
      expect(journal.entries).toEqual([
        {
          kind: 'agent-started',
          socket: agent?.socket,
          socketDir: agent?.socketDir,
          pid: agent?.pid,
        },
      ]);
    } finally {
      if (agent?.pid) process.kill(agent.pid, 'SIGTERM');
    }
  });
});
