import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const core = vi.hoisted(() => ({ info: vi.fn(), warning: vi.fn() }));
vi.mock('@actions/core', () => ({
  info: core.info,
  warning: core.warning,
  debug: () => undefined,
  saveState: () => undefined,
  getState: () => '',
  getInput: () => '',
}));

import { configureClients } from '../../src/delivery/client-config.js';
import { type CleanupDeps, realCleanupDeps } from '../../src/delivery/cleanup-deps.js';
import { Journal, type JournalEntry } from '../../src/delivery/journal.js';
import { undoAll } from '../../src/delivery/undo.js';
import type { Settings } from '../../src/settings/settings.js';

const PUBLIC_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeFakeFakeFakeFakeFakeFakeFakeFakeFake test';
const BASE = {
  sshHosts: [{ alias: 'prod', hostName: '10.0.0.5', user: 'deploy', port: 2222 }],
  jumpHost: { hostName: 'bastion.example.com' },
  gitRepositories: [{ host: 'github.com', owner: 'acme', repo: 'app' }],
} as unknown as Settings;

let root: string;
let home: string;
let sshHome: string;
let temp: string;
const sshConfig = () => path.join(sshHome, '.ssh', 'config');
const gitConfig = () => path.join(home, '.gitconfig');

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'client-config-'));
  [home, sshHome, temp] = ['home', 'passwd-home', 'runner-temp'].map((name) => {
    mkdirSync(path.join(root, name));
    return path.join(root, name);
  });
  vi.clearAllMocks();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function configure(settings: Settings, journal: Journal, stepId: string, agent = true) {
  const identity = agent ? { agent } : { agent, keyFile: path.join(home, 'keys', 'id') };
  const context = { env: { RUNNER_TEMP: temp }, homes: { home, sshHome }, stepId };
  return configureClients(settings, PUBLIC_KEY, journal, identity, context);
}

function deps(): CleanupDeps & { warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    info: () => undefined,
    warning: (m: string) => warnings.push(m),
    debug: () => undefined,
  };
  const bounds = {
    knownHostsFiles: [],
    socketBases: [temp],
    authSocks: [],
    sshConfigFiles: [sshConfig()],
    gitConfigFiles: [gitConfig()],
  };
  return { ...realCleanupDeps(), logger, bounds, warnings };
}

function sshG(alias: string) {
  const result = spawnSync('ssh', ['-G', '-F', sshConfig(), alias], { encoding: 'utf8' });
  return result.stdout;
}

