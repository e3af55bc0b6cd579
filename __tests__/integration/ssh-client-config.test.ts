// Issue 14 end to end, with the real tools: the ssh config the action writes makes `ssh <alias>`
// log in to an sshd with `MaxAuthTries 2` although the agent offers three strangers first (also
// through a jump host, over IPv6, and from a key file alone). Every job has a passwd home of its
// own (harness/passwd-home.ts), so ssh reads the job's ~/.ssh/config, never this machine's.
// Two calls and their undo: ssh-client-config-undo.test.ts; git's URL forms: -git.test.ts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runProcess } from '../../harness/run-process.js';
import { ipv6KnownHostsLine, resolvedSshConfig } from '../helpers/ssh-client.js';
import type { Sshd } from '../../harness/sshd.js';
import { describeStep } from './kit.js';
import { COMMAND, address, decoyAgent, ssh, sshdTest } from './kit-ssh.js';

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
  'ssh-jump-host: ssh, scp, rsync and git reach web1 through the bastion',
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
    // git over the alias: a bare repository on web1, cloned through the bastion.
    const bare = join(srv, 'app.git');
    await runProcess('git', ['init', '-q', '--bare', bare], { env });
    const clone = await runProcess('git', ['clone', '-q', `web1:${bare}`, join(src, 'clone')], {
      env: { ...env, GIT_CONFIG_NOSYSTEM: '1' },
      timeoutMs: 30_000,
    });
    expect(clone.exitCode, clone.stderr).toBe(0);
    expect(existsSync(join(src, 'clone', '.git'))).toBe(true);

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
