import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const core = vi.hoisted(() => ({
  state: new Map<string, string>(),
  info: vi.fn(),
  warning: vi.fn(),
  debug: vi.fn(),
}));
vi.mock('@actions/core', () => ({
  getState: (name: string) => core.state.get(name) ?? '',
  saveState: (name: string, value: string) => core.state.set(name, value),
  info: core.info,
  warning: core.warning,
  debug: core.debug,
  getInput: (name: string) => (process.env[`INPUT_${name.toUpperCase()}`] ?? '').trim(),
}));

import { addKey } from '../../src/delivery/agent-keys.js';
import { ensureAgent, isAgentLive } from '../../src/delivery/agent.js';
import { type CleanupDeps, realBounds, realCleanupDeps } from '../../src/delivery/cleanup-deps.js';
import { undoAll } from '../../src/delivery/undo.js';
import { run } from '../../src/post.js';
import { State } from '../../src/constants.js';
import { addKnownHosts, contentHash, writeKeyFile } from '../../src/delivery/files.js';
import type { JournalEntry } from '../../src/delivery/journal-types.js';

const AGENT: JournalEntry = {
  kind: 'agent-started',
  pid: 4242,
  socket: '/r/ssh-agent-abcdef/agent.sock',
  socketDir: '/r/ssh-agent-abcdef',
};
const KEY: JournalEntry = {
  kind: 'key-added',
  socket: '/r/s.sock',
  publicKey: 'ssh-rsa AAAA skey-1',
};
const FILE: JournalEntry = {
  kind: 'file-written',
  path: '/w/k/id',
  createdDirs: ['/w/k'],
  sha256: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
};
const BOUNDS = {
  keyFile: '/w/k/id',
  knownHostsFiles: ['/h/.ssh/known_hosts'],
  socketBases: ['/r'],
  authSocks: ['/r/s.sock'],
};
const HOSTS: JournalEntry = {
  kind: 'known-hosts-added',
  path: '/h/.ssh/known_hosts',
  lines: ['h ssh-ed25519 AAAA'],
  createdFile: true,
  createdDirs: ['/h'],
};

/** Fake deps that record every call in order; `overrides` change single behaviours. */
function fakeDeps(entries: unknown, overrides: Partial<CleanupDeps> = {}) {
  const calls: string[] = [];
  const logs = { info: [] as string[], warning: [] as string[] };
  const deps: CleanupDeps = {
    getState: () => JSON.stringify(entries),
    bounds: BOUNDS,
    logger: {
      info: (m) => logs.info.push(m),
      warning: (m) => logs.warning.push(m),
      debug: () => undefined,
    },
    stopAgent: async (pid) => (
      calls.push(`stop ${pid}`),
      { outcome: 'stopped', socketDirRemoved: true }
    ),
    stopAdder: async (pid) => (calls.push(`kill-adder ${pid}`), false),
    isAgentLive: async () => true,
    removeKey: async (socket) => (calls.push(`remove-key ${socket}`), 'removed'),
    removeKeyFile: async (file) => (calls.push(`rm ${file}`), 'removed'),
    removeTempFile: async (file) => (calls.push(`rm-temp ${file}`), false),
    sleep: async (ms) => void calls.push(`sleep ${ms}`),
    removeKnownHostsLines: async (file, lines) => {
      calls.push(`hosts ${file}`);
      return { removed: [...lines], missing: [], deletedFile: true };
    },
    removeConfigBlock: async (file) => (calls.push(`block ${file}`), { outcome: 'removed' }),
    removePublicKeyDir: async (dir) => (calls.push(`rm-dir ${dir}`), 'removed'),
    removeDirsIfEmpty: async (dirs) => (calls.push(`rmdir ${dirs.join(',')}`), [...dirs]),
    ...overrides,
  };
  return { deps, calls, logs };
}

beforeEach(() => {
  core.state.clear();
  vi.clearAllMocks();
});

