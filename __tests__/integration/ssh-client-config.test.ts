// Issue 14 end to end, with the real tools: the ssh config the action writes makes `ssh <alias>`
// log in to an sshd with `MaxAuthTries 2` although the agent offers three strangers first (also
// through a jump host, and from a key file alone); two calls and their post steps in reverse order
// leave the user's ~/.ssh/config and ~/.gitconfig byte for byte. Every job has a passwd home of its
// own (harness/passwd-home.ts), so ssh reads the job's ~/.ssh/config, never this machine's.
// git's URL forms: ssh-client-config-git.test.ts.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';
import type { Job } from '../../harness/action-runner.js';
import { runProcess } from '../../harness/run-process.js';
import {
  gitAlias,
  gitLsRemote,
  ipv6KnownHostsLine,
  resolvedSshConfig,
  startDecoyAgent,
  startJumpSshd,
  startStrictSshd,
  writeGitSshStub,
} from '../helpers/ssh-client.js';
import type { Sshd } from '../helpers/sshd.js';
import { type Kit, describeStep, modeOf, test } from './kit.js';

const sshdTest = test
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from the pattern
  .extend('target', { scope: 'file' }, async ({}, { onCleanup }) => {
    const sshd = await startStrictSshd([], { ipv6: true });
    onCleanup(() => sshd.stop());
    return sshd;
  })
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from the pattern
  .extend('jump', { scope: 'file' }, async ({}, { onCleanup }) => {
    const sshd = await startJumpSshd([]);
    onCleanup(() => sshd.stop());
    return sshd;
  });

const COMMAND = 'echo "in as $(id -un)"';
const address = (sshd: Sshd) => `${sshd.user}@127.0.0.1:${sshd.port}`;

/** ssh as a later `run:` step of the job runs it: the job's env (HOME, passwd home, agent). */
function ssh(job: Job, args: string[], extra: Record<string, string> = {}) {
  const options = ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes'];
  const env = job.environment(extra);
  return runProcess('ssh', [...options, ...args], { env, timeoutMs: 30_000 });
}

/** An agent holding three unrelated keys, stopped when the test ends. */
async function decoyAgent(kit: Kit) {
  const agent = await startDecoyAgent(kit.scratchDir());
  onTestFinished(() => agent.stop());
  return agent;
}

const logSince = (sshd: Sshd, from: number) => sshd.readLog().slice(from);

sshdTest(
  'ssh-host: `ssh prod` logs in with three other keys first in the agent',
  async ({ kit, target }) => {
    const record = kit.seed();
    target.setAuthorizedKeys([record.publicKey]);
    const agent = await decoyAgent(kit);
    const job = kit.newJob({ SSH_AUTH_SOCK: agent.sock });
    const main = await job.runMain(
      kit.inputs({
        'secret-name': record.name,
        'ssh-host': `prod=${address(target)}`,
        'known-hosts': target.hostKnownHostsLine,
      }),
    );
    expect(main.failed, describeStep(main)).toBe(false);

    // Without the alias ssh offers the agent's keys in order and sshd gives up before ours.
    const direct = await ssh(job, ['-p', String(target.port), `${target.user}@127.0.0.1`, 'true']);
    expect(direct.exitCode).toBe(255);
    expect(direct.stderr).toContain('Too many authentication failures');

    const login = await ssh(job, ['prod', COMMAND]);
    expect(login.exitCode, login.stderr).toBe(0);
    expect(login.stdout).toBe(`in as ${target.user}\n`);
    // ssh finds the key in the agent by its public key, in a file of the step's under RUNNER_TEMP.
    const pub = (await resolvedSshConfig('prod', job.environment())).identityfile?.[0] ?? '';
    expect(pub.startsWith(`${job.runnerTemp}/`), pub).toBe(true);

    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
    expect(post.commands.warnings).toEqual([]);
    expect(existsSync(pub)).toBe(false);
    const after = await ssh(job, ['prod', 'true']);
    expect(after.exitCode).toBe(255);
    expect(after.stderr).toMatch(/Could not resolve hostname prod/);
    expect(existsSync(join(job.home, '.ssh', 'config'))).toBe(false);
  },
);

