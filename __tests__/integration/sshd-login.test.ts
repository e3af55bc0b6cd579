// End to end: the key the action loads logs in to a real sshd on loopback, through its agent or
// its key file, verified against the known_hosts line the action wrote.
import { join } from 'node:path';
import { expect } from 'vitest';
import { runProcess } from '../../harness/run-process.js';
import { type Sshd, sshLogin, startSshd } from '../../harness/sshd.js';
import { describeStep, freshName, test } from './kit.js';

/** One sshd for the file: each test sets the authorized key it needs. */
// eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from the pattern
const sshdTest = test.extend('sshd', { scope: 'file' }, async ({}, { onCleanup }) => {
  const sshd = await startSshd({ authorizedKeys: [] });
  onCleanup(() => sshd.stop());
  return sshd;
});

const COMMAND = 'echo "logged in as $(id -un)"';

function login(sshd: Sshd, home: string, env: Record<string, string> = {}) {
  const knownHostsFile = join(home, '.ssh', 'known_hosts');
  return sshLogin({ port: sshd.port, user: sshd.user, command: COMMAND, env, knownHostsFile });
}

sshdTest.for([{ debug: false }, { debug: true }])(
  'get: ssh logs in through the agent (debug: $debug)',
  async ({ debug }, { kit, sshd }) => {
    const record = kit.seed();
    sshd.setAuthorizedKeys([record.publicKey]);
    const job = kit.newJob(debug ? { RUNNER_DEBUG: '1' } : {});
    const inputs = { 'secret-name': record.name, 'known-hosts': sshd.hostKnownHostsLine };
    const main = await job.runMain(kit.inputs(inputs));
    expect(main.failed, describeStep(main)).toBe(false);

    const agentSock = job.environment().SSH_AUTH_SOCK ?? '';
    const viaAgent = await login(sshd, job.home, { SSH_AUTH_SOCK: agentSock });
    expect(viaAgent.code, viaAgent.stderr).toBe(0);
    expect(viaAgent.stdout.trim()).toBe(`logged in as ${sshd.user}`);
    expect(sshd.readLog()).toContain(`Accepted publickey for ${sshd.user}`);

    const withoutAgent = await login(sshd, job.home);
    expect(withoutAgent.code).toBe(255);
    expect(withoutAgent.stderr).toContain('Permission denied');

    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
    const afterPost = await login(sshd, job.home, { SSH_AUTH_SOCK: agentSock });
    expect(afterPost.code).toBe(255);
  },
);

sshdTest('create: the new key logs in once its public key is authorized', async ({ kit, sshd }) => {
  const name = freshName('e2e-created');
  const job = kit.newJob();
  const inputs = { 'secret-name': name, mode: 'create', 'known-hosts': sshd.hostKnownHostsLine };
  const main = await job.runMain(kit.inputs(inputs));
  expect(main.failed, describeStep(main)).toBe(false);
  sshd.setAuthorizedKeys([main.outputs['public-key'] ?? '']);
  const result = await login(sshd, job.home, {
    SSH_AUTH_SOCK: job.environment().SSH_AUTH_SOCK ?? '',
  });
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toContain('logged in as');
  expect((await job.runPost(main)).exitCode).toBe(0);
});

sshdTest('key-file: ssh -i with the written file logs in', async ({ kit, sshd }) => {
  const record = kit.seed();
  sshd.setAuthorizedKeys([record.publicKey]);
  const job = kit.newJob();
  const inputs = {
    'secret-name': record.name,
    'ssh-agent': 'false',
    'key-file': '~/.ssh/id_deploy',
    'known-hosts': sshd.hostKnownHostsLine,
  };
  const main = await job.runMain(kit.inputs(inputs));
  expect(main.failed, describeStep(main)).toBe(false);
  const args = [
    ...['-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes'],
    ...['-i', main.outputs['key-file'] ?? '', '-o', 'StrictHostKeyChecking=yes'],
    ...['-o', `UserKnownHostsFile=${join(job.home, '.ssh', 'known_hosts')}`],
    ...['-o', 'GlobalKnownHostsFile=/dev/null', '-p', String(sshd.port)],
    ...[`${sshd.user}@${sshd.host}`, COMMAND],
  ];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: job.home };
  const result = await runProcess('ssh', args, { env, timeoutMs: 30_000 });
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stdout).toContain(`logged in as ${sshd.user}`);
  expect((await job.runPost(main)).exitCode).toBe(0);
});