describe('cleanup with fake deps', () => {
  it('undoes the journal in reverse order, one info line per change', async () => {
    const { deps, calls, logs } = fakeDeps([AGENT, KEY, FILE, HOSTS]);
    await run(deps);
    expect(calls).toEqual([
      'hosts /h/.ssh/known_hosts',
      'rmdir /h',
      'rm /w/k/id',
      'rmdir /w/k',
      'remove-key /r/s.sock',
      'stop 4242',
    ]);
    expect(logs.warning).toEqual([]);
    expect(logs.info).toEqual([
      'Removed 1 line(s) this step added to /h/.ssh/known_hosts.',
      'Deleted /h/.ssh/known_hosts, which this step created.',
      'Removed the empty directory /h, which this step created.',
      'Deleted the key file /w/k/id.',
      'Removed the empty directory /w/k, which this step created.',
      'Removed the ssh-rsa key (skey-1) from the agent at /r/s.sock.',
      'Stopped ssh-agent (PID 4242) at /r/ssh-agent-abcdef/agent.sock.',
      'Removed the agent socket directory /r/ssh-agent-abcdef (if it was there).',
    ]);
  });

  it('turns each failure into a warning and still undoes the rest', async () => {
    const { deps, calls, logs } = fakeDeps([AGENT, FILE], {
      removeKeyFile: async () => {
        throw new Error('EACCES: permission denied');
      },
    });
    await expect(run(deps)).resolves.toBeUndefined();
    expect(logs.warning).toEqual([
      'Could not undo the key file /w/k/id: EACCES: permission denied',
    ]);
    expect(calls).toEqual(['stop 4242']);
  });

  it('warns instead of throwing when even reading the state fails', async () => {
    const { deps, logs } = fakeDeps([], {
      getState: () => {
        throw new Error('boom');
      },
    });
    await expect(run(deps)).resolves.toBeUndefined();
    expect(logs.warning).toEqual(['Cleanup failed unexpectedly: boom']);
  });

  it.each([
    ['an empty journal', [], /^Nothing to clean up/, 'info'],
    ['a corrupt journal', 'not json', /not valid JSON/, 'warning'],
  ])('handles %s', async (_, entries, message, level) => {
    const { deps, calls, logs } = fakeDeps(entries);
    if (typeof entries === 'string') deps.getState = () => entries;
    await run(deps);
    expect(calls).toEqual([]);
    expect(logs[level as 'info' | 'warning'].join('\n')).toMatch(message);
  });

  it.each<[string, JournalEntry, Partial<CleanupDeps>, RegExp, 'info' | 'warning']>([
    [
      'a PID taken by another process',
      AGENT,
      {
        stopAgent: async () => ({
          outcome: 'not-our-agent',
          socketDirRemoved: true,
          detail: 'sleep 30',
        }),
      },
      /PID 4242 now belongs to another process \(sleep 30\)/,
      'warning',
    ],
    [
      'an agent that already exited',
      AGENT,
      { stopAgent: async () => ({ outcome: 'not-running', socketDirRemoved: true }) },
      /is not running/,
      'info',
    ],
    [
      'a socket directory that stays',
      AGENT,
      { stopAgent: async () => ({ outcome: 'stopped', socketDirRemoved: false }) },
      /Could not remove the agent socket directory/,
      'warning',
    ],
    ['a reused agent that is gone', KEY, { isAgentLive: async () => false }, /is gone/, 'info'],
    [
      'a key that expired',
      KEY,
      { removeKey: async () => 'not-present' },
      /is not in the agent/,
      'info',
    ],
    [
      'a key file replaced by a symlink',
      FILE,
      { removeKeyFile: async () => 'not-a-file' },
      /left it alone/,
      'warning',
    ],
    [
      'a key file already gone',
      FILE,
      { removeKeyFile: async () => 'missing' },
      /is not there/,
      'info',
    ],
  ])('reports %s', async (_, entry, overrides, message, level) => {
    const { deps, logs } = fakeDeps([entry], overrides);
    await undoAll([entry], deps);
    expect(logs[level].join('\n')).toMatch(message);
  });

  it('kills an unfinished ssh-add, then looks at the agent twice', async () => {
    const entry: JournalEntry = { ...KEY, adderPid: 777 } as JournalEntry;
    const { deps, calls } = fakeDeps([entry], {
      stopAdder: async (pid) => (calls.push(`kill-adder ${pid}`), true),
    });
    await run(deps);
    expect(calls).toEqual([
      'kill-adder 777',
      'remove-key /r/s.sock',
      'sleep 300',
      'remove-key /r/s.sock',
    ]);
  });

  it('acts on no entry outside its bounds: a warning, nothing touched', async () => {
    const { deps, calls, logs } = fakeDeps([AGENT, KEY, FILE, HOSTS], {
      bounds: { knownHostsFiles: [], socketBases: [], authSocks: [] },
    });
    await run(deps);
    expect(calls).toEqual([]);
    expect(logs.warning).toHaveLength(4);
    expect(logs.warning.every((m) => m.startsWith('Cleanup: left '))).toBe(true);
  });

  it('stops an agent whose PID was never recorded, by its socket', async () => {
    const { deps, calls, logs } = fakeDeps([{ ...AGENT, pid: undefined }]);
    await run(deps);
    expect(calls).toEqual(['stop undefined']);
    expect(logs.info[0]).toBe('Stopped ssh-agent at /r/ssh-agent-abcdef/agent.sock.');
  });

  it('does not touch directories when the key file was not a regular file any more', async () => {
    const { deps, calls } = fakeDeps([FILE], { removeKeyFile: async () => 'not-a-file' });
    await run(deps);
    expect(calls).toEqual([]);
  });

  it('keeps created directories when known_hosts was kept', async () => {
    const { deps, calls } = fakeDeps([{ ...HOSTS, createdFile: false }], {
      removeKnownHostsLines: async () => ({ removed: [], missing: ['x'], deletedFile: false }),
    });
    await run(deps);
    expect(calls).toEqual([]);
  });
});

