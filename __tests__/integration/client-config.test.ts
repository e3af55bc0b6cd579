// ssh-host, ssh-jump-host and git-repositories through the bundled action: what the main step
// writes into the job's ssh config and global git config, checked with ssh -G and git, and the
// post step's exact undo. (Logins against a real sshd live in their own test file.)
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { Job } from '../../harness/action-runner.js';
import { describeStep, test } from './kit.js';

const HOSTS = 'prod=deploy@10.0.0.5:2222\nweb.example.com';
const JUMP = 'jump@bastion.example.com:22022';
const REPOS = 'acme/app\nghe.example.com/team/lib.git';

/** `ssh -G alias` as a later step of the job runs it: ssh finds the config in its passwd home. */
function sshG(job: Job, alias: string) {
  const result = spawnSync('ssh', ['-G', alias], { env: job.environment(), encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  const options = new Map<string, string[]>();
  for (const line of result.stdout.split('\n')) {
    const [key = '', ...rest] = line.split(' ');
    options.set(key, [...(options.get(key) ?? []), rest.join(' ')]);
  }
  return options;
}

/** The ssh destination git asks for with `url`, through a stub that records it (no network). */
function gitSshHost(job: Job, url: string) {
  const record = join(job.root, 'ssh-args');
  const stub = join(job.root, 'ssh-stub');
  writeFileSync(stub, `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\nexit 1\n`);
  chmodSync(stub, 0o755);
  writeFileSync(record, '');
  const env = job.environment({
    GIT_SSH_COMMAND: stub,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_ALLOW_PROTOCOL: 'ssh',
    GIT_TERMINAL_PROMPT: '0',
  });
  spawnSync('git', ['ls-remote', url], { env, encoding: 'utf8', cwd: job.root });
  return readFileSync(record, 'utf8').trim().split('\n').at(-2);
}

const sshConfigOf = (job: Job) => join(job.home, '.ssh', 'config');
const gitConfigOf = (job: Job) => join(job.home, '.gitconfig');
const keyDirsOf = (job: Job) => readdirSync(job.runnerTemp).filter((n) => n.startsWith('tcssh-'));

describe('ssh client configuration', () => {
  test('writes both files in the job home; post restores them byte for byte', async ({ kit }) => {
    const record = kit.seed();
    const job = kit.newJob();
    mkdirSync(join(job.home, '.ssh'), { mode: 0o700 });
    const userSsh = 'Host *\r\n  ServerAliveInterval 30\r\n';
    const userGit = '[user]\n\tname = someone';
    writeFileSync(sshConfigOf(job), userSsh, { mode: 0o600 });
    writeFileSync(gitConfigOf(job), userGit, { mode: 0o644 });
    const inputs = { 'ssh-host': HOSTS, 'ssh-jump-host': JUMP, 'git-repositories': REPOS };
    const main = await job.runMain(kit.inputs({ 'secret-name': record.name, ...inputs }));
    expect(main.failed, describeStep(main)).toBe(false);

    const [keyDir] = keyDirsOf(job);
    const pub = join(job.runnerTemp, keyDir!, 'id.pub');
    expect(readFileSync(pub, 'utf8').split(' ').slice(0, 2)).toEqual(
      record.publicKey.split(' ').slice(0, 2),
    );
    const prod = sshG(job, 'prod');
    expect(prod.get('hostname')).toEqual(['10.0.0.5']);
    expect(prod.get('user')).toEqual(['deploy']);
    expect(prod.get('port')).toEqual(['2222']);
    expect(prod.get('identitiesonly')).toEqual(['yes']);
    expect(prod.get('identityfile')?.[0]).toBe(pub);
    const jumpAlias = prod.get('proxyjump')?.[0] ?? '';
    expect(jumpAlias).toMatch(/^tcssh-jump-[0-9a-f]{12}$/);
    const jump = sshG(job, jumpAlias);
    expect([jump.get('hostname'), jump.get('user'), jump.get('port')]).toEqual([
      ['bastion.example.com'],
      ['jump'],
      ['22022'],
    ]);
    expect(jump.get('identityfile')?.[0]).toBe(pub);
    expect(sshG(job, 'web.example.com').get('serveraliveinterval')).toEqual(['30']);

    for (const url of [
      'https://github.com/acme/app',
      'git@github.com:acme/app.git',
      'ssh://git@github.com/acme/app',
    ]) {
      const host = gitSshHost(job, url) ?? '';
      expect(host, url).toMatch(/^git@tcssh-[0-9a-f]{8}\.github\.com$/);
      const alias = sshG(job, host.slice('git@'.length));
      expect(alias.get('hostname')).toEqual(['github.com']);
      expect(alias.get('identityfile')?.[0]).toBe(pub);
    }
    expect(gitSshHost(job, 'git@ghe.example.com:team/lib')).toMatch(/\.ghe\.example\.com$/);
    expect(gitSshHost(job, 'git@github.com:acme/other')).toBe('git@github.com');
    const log = main.stdout;
    expect(log).toContain(`to ${sshConfigOf(job)}, each offering only ${pub}.`);
    expect(log).toContain(
      `to ${gitConfigOf(job)} for github.com/acme/app, ghe.example.com/team/lib`,
    );

    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
    expect(post.commands.warnings).toEqual([]);
    expect(readFileSync(sshConfigOf(job), 'utf8')).toBe(userSsh);
    expect(readFileSync(gitConfigOf(job), 'utf8')).toBe(userGit);
    expect(keyDirsOf(job)).toEqual([]);
  });

  test('two calls, then both post steps in reverse order: everything as it was', async ({
    kit,
  }) => {
    const [one, two] = [kit.seed(), kit.seed()];
    const job = kit.newJob();
    const first = await job.runMain(
      kit.inputs({
        'secret-name': one.name,
        'ssh-host': 'prod=10.0.0.5',
        'git-repositories': 'acme/app',
      }),
    );
    expect(first.failed, describeStep(first)).toBe(false);
    const [sshAfterFirst, gitAfterFirst] = [sshConfigOf(job), gitConfigOf(job)].map((file) =>
      readFileSync(file, 'utf8'),
    );
    const second = await job.runMain(
      kit.inputs({
        'secret-name': two.name,
        'ssh-host': 'stage=10.0.0.6',
        'git-repositories': 'acme/lib',
      }),
    );
    expect(second.failed, describeStep(second)).toBe(false);
    expect(keyDirsOf(job)).toHaveLength(2);
    expect(gitSshHost(job, 'https://github.com/acme/lib')).toMatch(/^git@tcssh-/);
    expect(gitSshHost(job, 'https://github.com/acme/app')).toMatch(/^git@tcssh-/);

    const postTwo = await job.runPost(second);
    expect(postTwo.commands.warnings, describeStep(postTwo)).toEqual([]);
    expect(sshG(job, 'prod').get('hostname')).toEqual(['10.0.0.5']);
    expect(sshG(job, 'stage').get('hostname')).toEqual(['stage']);
    expect(readFileSync(sshConfigOf(job), 'utf8')).toBe(sshAfterFirst);
    expect(readFileSync(gitConfigOf(job), 'utf8')).toBe(gitAfterFirst);
    expect(keyDirsOf(job)).toHaveLength(1);

    const postOne = await job.runPost(first);
    expect(postOne.commands.warnings, describeStep(postOne)).toEqual([]);
    expect(existsSync(sshConfigOf(job))).toBe(false);
    expect(existsSync(gitConfigOf(job))).toBe(false);
    expect(keyDirsOf(job)).toEqual([]);
  });

  test('key-file without the agent: IdentityFile is the key file', async ({ kit }) => {
    const record = kit.seed();
    const job = kit.newJob();
    const inputs = {
      'ssh-agent': 'false',
      'key-file': '~/.ssh/deploy',
      'ssh-host': 'prod=10.0.0.5',
    };
    const main = await job.runMain(kit.inputs({ 'secret-name': record.name, ...inputs }));
    expect(main.failed, describeStep(main)).toBe(false);
    expect(sshG(job, 'prod').get('identityfile')).toEqual([join(job.home, '.ssh', 'deploy')]);
    expect(keyDirsOf(job)).toEqual([]);
    const post = await job.runPost(main);
    expect(post.commands.warnings, describeStep(post)).toEqual([]);
    expect(existsSync(sshConfigOf(job))).toBe(false);
  });

  test('post touches no file the bounds do not allow, whatever the journal says', async ({
    kit,
  }) => {
    const record = kit.seed();
    const job = kit.newJob();
    const main = await job.runMain(
      kit.inputs({ 'secret-name': record.name, 'ssh-agent': 'false' }),
    );
    expect(main.failed, describeStep(main)).toBe(false);
    const block =
      '# >>> tencentcloud-ssh-key-action 0123456789ab >>>\nx\n# <<< tencentcloud-ssh-key-action 0123456789ab <<<\n';
    const bashrc = join(job.home, '.bashrc');
    const elsewhere = join(job.workspace, 'config');
    const kept = join(job.workspace, 'tcssh-0123456789ab');
    for (const file of [bashrc, elsewhere]) writeFileSync(file, block);
    mkdirSync(kept);
    const entry = { stepId: '0123456789ab', createdFile: true, createdDirs: [] };
    const journal = [
      { kind: 'config-block-added', which: 'ssh', path: bashrc, ...entry },
      { kind: 'config-block-added', which: 'git', path: elsewhere, ...entry },
      { kind: 'temp-dir-created', dir: kept },
    ];
    const post = await job.runPost({ ...main, state: { journal: JSON.stringify(journal) } });
    expect(post.exitCode, describeStep(post)).toBe(0);
    expect(post.commands.warnings.map((w) => w.message)).toEqual([
      `Cleanup: left the directory ${kept} alone: ${kept} is not a directory of this action's naming under RUNNER_TEMP or the temp dir.`,
      `Cleanup: left the block added to ${elsewhere} alone: ${elsewhere} is not a git config file this action edits.`,
      `Cleanup: left the block added to ${bashrc} alone: ${bashrc} is not an ssh config file this action edits.`,
    ]);
    for (const file of [bashrc, elsewhere]) expect(readFileSync(file, 'utf8')).toBe(block);
    expect(existsSync(kept)).toBe(true);
  });
});
