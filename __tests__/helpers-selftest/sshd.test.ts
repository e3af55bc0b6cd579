import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../harness/processes.js';
import { type Sshd, sshLogin, startSshd } from '../../harness/sshd.js';
import {
  type Agent,
  agentAdd,
  agentFingerprints,
  generateKeyPair,
  type KeyPair,
  startAgent,
} from '../../harness/ssh-tools.js';

const dir = mkdtempSync(join(tmpdir(), 'sshd-selftest-'));
let authorized: KeyPair;
let stranger: KeyPair;
let server: Sshd;
let agent: Agent;

beforeAll(async () => {
  authorized = await generateKeyPair(dir, 'rsa-pem');
  stranger = await generateKeyPair(dir, 'ed25519');
  server = await startSshd({ authorizedKeys: [authorized.publicKey] });
  agent = await startAgent(join(dir, 'agent.sock'));
});
afterAll(async () => {
  await agent?.stop();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const login = (sock: string | undefined, knownHostsFile = server.knownHostsFile) =>
  sshLogin({
    port: server.port,
    user: server.user,
    knownHostsFile,
    env: sock ? { SSH_AUTH_SOCK: sock } : {},
    command: 'echo logged-in-as-$(id -un)',
  });

describe('sshd fixture', () => {
  it('describes its host key as a known_hosts line', () => {
    expect(server.hostKnownHostsLine).toMatch(
      new RegExp(`^\\[127\\.0\\.0\\.1\\]:${server.port} ssh-ed25519 AAAA\\S+$`),
    );
    expect(isProcessAlive(server.pid)).toBe(true);
  });

  it('refuses an agent without the authorized key', async () => {
    await agentAdd(agent.sock, stranger.privateKey);
    const result = await login(agent.sock);
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/Permission denied/);
  });

  it('refuses a client without any agent', async () => {
    expect((await login(undefined)).code).toBe(255);
  });

  it('accepts the authorized key from the agent', async () => {
    await agentAdd(agent.sock, authorized.privateKey);
    expect(await agentFingerprints(agent.sock)).toContain(authorized.fingerprint);
    const result = await login(agent.sock);
    expect(result).toMatchObject({ code: 0, stdout: `logged-in-as-${server.user}\n` });
    expect(server.readLog()).toMatch(/Accepted publickey/);
  });

  it('fails host key checking against an unknown host key', async () => {
    const result = await login(agent.sock, '/dev/null');
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/Host key verification failed/);
  });

  it('takes new authorized keys at once', async () => {
    server.setAuthorizedKeys([stranger.publicKey]);
    const only = await startAgent(join(dir, 'only.sock'));
    try {
      await agentAdd(only.sock, stranger.privateKey);
      expect((await login(only.sock)).code).toBe(0);
    } finally {
      await only.stop();
      server.setAuthorizedKeys([authorized.publicKey]);
    }
  });

  it('stops: the port closes and the process is gone', async () => {
    const extra = await startSshd({ authorizedKeys: [] });
    await extra.stop();
    expect(isProcessAlive(extra.pid)).toBe(false);
    const refused = await sshLogin({ ...extra, env: {}, command: 'true' });
    expect(refused.stderr).toMatch(/Connection refused/);
  });

  it('says to install openssh-server when sshd is missing', async () => {
    await expect(startSshd({ authorizedKeys: [], sshdPath: '/nonexistent/sshd' })).rejects.toThrow(
      /install openssh-server/,
    );
  });
});