describe('cleanup with the real ssh-agent and file system', () => {
  let root: string;
  const agentPids: number[] = [];

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'cleanup-test-'));
  });

  afterEach(() => {
    for (const pid of agentPids.splice(0)) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    rmSync(root, { recursive: true, force: true });
  });

  function generateKey(name: string) {
    const file = path.join(root, name);
    expect(
      spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]).status,
    ).toBe(0);
    return {
      privateKey: readFileSync(file, 'utf8'),
      publicKey: readFileSync(`${file}.pub`, 'utf8').trim(),
    };
  }

  async function agent() {
    const started = await ensureAgent({ env: {}, runnerTemp: root, note: () => undefined });
    agentPids.push(started.pid ?? 0);
    return started;
  }

  const listKeys = (socket: string) =>
    spawnSync('ssh-add', ['-L'], {
      env: { ...process.env, SSH_AUTH_SOCK: socket },
      encoding: 'utf8',
    }).stdout;

  it('undoes a whole main step: own agent, key in a reused agent, key file, known_hosts', async () => {
    const home = path.join(root, 'home');
    const ours = await agent();
    const reused = await agent();
    const mine = generateKey('mine');
    const theirs = generateKey('theirs');
    await addKey(reused.socket, theirs.privateKey);
    await addKey(reused.socket, mine.privateKey);
    const file = await writeKeyFile('~/.ssh/ci/id', mine.privateKey, { home });
    const sha256 = contentHash(mine.privateKey);
    const hosts = await addKnownHosts([`example.com ${mine.publicKey}`], { home });
    const journal: JournalEntry[] = [
      {
        kind: 'agent-started',
        pid: ours.pid ?? 0,
        socket: ours.socket,
        socketDir: ours.socketDir ?? '',
      },
      { kind: 'key-added', socket: reused.socket, publicKey: mine.publicKey },
      { kind: 'file-written', path: file.path, createdDirs: file.createdDirs, sha256 },
      {
        kind: 'known-hosts-added',
        path: hosts.path,
        lines: hosts.added,
        createdFile: true,
        createdDirs: [],
      },
    ];
    const warnings: string[] = [];
    const deps: CleanupDeps = {
      ...realCleanupDeps(),
      bounds: {
        keyFile: file.path,
        knownHostsFiles: [hosts.path],
        socketBases: [root],
        authSocks: [reused.socket],
      },
      getState: () => JSON.stringify(journal),
      logger: { info: () => undefined, warning: (m) => warnings.push(m), debug: () => undefined },
    };
    await run(deps);

    expect(warnings).toEqual([]);
    expect(await isAgentLive(ours.socket)).toBe(false);
    expect(existsSync(ours.socketDir ?? '')).toBe(false);
    expect(await isAgentLive(reused.socket)).toBe(true);
    expect(listKeys(reused.socket)).toContain(theirs.publicKey.split(' ')[1]);
    expect(listKeys(reused.socket)).not.toContain(mine.publicKey.split(' ')[1]);
    expect(existsSync(file.path)).toBe(false);
    expect(existsSync(path.dirname(file.path))).toBe(false);
    expect(existsSync(hosts.path)).toBe(false);
    expect(existsSync(path.join(home, '.ssh'))).toBe(true);
  });

  it('run() with no arguments reads core state and logs through core', async () => {
    const keyFile = path.join(root, 'id');
    writeFileSync(keyFile, 'x');
    const sha256 = contentHash('x');
    const entry: JournalEntry = { kind: 'file-written', path: keyFile, createdDirs: [], sha256 };
    core.state.set(State.Journal, JSON.stringify([entry]));
    vi.stubEnv('INPUT_KEY-FILE', keyFile);
    await run();
    vi.unstubAllEnvs();
    expect(existsSync(keyFile)).toBe(false);
    expect(core.info).toHaveBeenCalledWith(`Deleted the key file ${keyFile}.`);
    expect(core.warning).not.toHaveBeenCalled();
  });
});

