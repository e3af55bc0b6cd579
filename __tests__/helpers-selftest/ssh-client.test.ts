// The ssh client configuration fixtures, proved with the real ssh and a hand-written `-F` config:
// the decoy agent does lock us out of the strict sshd, `IdentitiesOnly` with the public key file
// gets in, the jump sshd forwards to the target, and git hands the stub the host it resolved.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwdHomeEnv } from '../../harness/passwd-home.js';
import { runProcess } from '../../harness/run-process.js';
import {
  type DecoyAgent,
  parseSshArgs,
  resolvedSshConfig,
  startDecoyAgent,
  startJumpSshd,
  startStrictSshd,
  writeGitSshStub,
} from '../helpers/ssh-client.js';
import type { Sshd } from '../../harness/sshd.js';
import {
  agentAdd,
  agentFingerprints,
  generateKeyPair,
  type KeyPair,
} from '../../harness/ssh-tools.js';

const dir = mkdtempSync(join(tmpdir(), 'ssh-client-selftest-'));
// ssh runs with a passwd home of its own here, never this machine's ~/.ssh.
const home = join(dir, 'home');
let ours: KeyPair;
let target: Sshd;
let jump: Sshd;
let agent: DecoyAgent;
let env: Record<string, string>;

beforeAll(async () => {
  mkdirSync(home);
  ours = await generateKeyPair(dir, 'ed25519', 'ours');
  writeFileSync(join(dir, 'ours.pub'), `${ours.publicKey}\n`);
  target = await startStrictSshd([ours.publicKey]);
  jump = await startJumpSshd([ours.publicKey]);
  agent = await startDecoyAgent(dir);
  await agentAdd(agent.sock, ours.privateKey);
  const passwd = passwdHomeEnv(dir, home);
  if (!passwd) throw new Error('libnss_wrapper.so not found: run scripts/setup.sh');
  env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...passwd };
  env.SSH_AUTH_SOCK = agent.sock;
});
afterAll(async () => {
  await agent?.stop();
  await target?.stop();
  await jump?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(): string {
  const known = join(dir, 'known_hosts');
  writeFileSync(known, `${target.hostKnownHostsLine}\n${jump.hostKnownHostsLine}\n`);
  const server = (port: number) => [
    `  HostName 127.0.0.1`,
    `  Port ${port}`,
    `  User ${target.user}`,
  ];
  const only = ['  IdentitiesOnly yes', `  IdentityFile ${join(dir, 'ours.pub')}`];
  const lines = [
    'Host plain',
    ...server(target.port),
    // Names a file that does not exist, so ssh adds none of ~/.ssh/id_* either.
    `  IdentityFile ${join(dir, 'no-such-key')}`,
    'Host only',
    ...server(target.port),
    ...only,
    'Host via-jump',
    ...server(target.port),
    ...only,
    '  ProxyJump jump',
    'Host jump',
    ...server(jump.port),
    ...only,
    'Host *',
    '  BatchMode yes',
    '  StrictHostKeyChecking yes',
    `  UserKnownHostsFile ${known}`,
    '  GlobalKnownHostsFile /dev/null',
    '  ConnectTimeout 10',
    '',
  ];
  const config = join(dir, 'ssh_config');
  writeFileSync(config, lines.join('\n'));
  return config;
}

const ssh = (config: string, alias: string) =>
  runProcess('ssh', ['-F', config, alias, 'echo in-as-$(id -un)'], { env, timeoutMs: 30_000 });

describe('ssh client fixtures', () => {
  it('the agent offers three strangers before our key', async () => {
    const held = await agentFingerprints(agent.sock);
    expect(held).toEqual([...agent.decoys.map((key) => key.fingerprint), ours.fingerprint]);
  });

  it('MaxAuthTries 2: every agent key offered in turn fails before ours', async () => {
    const result = await ssh(writeConfig(), 'plain');
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toContain('Too many authentication failures');
  });

  it('IdentitiesOnly with our public key file: ssh offers ours alone and logs in', async () => {
    const result = await ssh(writeConfig(), 'only');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe(`in-as-${target.user}\n`);
  });

  it('ProxyJump through the second sshd reaches the target', async () => {
    const jumpLog = jump.readLog().length;
    const targetLog = target.readLog().length;
    const result = await ssh(writeConfig(), 'via-jump');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe(`in-as-${target.user}\n`);
    expect(jump.readLog().slice(jumpLog)).toContain('Accepted publickey');
    expect(target.readLog().slice(targetLog)).toContain('Accepted publickey');
  });

  it('ssh -G shows what an alias resolves to', async () => {
    const resolved = await resolvedSshConfig('via-jump', env, writeConfig());
    expect(resolved).toMatchObject({
      hostname: ['127.0.0.1'],
      port: [String(target.port)],
      proxyjump: ['jump'],
      identitiesonly: ['yes'],
      identityfile: [join(dir, 'ours.pub')],
    });
  });

  it('the git ssh stub records the host, user and command git asked for, offline', async () => {
    const stubDir = join(dir, 'stub');
    mkdirSync(stubDir);
    const stub = writeGitSshStub(stubDir);
    const gitEnv = { ...env, GIT_SSH_COMMAND: stub.command, GIT_CONFIG_NOSYSTEM: '1' };
    const urls = ['git@github.com:acme/app.git', 'ssh://git@example.com:2222/acme/app'];
    for (const url of urls) {
      const result = await runProcess('git', ['ls-remote', url], {
        env: gitEnv,
        timeoutMs: 30_000,
      });
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toContain('stub ssh: no network in tests');
    }
    const [scp, sshUrl] = stub.invocations();
    expect(scp).toMatchObject({ user: 'git', host: 'github.com', port: undefined });
    expect(scp?.command.join(' ')).toBe("git-upload-pack 'acme/app.git'");
    expect(sshUrl).toMatchObject({ user: 'git', host: 'example.com', port: '2222' });
    expect(stub.invocations()).toHaveLength(2);
  });

  it('parses the options git passes before the destination', () => {
    const args = ['-o', 'SendEnv=GIT_PROTOCOL', '-p', '22', 'git@h', "git-upload-pack 'a/b'"];
    expect(parseSshArgs(args)).toMatchObject({ user: 'git', host: 'h', port: '22' });
    expect(parseSshArgs(['h', 'cmd'])).toMatchObject({ user: undefined, host: 'h' });
  });
});