describe('configureClients', () => {
  it('writes the public key, ssh config and git config, journaled first, and undoes them', async () => {
    const journal = new Journal(() => undefined);
    const result = await configure(BASE, journal, '0123456789ab');
    const keyDir = path.join(temp, 'tcssh-0123456789ab');
    expect(result?.identityFile).toBe(path.join(keyDir, 'id.pub'));
    expect(readFileSync(result!.identityFile, 'utf8')).toBe(`${PUBLIC_KEY}\n`);
    expect(statSync(keyDir).mode & 0o777).toBe(0o700);
    expect(statSync(result!.identityFile).mode & 0o777).toBe(0o600);
    expect(statSync(sshConfig()).mode & 0o777).toBe(0o600);
    expect(journal.entries.map((e) => e.kind)).toEqual([
      'temp-dir-created',
      'config-block-added',
      'config-block-added',
    ]);
    expect(sshG('prod')).toContain(`identityfile ${result!.identityFile}\n`);
    expect(sshG('prod')).toContain('proxyjump tcssh-jump-0123456789ab\n');
    expect(readFileSync(gitConfig(), 'utf8')).toContain('insteadOf = git@github.com:acme/app\n');
    expect(core.info.mock.calls.map(([m]) => m)).toEqual([
      expect.stringContaining(`Wrote the public key ssh offers from the agent to ${keyDir}`),
      expect.stringMatching(
        new RegExp(`^Added Host prod, tcssh-jump-0123456789ab .*to ${sshConfig()}`),
      ),
      expect.stringContaining(`to ${gitConfig()} for github.com/acme/app`),
    ]);

    const d = deps();
    expect(await undoAll(journal.entries, d)).toBe(0);
    expect(d.warnings).toEqual([]);
    expect([keyDir, sshConfig(), gitConfig()].filter(existsSync)).toEqual([]);
    expect(existsSync(path.join(sshHome, '.ssh'))).toBe(true);
  });

  it('journals each change before it is made', async () => {
    const seen: string[] = [];
    const journal = new Journal((_, value) => {
      const last = (JSON.parse(value) as JournalEntry[]).at(-1)!;
      if (last.kind === 'temp-dir-created') seen.push(`dir exists: ${existsSync(last.dir)}`);
      if (last.kind === 'config-block-added') {
        const text = existsSync(last.path) ? readFileSync(last.path, 'utf8') : '';
        seen.push(`${last.which} block present: ${text.includes(last.stepId)}`);
      }
    });
    await configure(BASE, journal, 'cccccccccccc');
    expect(seen).toEqual([
      'dir exists: false',
      'ssh block present: false',
      'git block present: false',
    ]);
  });

  it('names the key file without an agent, and writes no public key', async () => {
    const journal = new Journal(() => undefined);
    const result = await configure(
      { ...BASE, gitRepositories: [] },
      journal,
      'aaaaaaaaaaaa',
      false,
    );
    expect(result?.identityFile).toBe(path.join(home, 'keys', 'id'));
    expect(result?.gitConfig).toBeUndefined();
    expect(journal.entries.map((e) => e.kind)).toEqual(['config-block-added']);
    expect(existsSync(gitConfig())).toBe(false);
  });

  it('refuses, naming the input, with neither the agent nor a key file', async () => {
    const journal = new Journal(() => undefined);
    const identity = { agent: false };
    const context = { env: { RUNNER_TEMP: temp }, homes: { home, sshHome } };
    await expect(configureClients(BASE, PUBLIC_KEY, journal, identity, context)).rejects.toThrow(
      /^Input 'ssh-host': ssh needs the key from the agent/,
    );
  });

  it('does nothing without ssh-host or git-repositories', async () => {
    const journal = new Journal(() => undefined);
    const none = { ...BASE, sshHosts: [], gitRepositories: [] };
    expect(await configure(none, journal, 'bbbbbbbbbbbb')).toBeUndefined();
    expect(journal.entries).toEqual([]);
  });

  it.each([
    ['files with content', 'Host old\n  User me\n', '[user]\n\tname = me\n'],
    ['files without a trailing newline, CRLF', 'Host old\r\n  User me', '[user]\r\n\tname = me'],
    ['empty files', '', ''],
  ])('two calls, two undos in reverse order: %s come back byte for byte', async (_n, ssh, git) => {
    mkdirSync(path.join(sshHome, '.ssh'), { mode: 0o700 });
    writeFileSync(sshConfig(), ssh, { mode: 0o640 });
    writeFileSync(gitConfig(), git, { mode: 0o600 });
    const first = new Journal(() => undefined);
    const second = new Journal(() => undefined);
    await configure(BASE, first, '111111111111');
    const other = {
      ...BASE,
      gitRepositories: [{ host: 'github.com', owner: 'acme', repo: 'lib' }],
    };
    await configure(other, second, '222222222222');
    expect(sshG('prod')).toContain('proxyjump tcssh-jump-222222222222\n');
    expect(await undoAll(second.entries, deps())).toBe(0);
    expect(await undoAll(first.entries, deps())).toBe(0);
    expect(readFileSync(sshConfig(), 'utf8')).toBe(ssh);
    expect(readFileSync(gitConfig(), 'utf8')).toBe(git);
    expect(statSync(sshConfig()).mode & 0o777).toBe(0o640);
    expect(statSync(gitConfig()).mode & 0o777).toBe(0o600);
  });

  it('keeps bytes that are not UTF-8, and writes a UTF-8 path as UTF-8', async () => {
    mkdirSync(path.join(sshHome, '.ssh'), { mode: 0o700 });
    const original = Buffer.from([
      0x23, 0x20, 0xe9, 0xff, 0x0a, 0x48, 0x6f, 0x73, 0x74, 0x20, 0x78,
    ]);
    writeFileSync(sshConfig(), original);
    const journal = new Journal(() => undefined);
    const unicodeTemp = path.join(temp, 'tëmp');
    mkdirSync(unicodeTemp);
    const context = { env: { RUNNER_TEMP: unicodeTemp }, homes: { home, sshHome } };
    const settings = { ...BASE, gitRepositories: [] };
    await configureClients(settings, PUBLIC_KEY, journal, { agent: true }, context);
    const pub = sshG('prod').match(/^identityfile (.*)$/m)?.[1];
    expect(pub && readFileSync(pub, 'utf8')).toBe(`${PUBLIC_KEY}\n`);
    expect(readFileSync(sshConfig()).subarray(-original.length)).toEqual(original);
    expect(
      await undoAll(journal.entries, {
        ...deps(),
        bounds: { ...deps().bounds, socketBases: [unicodeTemp] },
      }),
    ).toBe(0);
    expect(readFileSync(sshConfig())).toEqual(original);
  });

  it('warns and leaves a file whose markers the user edited away', async () => {
    const journal = new Journal(() => undefined);
    await configure(BASE, journal, '333333333333');
    const edited = readFileSync(sshConfig(), 'utf8').replace(/^# >>> .*\n/m, '');
    writeFileSync(sshConfig(), edited);
    const d = deps();
    expect(await undoAll(journal.entries, d)).toBe(0);
    expect(readFileSync(sshConfig(), 'utf8')).toBe(edited);
    expect(d.warnings).toEqual([
      expect.stringMatching(/^Left .*config as it is: .*because its marker lines are not there/),
    ]);
    expect(existsSync(gitConfig())).toBe(false);
  });

  it('refuses a symlink in the place of the ssh config', async () => {
    mkdirSync(path.join(sshHome, '.ssh'));
    spawnSync('ln', ['-s', '/etc/hostname', sshConfig()]);
    const journal = new Journal(() => undefined);
    await expect(configure(BASE, journal, '444444444444')).rejects.toThrow(
      /^Input 'ssh-host': .*config is not a regular file/,
    );
  });
});
