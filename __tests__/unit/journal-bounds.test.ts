import { describe, expect, it } from 'vitest';
import { type CleanupBounds, outOfBounds } from '../../src/delivery/journal-bounds.js';
import type { JournalEntry } from '../../src/delivery/journal-types.js';

const BOUNDS: CleanupBounds = {
  keyFile: '/home/u/.ssh/keys/deploy',
  knownHostsFiles: ['/home/u/.ssh/known_hosts', '/root/.ssh/known_hosts'],
  socketBases: ['/runner/temp', '/tmp'],
  authSocks: ['/run/user/agent.sock'],
};
const SHA = 'b'.repeat(64);
const agent = (socketDir: string, socket = `${socketDir}/agent.sock`): JournalEntry => ({
  kind: 'agent-started',
  socket,
  socketDir,
});
const keyFile = (path: string, extra: Partial<JournalEntry> = {}): JournalEntry =>
  ({
    kind: 'file-written',
    path,
    createdDirs: [],
    sha256: SHA,
    ...extra,
  }) as JournalEntry;
const hosts = (path: string, extra: Partial<JournalEntry> = {}): JournalEntry =>
  ({
    kind: 'known-hosts-added',
    path,
    lines: ['h ssh-ed25519 AAAA'],
    createdFile: false,
    createdDirs: [],
    ...extra,
  }) as JournalEntry;

describe('outOfBounds', () => {
  it.each<[string, JournalEntry, RegExp | undefined]>([
    ['our socket dir under RUNNER_TEMP', agent('/runner/temp/ssh-agent-a1B2c3'), undefined],
    ['our socket dir under the temp dir', agent('/tmp/ssh-agent-0123456789ab'), undefined],
    ['a socket dir elsewhere', agent('/home/u/ssh-agent-a1B2c3'), /not a socket directory/],
    ['a dir not of our naming', agent('/runner/temp/cache'), /not a socket directory/],
    ['a name too short', agent('/tmp/ssh-agent-x'), /not a socket directory/],
    ['a nested dir', agent('/tmp/ssh-agent-abcdef/deeper'), /not a socket directory/],
    ['a dotted escape', agent('/tmp/../etc/ssh-agent-abcdef'), /not a socket directory/],
    [
      'a socket outside its dir',
      agent('/tmp/ssh-agent-abcdef', '/tmp/other.sock'),
      /not the socket inside/,
    ],
    [
      'a key in the agent SSH_AUTH_SOCK names',
      { kind: 'key-added', socket: '/run/user/agent.sock', publicKey: 'ssh-ed25519 AAAA' },
      undefined,
    ],
    [
      'a key in another agent',
      { kind: 'key-added', socket: '/tmp/x.sock', publicKey: 'ssh-ed25519 AAAA' },
      /not the agent SSH_AUTH_SOCK names/,
    ],
    ['the key file the input names', keyFile('/home/u/.ssh/keys/deploy'), undefined],
    [
      'the key file with its created dir and temp',
      keyFile('/home/u/.ssh/keys/deploy', {
        createdDirs: ['/home/u/.ssh/keys'],
        temp: '/home/u/.ssh/keys/.deploy.0123456789abcdef.tmp',
      }),
      undefined,
    ],
    ['another file', keyFile('/home/u/.bashrc'), /not the file the 'key-file' input names/],
    ['no hash', keyFile('/home/u/.ssh/keys/deploy', { sha256: undefined }), /no content hash/],
    [
      'a temp of another name',
      keyFile('/home/u/.ssh/keys/deploy', {
        temp: '/home/u/.ssh/keys/.other.0123456789abcdef.tmp',
      }),
      /not a temp file/,
    ],
    [
      'a temp elsewhere',
      keyFile('/home/u/.ssh/keys/deploy', { temp: '/tmp/.deploy.0123456789abcdef.tmp' }),
      /not a temp file/,
    ],
    [
      'a created dir that is not a parent',
      keyFile('/home/u/.ssh/keys/deploy', { createdDirs: ['/home/u/work'] }),
      /not a parent directory/,
    ],
    [
      'the file itself as a created dir',
      keyFile('/home/u/.ssh/keys/deploy', { createdDirs: ['/home/u/.ssh/keys/deploy'] }),
      /not a parent directory/,
    ],
    ['known_hosts in $HOME', hosts('/home/u/.ssh/known_hosts'), undefined],
    ['known_hosts in the passwd home', hosts('/root/.ssh/known_hosts'), undefined],
    ['ssh config as known_hosts', hosts('/home/u/.ssh/config'), /not a known_hosts file/],
    ['another known_hosts', hosts('/etc/ssh/ssh_known_hosts'), /not a known_hosts file/],
    [
      'known_hosts with a foreign dir',
      hosts('/home/u/.ssh/known_hosts', { createdDirs: ['/var'] }),
      /not a parent directory/,
    ],
  ])('%s', (_, entry, expected) => {
    const reason = outOfBounds(entry, BOUNDS);
    if (expected) expect(reason).toMatch(expected);
    else expect(reason).toBeUndefined();
  });

  it('honours no key-file entry when the input is unset', () => {
    const bounds = { ...BOUNDS, keyFile: undefined };
    expect(outOfBounds(keyFile('/home/u/.ssh/keys/deploy'), bounds)).toMatch(/key-file/);
  });

  it('honours no key-added entry when SSH_AUTH_SOCK is unset', () => {
    const entry: JournalEntry = { kind: 'key-added', socket: '/s', publicKey: 'ssh-ed25519 AAAA' };
    expect(outOfBounds(entry, { ...BOUNDS, authSocks: [] })).toMatch(/SSH_AUTH_SOCK/);
  });
});
