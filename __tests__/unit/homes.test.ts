import { describe, expect, it } from 'vitest';
import { type HomeSources, homesNote, resolveHomes } from '../../src/delivery/homes.js';

const noPasswd = () => {
  throw new Error('uid 1001 has no passwd entry');
};

function sources(overrides: Partial<HomeSources>): HomeSources {
  return {
    env: {},
    platform: 'linux',
    passwdHome: () => '/home/runner',
    osHome: () => '/os-home',
    ...overrides,
  };
}

describe('resolveHomes', () => {
  it.each([
    {
      what: 'a GitHub-hosted runner: one home',
      given: { env: { HOME: '/home/runner' } },
      expected: { home: '/home/runner', sshHome: '/home/runner' },
    },
    {
      what: 'a container job: HOME apart from root’s passwd home',
      given: { env: { HOME: '/github/home' }, passwdHome: () => '/root' },
      expected: { home: '/github/home', sshHome: '/root' },
    },
    {
      what: 'HOME unset: the OS home',
      given: { passwdHome: () => '/root' },
      expected: { home: '/os-home', sshHome: '/root' },
    },
    {
      what: 'no passwd entry: ssh falls back to HOME',
      given: { env: { HOME: '/github/home' }, passwdHome: noPasswd },
      expected: { home: '/github/home', sshHome: '/github/home' },
    },
    {
      what: 'a passwd home that is not absolute is no home',
      given: { env: { HOME: '/h' }, passwdHome: () => '' },
      expected: { home: '/h', sshHome: '/h' },
    },
    {
      what: 'trailing slashes do not make two homes',
      given: { env: { HOME: '/root/' }, passwdHome: () => '/root' },
      expected: { home: '/root', sshHome: '/root' },
    },
  ])('$what', ({ given, expected }) => {
    expect(resolveHomes(sources(given))).toEqual(expected);
  });

  it('on Windows, ssh reads the profile directory, not the passwd entry', () => {
    const homes = resolveHomes(
      sources({ platform: 'win32', env: { HOME: '/h' }, passwdHome: noPasswd }),
    );
    expect(homes.sshHome).toMatch(/os-home$/);
  });
});

describe('homesNote', () => {
  it('says nothing when the homes are one', () => {
    expect(homesNote({ home: '/home/runner', sshHome: '/home/runner' })).toBeUndefined();
  });

  it('says where each kind of file goes when they differ', () => {
    expect(homesNote({ home: '/github/home', sshHome: '/root' })).toBe(
      "HOME is /github/home but ssh reads its own files from /root (the home of this account's " +
        'passwd entry): known-hosts lines go to /root/.ssh, while ~ in key-file follows HOME.',
    );
  });
});
