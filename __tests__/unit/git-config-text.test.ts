import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendBlock } from '../../src/delivery/config-block.js';
import { gitConfigLines, insteadOfUrls, rewrittenUrl } from '../../src/delivery/git-config-text.js';
import { gitAlias } from '../../src/delivery/ssh-config-text.js';
import type { GitRepository } from '../../src/settings/settings.js';

const STEP = 'abcdefabcdef';
const APP: GitRepository = { host: 'github.com', owner: 'acme', repo: 'app' };
const GHE: GitRepository = { host: 'ghe.example.com', owner: 'team', repo: 'lib' };

// Git runs in a home of its own (never the real one), without the system config, and reaches
// "ssh" through a stub that records its arguments and fails: no network is ever used.
const home = mkdtempSync(path.join(os.tmpdir(), 'git-config-text-'));
const record = path.join(home, 'ssh-args');
const stub = path.join(home, 'ssh-stub');
writeFileSync(stub, `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\nexit 1\n`);
chmodSync(stub, 0o755);
afterAll(() => rmSync(home, { recursive: true, force: true }));

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1' };
  return { ...env, GIT_SSH_COMMAND: stub, GIT_TERMINAL_PROMPT: '0', GIT_ALLOW_PROTOCOL: 'ssh' };
}

/** The ssh host and remote command git asked for, or the error when it never ran ssh. */
function lsRemote(url: string) {
  rmSync(record, { force: true });
  const result = spawnSync('git', ['ls-remote', url], { env: gitEnv(), encoding: 'utf8' });
  if (!existsSync(record)) return { error: result.stderr };
  const args = readFileSync(record, 'utf8').trim().split('\n');
  return { host: args.at(-2), command: args.at(-1) };
}

describe('gitConfigLines', () => {
  it('writes one url section per repository with the three URL forms', () => {
    expect(gitConfigLines([APP])).toEqual([
      `[url "${rewrittenUrl(APP)}"]`,
      '\tinsteadOf = https://github.com/acme/app',
      '\tinsteadOf = git@github.com:acme/app',
      '\tinsteadOf = ssh://git@github.com/acme/app',
    ]);
  });

  it('rewrites to the alias of the repository', () => {
    expect(rewrittenUrl(APP)).toBe(`git@${gitAlias(APP)}:acme/app`);
  });

  it('puts an IPv6 host in brackets in the URLs', () => {
    expect(insteadOfUrls({ host: '::1', owner: 'o', repo: 'r' })).toEqual([
      'https://[::1]/o/r',
      'git@[::1]:o/r',
      'ssh://git@[::1]/o/r',
    ]);
  });

  it('refuses a value that would leave its line', () => {
    expect(() => gitConfigLines([{ ...APP, repo: 'a"]\n[core' }])).toThrow(/git config safely/);
  });
});

describe('git with the block in $HOME/.gitconfig', () => {
  writeFileSync(
    path.join(home, '.gitconfig'),
    appendBlock('[user]\n\tname = me', STEP, gitConfigLines([APP, GHE])).text,
  );

  it.each([
    ['https://github.com/acme/app', APP, 'acme/app'],
    ['https://github.com/acme/app.git', APP, 'acme/app.git'],
    ['git@github.com:acme/app.git', APP, 'acme/app.git'],
    ['ssh://git@github.com/acme/app', APP, 'acme/app'],
    ['https://ghe.example.com/team/lib', GHE, 'team/lib'],
    ['git@ghe.example.com:team/lib', GHE, 'team/lib'],
  ])('%s goes to its alias', (url, repository, repoPath) => {
    const { host, command } = lsRemote(url);
    expect(host).toBe(`git@${gitAlias(repository)}`);
    expect(command).toBe(`git-upload-pack '${repoPath}'`);
  });

  it.each([
    ['git@github.com:acme/other.git', 'git@github.com'],
    ['ssh://git@github.com/acme/other', 'git@github.com'],
    ['git@ghe.example.com:acme/app', 'git@ghe.example.com'],
  ])('%s, another repository, is not rewritten', (url, expected) => {
    expect(lsRemote(url).host).toBe(expected);
  });

  it('an https URL of another repository stays https (git refuses it here, never ssh)', () => {
    expect(lsRemote('https://github.com/acme/other').error).toMatch(
      /transport 'https' not allowed/,
    );
  });

  it('insteadOf matches prefixes: acme/app-tools goes to the alias of acme/app (documented)', () => {
    expect(lsRemote('https://github.com/acme/app-tools').host).toBe(`git@${gitAlias(APP)}`);
  });

  it('git reads the file as valid config, our lines included', () => {
    const result = spawnSync('git', ['config', '--global', '--get-regexp', 'insteadof'], {
      env: gitEnv(),
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(6);
  });
});
