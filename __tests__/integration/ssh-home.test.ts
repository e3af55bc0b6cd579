// ssh's own home: OpenSSH reads ~/.ssh/known_hosts through the passwd entry, never $HOME. A
// container job runs with HOME=/github/home while ssh, as root, reads /root/.ssh. Here a throwaway
// account (passwd home under a temp dir) runs the job with another HOME, as a container job does,
// and a real ssh with StrictHostKeyChecking=yes logs in to a loopback sshd with the known_hosts
// line the action wrote. The machine's own ~/.ssh is never written.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject } from 'vitest';
import { runProcess } from '../../harness/run-process.js';
import { type Sshd, startSshd } from '../../harness/sshd.js';
import {
  type Account,
  accountFixture,
  accountsUnavailable,
  reachableBinary,
} from '../../harness/throwaway-account.js';
import { describeStep, test } from './kit.js';

const sshdTest = test
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from the pattern
  .extend('sshd', { scope: 'file' }, async ({}, { onCleanup }) => {
    const sshd = await startSshd({ authorizedKeys: [] });
    onCleanup(() => sshd.stop());
    return sshd;
  })
  .extend('account', accountFixture);

const COMMAND = 'echo logged-in';

/** A later `run:` step of the job: ssh as the account, with the step's HOME, no agent. */
function sshAs(account: Account, home: string, sshd: Sshd, keyFile: string) {
  const args = [
    ...['-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes'],
    ...['-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'UpdateHostKeys=no'],
    ...['-o', 'IdentitiesOnly=yes', '-i', keyFile, '-o', 'ConnectTimeout=10'],
    ...['-p', String(sshd.port), `${sshd.user}@${sshd.host}`, COMMAND],
  ];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
  return runProcess('ssh', args, { env, uid: account.uid, gid: account.gid, timeoutMs: 30_000 });
}

sshdTest.skipIf(accountsUnavailable())(
  'HOME is not the passwd home: known_hosts goes where ssh reads it, key-file follows HOME',
  async ({ kit, sshd, account }) => {
    const record = kit.seed();
    sshd.setAuthorizedKeys([record.publicKey]);
    const node = reachableBinary(inject('node24'), account);
    const job = kit.newJob({}, { account, node });
    expect(job.home).not.toBe(account.home);
    const inputs = {
      'secret-name': record.name,
      'ssh-agent': 'false',
      'key-file': '~/.ssh/id_deploy',
      'known-hosts': sshd.hostKnownHostsLine,
    };
    const main = await job.runMain(kit.inputs(inputs));
    expect(main.failed, describeStep(main)).toBe(false);

    const keyFile = join(job.home, '.ssh', 'id_deploy');
    const sshKnownHosts = join(account.home, '.ssh', 'known_hosts');
    // A later step's ssh, as the account with the step's HOME, must trust the host.
    const login = await sshAs(account, job.home, sshd, keyFile);
    expect(login.exitCode, login.stderr).toBe(0);
    expect(login.stdout.trim()).toBe('logged-in');

    expect(main.outputs['key-file']).toBe(keyFile);
    expect(readFileSync(sshKnownHosts, 'utf8')).toBe(`${sshd.hostKnownHostsLine}\n`);
    expect(existsSync(join(job.home, '.ssh', 'known_hosts'))).toBe(false);
    expect(main.stdout).toContain(
      `HOME is ${job.home} but ssh reads its own files from ${account.home} (the home of this ` +
        `account's passwd entry): known-hosts lines go to ${account.home}/.ssh, while ~ in ` +
        'key-file follows HOME.',
    );
    expect(main.stdout).toContain(`Wrote the key to ${keyFile} (mode 0600).`);
    expect(main.stdout).toContain(`Added 1 line(s) to ${sshKnownHosts}.`);

    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
    expect(post.commands.warnings).toEqual([]);
    expect(post.stdout).toContain(`Removed 1 line(s) this step added to ${sshKnownHosts}.`);
    expect(existsSync(sshKnownHosts)).toBe(false);
    expect(existsSync(join(account.home, '.ssh'))).toBe(true);
    expect(existsSync(keyFile)).toBe(false);
  },
);

sshdTest.skipIf(accountsUnavailable())(
  'without the line ssh refuses the host: the check above is not vacuous',
  async ({ sshd, account, kit }) => {
    const record = kit.seed();
    sshd.setAuthorizedKeys([record.publicKey]);
    const node = reachableBinary(inject('node24'), account);
    const job = kit.newJob({}, { account, node });
    const inputs = { 'secret-name': record.name, 'ssh-agent': 'false', 'key-file': '~/id' };
    const main = await job.runMain(kit.inputs(inputs));
    expect(main.failed, describeStep(main)).toBe(false);
    const login = await sshAs(account, job.home, sshd, join(job.home, 'id'));
    expect(login.exitCode).toBe(255);
    expect(login.stderr).toContain('Host key verification failed');
    expect((await job.runPost(main)).exitCode).toBe(0);
  },
);

test('HOME is the passwd home, as on a GitHub-hosted runner: one home, no note', async ({
  kit,
}) => {
  const record = kit.seed();
  const job = kit.newJob();
  const line = `[deploy.example.com]:2222 ${record.publicKey.split(' ').slice(0, 2).join(' ')}`;
  const inputs = { 'secret-name': record.name, 'ssh-agent': 'false', 'known-hosts': line };
  const main = await job.runMain(kit.inputs(inputs));
  expect(main.failed, describeStep(main)).toBe(false);
  const knownHosts = join(job.home, '.ssh', 'known_hosts');
  expect(readFileSync(knownHosts, 'utf8')).toBe(`${line}\n`);
  expect(main.stdout).toContain(`Added 1 line(s) to ${knownHosts}.`);
  expect(main.stdout).not.toContain('ssh reads its own files');
  expect((await job.runPost(main)).exitCode).toBe(0);
  expect(existsSync(knownHosts)).toBe(false);
});
