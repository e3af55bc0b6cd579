// Issue 14 where HOME is not ssh's home (a container job: HOME=/github/home, ssh reads the passwd
// home): the ssh config goes to the passwd home, where ssh reads it, and the git config to $HOME,
// where git reads it. A throwaway account runs the job; this machine's own home is never written.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject } from 'vitest';
import { runProcess } from '../../harness/run-process.js';
import {
  accountFixture,
  accountsUnavailable,
  chownTree,
  reachableBinary,
} from '../../harness/throwaway-account.js';
import { gitAlias, gitLsRemote, startStrictSshd, writeGitSshStub } from '../helpers/ssh-client.js';
import { describeStep, test } from './kit.js';

const accountTest = test
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from the pattern
  .extend('target', { scope: 'file' }, async ({}, { onCleanup }) => {
    const sshd = await startStrictSshd([]);
    onCleanup(() => sshd.stop());
    return sshd;
  })
  .extend('account', accountFixture);

accountTest.skipIf(accountsUnavailable())(
  'ssh config in the passwd home, git config in $HOME: both reach their tool',
  async ({ kit, target, account }) => {
    const record = kit.seed();
    target.setAuthorizedKeys([record.publicKey]);
    const node = reachableBinary(inject('node24'), account);
    const job = kit.newJob({}, { account, node });
    expect(job.home).not.toBe(account.home);
    const main = await job.runMain(
      kit.inputs({
        'secret-name': record.name,
        'ssh-host': `prod=${target.user}@127.0.0.1:${target.port}`,
        'git-repositories': 'acme/app',
        'known-hosts': target.hostKnownHostsLine,
      }),
    );
    expect(main.failed, describeStep(main)).toBe(false);
    const sshConfig = join(account.home, '.ssh', 'config');
    const gitConfig = join(job.home, '.gitconfig');
    expect(existsSync(sshConfig)).toBe(true);
    expect(existsSync(join(job.home, '.ssh', 'config'))).toBe(false);
    expect(existsSync(gitConfig)).toBe(true);
    expect(existsSync(join(account.home, '.gitconfig'))).toBe(false);

    // Later steps, as the account with the job's HOME and agent.
    const as = { uid: account.uid, gid: account.gid };
    const env = job.environment();
    const ssh = ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', 'prod', 'id -un'];
    const login = await runProcess('ssh', ssh, { env, ...as, timeoutMs: 30_000 });
    expect(login.exitCode, login.stderr).toBe(0);
    expect(login.stdout).toBe(`${target.user}\n`);
    const stubDir = kit.scratchDir();
    chownTree(stubDir, account.uid, account.gid);
    const stub = writeGitSshStub(stubDir);
    const url = 'https://github.com/acme/app';
    const { invocations, stderr } = await gitLsRemote(env, stub, url, as);
    expect(
      invocations.map((call) => call.host),
      stderr,
    ).toEqual([gitAlias('github.com', 'acme', 'app')]);

    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
    expect(post.commands.warnings).toEqual([]);
    expect(existsSync(sshConfig)).toBe(false);
    expect(existsSync(gitConfig)).toBe(false);
  },
);
