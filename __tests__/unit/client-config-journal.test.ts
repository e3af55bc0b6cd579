import { describe, expect, it } from 'vitest';
import { isJournalEntry } from '../../src/delivery/journal.js';
import { type CleanupBounds, outOfBounds } from '../../src/delivery/journal-bounds.js';
import type { JournalEntry } from '../../src/delivery/journal-types.js';

type BlockEntry = Extract<JournalEntry, { kind: 'config-block-added' }>;
type DirEntry = Extract<JournalEntry, { kind: 'temp-dir-created' }>;
const BLOCK: BlockEntry = {
  kind: 'config-block-added',
  which: 'ssh',
  path: '/home/u/.ssh/config',
  stepId: '0123456789ab',
  createdFile: false,
  createdDirs: [],
  temp: '/home/u/.ssh/.config.0123456789abcdef.tmp',
};
const GIT: BlockEntry = { ...BLOCK, which: 'git', path: '/home/u/.gitconfig', temp: undefined };
const DIR: DirEntry = { kind: 'temp-dir-created', dir: '/runner/temp/tcssh-0123456789ab' };

const BOUNDS: CleanupBounds = {
  knownHostsFiles: [],
  socketBases: ['/runner/temp', '/tmp'],
  authSocks: [],
  sshConfigFiles: ['/home/u/.ssh/config', '/root/.ssh/config'],
  gitConfigFiles: ['/home/u/.gitconfig'],
};

describe('isJournalEntry: the ssh client configuration entries', () => {
  it.each<[string, unknown, boolean]>([
    ['an ssh block', BLOCK, true],
    ['a git block with the line break it added', { ...GIT, separator: '\r\n' }, true],
    ['our public key directory', DIR, true],
    ['another kind of file', { ...BLOCK, which: 'bashrc' }, false],
    ['a relative path', { ...BLOCK, path: '.ssh/config' }, false],
    ['a step id not of ours', { ...BLOCK, stepId: '../../etc' }, false],
    ['a step id in capitals', { ...BLOCK, stepId: '0123456789AB' }, false],
    ['a separator that is text', { ...GIT, separator: 'x' }, false],
    ['createdFile as text', { ...BLOCK, createdFile: 'no' }, false],
    ['a relative directory', { ...DIR, dir: 'tcssh-0123456789ab' }, false],
  ])('%s: %s', (_name, value, valid) => expect(isJournalEntry(value)).toBe(valid));
});

describe('outOfBounds: the ssh client configuration entries', () => {
  const block = (extra: object) => ({ ...BLOCK, ...extra }) as JournalEntry;
  it.each<[string, JournalEntry, RegExp | undefined]>([
    ['ssh config in $HOME', BLOCK, undefined],
    [
      'ssh config in the passwd home',
      block({ path: '/root/.ssh/config', temp: undefined }),
      undefined,
    ],
    ['git config in $HOME', GIT, undefined],
    ['git config in the passwd home', { ...GIT, path: '/root/.gitconfig' }, /not a git config/],
    [
      'git config as the ssh config',
      block({ path: '/home/u/.gitconfig', temp: undefined }),
      /not an ssh config/,
    ],
    ['ssh config as the git config', { ...GIT, path: '/home/u/.ssh/config' }, /not a git config/],
    [
      'known_hosts as ssh config',
      block({ path: '/home/u/.ssh/known_hosts', temp: undefined }),
      /not an ssh config/,
    ],
    [
      'a foreign temp',
      block({ temp: '/home/u/.ssh/.other.0123456789abcdef.tmp' }),
      /not a temp file/,
    ],
    ['a created dir that is not a parent', block({ createdDirs: ['/etc'] }), /not a parent/],
    ['our key dir under the temp dir', { ...DIR, dir: '/tmp/tcssh-0123456789ab' }, undefined],
    ['our key dir', DIR, undefined],
    [
      'a dir elsewhere',
      { ...DIR, dir: '/home/u/tcssh-0123456789ab' },
      /not a directory of this action's/,
    ],
    [
      'a dir of another name',
      { ...DIR, dir: '/runner/temp/work' },
      /not a directory of this action's/,
    ],
    ['a nested dir', { ...DIR, dir: '/runner/temp/x/tcssh-0123456789ab' }, /not a directory/],
  ])('%s', (_name, entry, expected) => {
    const reason = outOfBounds(entry, BOUNDS);
    if (expected) expect(reason).toMatch(expected);
    else expect(reason).toBeUndefined();
  });

  it('honours no config entry when the bounds name no config files', () => {
    const bounds = { ...BOUNDS, sshConfigFiles: undefined, gitConfigFiles: undefined };
    expect(outOfBounds(BLOCK, bounds)).toMatch(/not an ssh config/);
    expect(outOfBounds(GIT, bounds)).toMatch(/not a git config/);
  });
});