sshdTest(
  'ssh-jump-host: scp, rsync and ssh reach web1 through the bastion',
  async ({ kit, target, jump }) => {
    const record = kit.seed();
    target.setAuthorizedKeys([record.publicKey]);
    jump.setAuthorizedKeys([record.publicKey]);
    const agent = await decoyAgent(kit);
    const job = kit.newJob({ SSH_AUTH_SOCK: agent.sock });
    const main = await job.runMain(
      kit.inputs({
        'secret-name': record.name,
        'ssh-host': `web1=${address(target)}`,
        'ssh-jump-host': address(jump),
        'known-hosts': `${target.hostKnownHostsLine}\n${jump.hostKnownHostsLine}`,
      }),
    );
    expect(main.failed, describeStep(main)).toBe(false);
    const [jumpFrom, targetFrom] = [jump.readLog().length, target.readLog().length];

    const login = await ssh(job, ['web1', COMMAND]);
    expect(login.exitCode, login.stderr).toBe(0);
    expect(login.stdout).toBe(`in as ${target.user}\n`);
    // The jump host itself is offered this key alone: it is as strict as the target.
    expect(logSince(jump, jumpFrom)).toContain(`Accepted publickey for ${jump.user}`);
    expect(logSince(target, targetFrom)).toContain(`Accepted publickey for ${target.user}`);

    const src = join(kit.scratchDir(), 'site');
    mkdirSync(join(src, 'css'), { recursive: true });
    writeFileSync(join(src, 'index.html'), '<h1>hello</h1>\n');
    writeFileSync(join(src, 'css', 'app.css'), 'h1 { color: red }\n');
    const srv = kit.scratchDir();
    const env = job.environment();
    const rsync = await runProcess('rsync', ['-az', './', `web1:${srv}/`], {
      env,
      cwd: src,
      timeoutMs: 30_000,
    });
    expect(rsync.exitCode, rsync.stderr).toBe(0);
    expect(readFileSync(join(srv, 'css', 'app.css'), 'utf8')).toBe('h1 { color: red }\n');
    const scp = await runProcess('scp', ['-B', join(src, 'index.html'), `web1:${srv}/copy.html`], {
      env,
      timeoutMs: 30_000,
    });
    expect(scp.exitCode, scp.stderr).toBe(0);
    expect(readFileSync(join(srv, 'copy.html'), 'utf8')).toBe('<h1>hello</h1>\n');

    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
    expect((await ssh(job, ['web1', 'true'])).exitCode).toBe(255);
  },
);

sshdTest('ssh-host with an IPv6 address in brackets', async ({ kit, target }) => {
  const record = kit.seed();
  target.setAuthorizedKeys([record.publicKey]);
  const agent = await decoyAgent(kit);
  const job = kit.newJob({ SSH_AUTH_SOCK: agent.sock });
  const main = await job.runMain(
    kit.inputs({
      'secret-name': record.name,
      'ssh-host': `v6=${target.user}@[::1]:${target.port}`,
      'known-hosts': ipv6KnownHostsLine(target),
    }),
  );
  expect(main.failed, describeStep(main)).toBe(false);
  const login = await ssh(job, ['v6', 'echo "$SSH_CONNECTION"']);
  expect(login.exitCode, login.stderr).toBe(0);
  expect(login.stdout).toMatch(new RegExp(`^::1 \\d+ ::1 ${target.port}\\n$`));
  expect((await job.runPost(main)).exitCode).toBe(0);
});

sshdTest('key-file without the agent: the alias names the key file', async ({ kit, target }) => {
  const record = kit.seed();
  target.setAuthorizedKeys([record.publicKey]);
  // The strangers stay in reach: IdentitiesOnly must keep ssh from offering them.
  const agent = await decoyAgent(kit);
  const job = kit.newJob({ SSH_AUTH_SOCK: agent.sock });
  const main = await job.runMain(
    kit.inputs({
      'secret-name': record.name,
      'ssh-agent': 'false',
      'key-file': '~/.ssh/id_deploy',
      'ssh-host': `prod=${address(target)}`,
      'known-hosts': target.hostKnownHostsLine,
    }),
  );
  expect(main.failed, describeStep(main)).toBe(false);
  const keyFile = join(job.home, '.ssh', 'id_deploy');
  const resolved = await resolvedSshConfig('prod', job.environment());
  expect(resolved).toMatchObject({ identitiesonly: ['yes'], identityfile: [keyFile] });

  const login = await ssh(job, ['prod', COMMAND]);
  expect(login.exitCode, login.stderr).toBe(0);
  expect(login.stdout).toBe(`in as ${target.user}\n`);

  const post = await job.runPost(main);
  expect(post.exitCode, describeStep(post)).toBe(0);
  expect(existsSync(keyFile)).toBe(false);
  expect((await ssh(job, ['prod', 'true'])).exitCode).toBe(255);
});

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
