import { describe, expect, it } from 'vitest';
import { childEnv } from '../../src/process.js';

const STEP_ENV = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/runner',
  'INPUT_SECRET-KEY': 'canary-input',
  TENCENTCLOUD_SECRET_KEY: 'canary-cloud',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'canary-oidc',
  ACTIONS_RUNTIME_TOKEN: 'canary-runtime',
  SSH_AUTH_SOCK: '/step.sock',
  SSH_ASKPASS: '/usr/bin/askpass',
  DISPLAY: ':0',
};

const WINDOWS_ENV = {
  Path: 'C:\\Windows\\System32',
  SYSTEMROOT: 'C:\\Windows',
  windir: 'C:\\Windows',
  PATHEXT: '.COM;.EXE',
  ProgramData: 'C:\\ProgramData',
  USERPROFILE: 'C:\\Users\\runner',
  'INPUT_SECRET-KEY': 'canary-input',
  ACTIONS_RUNTIME_TOKEN: 'canary-runtime',
};

describe('childEnv', () => {
  it.each([
    ['POSIX, nothing asked', STEP_ENV, 'linux', {}, { PATH: '/usr/bin:/bin' }],
    [
      'POSIX, socket asked',
      STEP_ENV,
      'darwin',
      { SSH_AUTH_SOCK: '/mine.sock' },
      { PATH: '/usr/bin:/bin', SSH_AUTH_SOCK: '/mine.sock' },
    ],
    ['no PATH at all', { HOME: '/root' }, 'linux', {}, {}],
    [
      'Windows: PATH and the system variables, names matched case-insensitively',
      WINDOWS_ENV,
      'win32',
      { SSH_AUTH_SOCK: '\\\\.\\pipe\\openssh-ssh-agent' },
      {
        PATH: 'C:\\Windows\\System32',
        SystemRoot: 'C:\\Windows',
        windir: 'C:\\Windows',
        PATHEXT: '.COM;.EXE',
        ProgramData: 'C:\\ProgramData',
        USERPROFILE: 'C:\\Users\\runner',
        SSH_AUTH_SOCK: '\\\\.\\pipe\\openssh-ssh-agent',
      },
    ],
    ['POSIX ignores Windows names', WINDOWS_ENV, 'linux', {}, {}],
  ] as const)('%s', (_name, base, platform, vars, expected) => {
    expect(childEnv({ ...vars }, { base: { ...base }, platform })).toEqual(expected);
  });

  it('never copies the step environment by default', () => {
    const env = childEnv();
    expect(Object.keys(env).every((name) => name === 'PATH')).toBe(true);
  });
});
