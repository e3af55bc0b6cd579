// Issue 14: two calls of the action in one job (two keys, two hosts, two repositories), then both
// post steps in reverse order, leave the user's ~/.ssh/config and ~/.gitconfig byte for byte.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  gitAlias,
  gitLsRemote,
  resolvedSshConfig,
  writeGitSshStub,
} from '../helpers/ssh-client.js';
import { describeStep, modeOf } from './kit.js';
import { COMMAND, address, ssh, sshdTest } from './kit-ssh.js';

// The user's own `prod` points elsewhere: ssh takes the first value, so the action's alias wins
// while the job runs and the user's is back afterwards.
const USER_SSH_CONFIG =
  'ConnectTimeout 20\n\nHost old-box\n  User legacy\n  Port 2200\n\nHost prod\n  HostName 192.0.2.1\n';
// No final newline: the block appended after it must not change the user's last line.
const USER_GITCONFIG =
  '[user]\n\tname = Octo Cat\n[url "https://mirror.example/"]\n\tinsteadOf = x';

sshdTest(
  'two calls, two keys, two hosts; both post steps in reverse order undo everything',
  async ({ kit, target, jump }) => {
    const [first, second] = [kit.seed(), kit.seed()];
    target.setAuthorizedKeys([first.publicKey]);
    jump.setAuthorizedKeys([second.publicKey]);
    const job = kit.newJob();
    const sshConfig = join(job.home, '.ssh', 'config');
    const gitConfig = join(job.home, '.gitconfig');
    mkdirSync(join(job.home, '.ssh'), { mode: 0o700 });
    writeFileSync(sshConfig, USER_SSH_CONFIG);
    chmodSync(sshConfig, 0o644);
    writeFileSync(gitConfig, USER_GITCONFIG);
    const known = `${target.hostKnownHostsLine}\n${jump.hostKnownHostsLine}`;
    const call = (record: typeof first, host: string, repo: string) =>
      job.runMain(
        kit.inputs({
          'secret-name': record.name,
          'ssh-host': host,
          'git-repositories': repo,
          'known-hosts': known,
        }),
      );
    const mainA = await call(first, `prod=${address(target)}`, 'acme/app');
    expect(mainA.failed, describeStep(mainA)).toBe(false);
    const mainB = await call(second, `bastion=${address(jump)}`, 'acme/lib');
    expect(mainB.failed, describeStep(mainB)).toBe(false);

    for (const alias of ['prod', 'bastion']) {
      const login = await ssh(job, [alias, COMMAND]);
      expect(login.exitCode, `${alias}: ${login.stderr}`).toBe(0);
    }
    // Each call's repository goes to its own alias, which offers that call's key alone.
    const stub = writeGitSshStub(kit.scratchDir());
    for (const [repo, record] of [
      ['app', first],
      ['lib', second],
    ] as const) {
      const url = `git@github.com:acme/${repo}.git`;
      const { invocations } = await gitLsRemote(job.environment(), stub, url);
      const alias = gitAlias('github.com', 'acme', repo);
      expect(invocations.map((call) => call.host)).toEqual([alias]);
      const pub = (await resolvedSshConfig(alias, job.environment())).identityfile?.[0] ?? '';
      expect(readFileSync(pub, 'utf8')).toContain(record.publicKey.split(' ')[1]);
    }
    // The user's own global line still applies to every host, ours included.
    expect((await resolvedSshConfig('prod', job.environment())).connecttimeout).toEqual(['20']);
    expect((await resolvedSshConfig('old-box', job.environment())).port).toEqual(['2200']);

    const postB = await job.runPost(mainB);
    expect(postB.exitCode, describeStep(postB)).toBe(0);
    expect((await ssh(job, ['prod', 'true'])).exitCode).toBe(0);
    expect((await ssh(job, ['bastion', 'true'])).exitCode).toBe(255);
    const postA = await job.runPost(mainA);
    expect(postA.exitCode, describeStep(postA)).toBe(0);
    expect([...postA.commands.warnings, ...postB.commands.warnings]).toEqual([]);

    expect(readFileSync(sshConfig, 'utf8')).toBe(USER_SSH_CONFIG);
    expect((await resolvedSshConfig('prod', job.environment())).hostname).toEqual(['192.0.2.1']);
    expect(modeOf(sshConfig)).toBe(0o644);
    expect(readFileSync(gitConfig, 'utf8')).toBe(USER_GITCONFIG);
  },
);