describe('realBounds', () => {
  const env = {
    HOME: '/home/u',
    RUNNER_TEMP: '/runner/temp',
    GITHUB_WORKSPACE: '/work/repo',
    SSH_AUTH_SOCK: '/tmp/agent.sock',
  };

  it.each([
    ['~/.ssh/deploy', '/home/u/.ssh/deploy'],
    ['keys/deploy', '/work/repo/keys/deploy'],
    ['/abs/id', '/abs/id'],
    ['', undefined],
    ['~other/id', undefined],
  ])('key-file %j bounds the key file to %j', (input, expected) => {
    vi.stubEnv('INPUT_KEY-FILE', input);
    try {
      expect(realBounds(env, 'linux').keyFile).toBe(expected);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('takes sockets and homes from its own environment', () => {
    const bounds = realBounds(env, 'linux');
    expect(bounds.socketBases).toEqual(['/runner/temp', os.tmpdir()]);
    expect(bounds.authSocks).toEqual(['/tmp/agent.sock']);
    expect(bounds.knownHostsFiles[0]).toBe('/home/u/.ssh/known_hosts');
    expect(bounds.sshConfigFiles?.[0]).toBe('/home/u/.ssh/config');
    expect(bounds.gitConfigFiles).toEqual(['/home/u/.gitconfig']);
    expect(realBounds({}, 'win32').authSocks).toEqual(['\\\\.\\pipe\\openssh-ssh-agent']);
  });
});

describe('post entry', () => {
  it('turns an unexpected rejection of run() into a warning', async () => {
    vi.resetModules();
    vi.doMock('../../src/post.js', () => ({ run: () => Promise.reject(new Error('surprise')) }));
    await import('../../src/entries/post.js');
    await vi.waitFor(() => expect(core.warning).toHaveBeenCalledWith('Cleanup failed: surprise'));
    vi.doUnmock('../../src/cleanup.js');
  });
});
