// Mode certificate end to end through the bundle: the emulator's KMS is the CA, a real sshd trusts
// only that CA (TrustedUserCAKeys from the `ca-public-key` output, no authorized keys), and the
// job logs in with the certificate from the agent or from the key file. The private key never
// touches the disk unless `key-file` asks, and the post step leaves no key, certificate or file.
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Emulator } from '../../emulator/server.js';
import type { Job } from '../../harness/action-runner.js';
import { runProcess } from '../../harness/run-process.js';
import {
  gitAlias,
  gitLsRemote,
  resolvedSshConfig,
  writeGitSshStub,
} from '../helpers/ssh-client.js';
import { startSshd, type Sshd } from '../../harness/sshd.js';
import { startAgent } from '../../harness/ssh-tools.js';
import { describeStep, errorText, type Kit, test } from './kit.js';

const CERT_TYPE = 'ssh-ed25519-cert-v01@openssh.com';

interface CaServer {
  sshd: Sshd;
  /** Trust a CA from now on: sshd reads TrustedUserCAKeys on every login. */
  trust(caPublicKey: string): void;
}

const caTest = test
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from the pattern
  .extend('server', { scope: 'file' }, async ({}, { onCleanup }): Promise<CaServer> => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-sshd-'));
    const caFile = join(dir, 'trusted_user_ca_keys');
    appendFileSync(caFile, '');
    const sshd = await startSshd({
      authorizedKeys: [],
      extraConfig: [`TrustedUserCAKeys ${caFile}`],
    });
    onCleanup(async () => {
      await sshd.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    return { sshd, trust: (line) => appendFileSync(caFile, `${line.trim()}\n`) };
  });

/** A CA key in `emulator`'s KMS. */
const caKey = (emulator: Emulator, type: 'ec' | 'rsa' = 'ec') => emulator.addKmsKey({ type }).keyId;

function certificateInputs(
  kit: Kit,
  emulator: Emulator,
  sshd: Sshd,
  extra: Record<string, string> = {},
) {
  return kit.inputs({
    mode: 'certificate',
    'kms-endpoint': emulator.url,
    'ca-kms-key-id': caKey(emulator),
    'certificate-principals': sshd.user,
    ...extra,
  });
}

/** ssh as a later step of the job runs it (the job's agent and homes), to the CA's sshd. */
function login(job: Job, sshd: Sshd, extraArgs: string[] = [], env: Record<string, string> = {}) {
  const args = [
    ...['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes'],
    ...['-o', `UserKnownHostsFile=${sshd.knownHostsFile}`, '-p', String(sshd.port)],
    ...extraArgs,
    `${sshd.user}@127.0.0.1`,
    'echo in as $(id -un)',
  ];
  return runProcess('ssh', args, { env: job.environment(env), timeoutMs: 30_000 });
}

function agentList(job: Job, socket: string) {
  return runProcess('ssh-add', ['-l'], {
    env: job.environment({ SSH_AUTH_SOCK: socket }),
    timeoutMs: 10_000,
  });
}

/** Every file under `dir` whose text holds a private key. */
function privateKeyFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => readFileSync(file, 'latin1').includes('PRIVATE KEY'));
}

caTest(
  'the agent: sshd trusting only the CA lets the job in; post leaves nothing',
  async ({ kit, emulator, server }) => {
    const { sshd } = server;
    const job = kit.newJob();
    const main = await job.runMain(certificateInputs(kit, emulator, sshd));
    expect(main.failed, describeStep(main)).toBe(false);
    const { certificate, 'ca-public-key': ca, 'valid-before': validBefore } = main.outputs;
    expect(certificate).toMatch(new RegExp(`^${CERT_TYPE} `));
    expect(ca).toMatch(/^ecdsa-sha2-nistp256 /);
    expect(Date.parse(validBefore!) - Date.now()).toBeGreaterThan(800_000);
    expect(validBefore).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(main.outputs['public-key']).toMatch(/^ssh-ed25519 /);
    expect(main.outputs['private-key']).toBeUndefined();
    // No SSM: KMS's two actions, nothing else.
    expect(kit.calls().map((call) => call.action)).toEqual(['GetPublicKey', 'SignByAsymmetricKey']);
    // The key went to the agent from memory: no file of the job holds it.
    expect(privateKeyFiles(job.root)).toEqual([]);

    const socket = main.outputs['ssh-auth-sock']!;
    const listed = await agentList(job, socket);
    expect(listed.stdout).toMatch(/ED25519-CERT\)/);
    expect(listed.stdout).toMatch(/\(ED25519\)/);

    const refused = await login(job, sshd);
    expect(refused.exitCode).toBe(255);
    server.trust(ca!);
    const from = sshd.readLog().length;
    const ok = await login(job, sshd);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toBe(`in as ${sshd.user}\n`);
    // sshd logs which job logged in: the certificate's key ID names the repository and run.
    expect(sshd.readLog().slice(from)).toMatch(
      /Accepted publickey for \S+ .*ED25519-CERT.*ID repo=\S+ run=\d+/,
    );

    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
    expect(post.commands.warnings).toEqual([]);
    expect((await agentList(job, socket)).exitCode).toBe(2);
  },
);

caTest(
  'a reused agent: key and certificate go in, and post takes both out again',
  async ({ kit, emulator, server }) => {
    const { sshd } = server;
    const agent = await startAgent(join(kit.scratchDir(), 'agent.sock'));
    try {
      const job = kit.newJob({ SSH_AUTH_SOCK: agent.sock });
      const main = await job.runMain(
        certificateInputs(kit, emulator, sshd, { 'key-lifetime': '600' }),
      );
      expect(main.failed, describeStep(main)).toBe(false);
      server.trust(main.outputs['ca-public-key']!);
      expect((await agentList(job, agent.sock)).stdout).toMatch(/ED25519-CERT/);
      expect((await login(job, sshd)).exitCode).toBe(0);
      const post = await job.runPost(main);
      expect(post.exitCode, describeStep(post)).toBe(0);
      expect(post.commands.warnings).toEqual([]);
      expect(post.stdout).toMatch(/Removed the ssh-ed25519-cert-v01@openssh.com key/);
      expect(post.stdout).toMatch(/Removed the ssh-ed25519 key/);
      const after = await agentList(job, agent.sock);
      expect(after.exitCode, after.stdout).toBe(1);
    } finally {
      await agent.stop();
    }
  },
);

caTest(
  'key-file with an RSA CA: the key (0600) and <key-file>-cert.pub; post deletes both',
  async ({ kit, emulator, server }) => {
    const { sshd } = server;
    const job = kit.newJob();
    const keyFile = join(job.home, 'keys', 'deploy');
    const inputs = certificateInputs(kit, emulator, sshd, {
      'ca-kms-key-id': caKey(emulator, 'rsa'),
      'ssh-agent': 'false',
      'key-file': '~/keys/deploy',
      'output-private-key': 'true',
    });
    const main = await job.runMain(inputs);
    expect(main.failed, describeStep(main)).toBe(false);
    const privateKey = main.outputs['private-key']!;
    kit.scanFor(privateKey);
    expect(main.outputs['ca-public-key']).toMatch(/^ssh-rsa /);
    expect(main.outputs['key-file']).toBe(keyFile);
    expect(readFileSync(keyFile, 'utf8')).toBe(privateKey);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${keyFile}-cert.pub`, 'utf8')).toBe(`${main.outputs.certificate}\n`);
    // The key and every line of its base64 are masked (the armor is the same in every key).
    expect(main.commands.masks).toContain(privateKey);
    for (const line of privateKey.split('\n').filter((l) => l && !l.startsWith('-----'))) {
      expect(main.commands.masks).toContain(line);
    }

    const shown = await runProcess('ssh-keygen', ['-L', '-f', `${keyFile}-cert.pub`], {
      env: job.environment(),
      timeoutMs: 10_000,
    });
    expect(shown.stdout).toContain('Signing CA: RSA');
    expect(shown.stdout).toContain('rsa-sha2-256');
    expect(shown.stdout).toMatch(new RegExp(`Principals: \\n\\s+${sshd.user}\\n`));
    expect(shown.stdout).toMatch(/Key ID: "repo=\S+ run=\d+ attempt=\d+ ref=\S+ sha=\S+"/);
    expect(shown.stdout).toMatch(/Valid: from \S+ to \S+/);
    expect(shown.stdout).toMatch(/Extensions: \n\s+permit-port-forwarding\n\s+permit-pty\n/);

    server.trust(main.outputs['ca-public-key']!);
    const ok = await login(job, sshd, ['-o', 'IdentitiesOnly=yes', '-i', keyFile], {
      SSH_AUTH_SOCK: '',
    });
    expect(ok.exitCode, ok.stderr).toBe(0);

    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
    expect(post.commands.warnings).toEqual([]);
    expect(existsSync(keyFile)).toBe(false);
    expect(existsSync(`${keyFile}-cert.pub`)).toBe(false);
  },
);

caTest(
  'ssh-host: `ssh prod` uses the certificate from the agent',
  async ({ kit, emulator, server }) => {
    const { sshd } = server;
    const job = kit.newJob();
    const main = await job.runMain(
      certificateInputs(kit, emulator, sshd, {
        'ssh-host': `prod=${sshd.user}@127.0.0.1:${sshd.port}`,
        'known-hosts': sshd.hostKnownHostsLine,
      }),
    );
    expect(main.failed, describeStep(main)).toBe(false);
    server.trust(main.outputs['ca-public-key']!);
    const ssh = await runProcess('ssh', ['-o', 'BatchMode=yes', 'prod', 'echo in'], {
      env: job.environment(),
      timeoutMs: 30_000,
    });
    expect(ssh.exitCode, ssh.stderr).toBe(0);
    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
    expect(post.commands.warnings).toEqual([]);
  },
);

caTest(
  'a 5-second certificate works at once and is refused once it expires',
  async ({ kit, emulator, server }) => {
    const { sshd } = server;
    const job = kit.newJob();
    const main = await job.runMain(
      certificateInputs(kit, emulator, sshd, { 'certificate-lifetime': '5' }),
    );
    expect(main.failed, describeStep(main)).toBe(false);
    server.trust(main.outputs['ca-public-key']!);
    const socket = main.outputs['ssh-auth-sock']!;
    expect((await login(job, sshd)).exitCode).toBe(0);
    const certificateText = main.outputs.certificate!;
    const file = join(kit.scratchDir(), 'id-cert.pub');
    appendFileSync(file, `${certificateText}\n`);
    const wait = Date.parse(main.outputs['valid-before']!) - Date.now() + 1_500;
    await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 0)));
    // The agent forgot key and certificate with it (key-lifetime defaults to the certificate's).
    expect((await agentList(job, socket)).stdout).not.toMatch(/ED25519/);
    // And sshd refuses the certificate itself, offered from a file with a key it does not have.
    const from = sshd.readLog().length;
    const late = await login(job, sshd);
    expect(late.exitCode).toBe(255);
    expect(sshd.readLog().slice(from)).not.toContain('Accepted');
    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
  },
);

caTest(
  'keyless: OIDC token -> STS -> KMS signs with the temporary credentials',
  async ({ kit, emulator, server }) => {
    const { sshd } = server;
    await kit.withTokenService();
    const job = kit.newJob();
    const main = await job.runMain(certificateInputs(kit, emulator, sshd));
    expect(main.failed, describeStep(main)).toBe(false);
    const actions = kit.calls().map((call) => call.action);
    expect(actions).toEqual(['AssumeRoleWithWebIdentity', 'GetPublicKey', 'SignByAsymmetricKey']);
    const kmsCalls = kit.calls().filter((call) => call.service === 'kms');
    const issued = emulator
      .temporaryCredentials()
      .find((c) => c.secretId === kmsCalls[0]?.secretId);
    expect(issued).toBeDefined();
    for (const call of kmsCalls) {
      expect(call).toMatchObject({
        auth: 'tc3',
        secretId: issued?.secretId,
        token: issued?.token,
        code: 'OK',
      });
    }
    server.trust(main.outputs['ca-public-key']!);
    expect((await login(job, sshd)).exitCode).toBe(0);
    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
  },
);

caTest('throttled signing is retried', async ({ kit, server }) => {
  const { sshd } = server;
  const emulator = await kit.startEmulator();
  emulator.injectFault({ type: 'throttle', action: 'SignByAsymmetricKey', times: 2 });
  const job = kit.newJob();
  const inputs = certificateInputs(kit, emulator, sshd, {
    endpoint: emulator.url,
    'secret-id': emulator.credentials.secretId,
    'secret-key': emulator.credentials.secretKey,
  });
  const main = await job.runMain(inputs);
  expect(main.failed, describeStep(main)).toBe(false);
  const signs = emulator.calls.filter((call) => call.action === 'SignByAsymmetricKey');
  expect(signs.map((call) => call.code)).toEqual([
    expect.stringMatching(/^RequestLimitExceeded/),
    expect.stringMatching(/^RequestLimitExceeded/),
    'OK',
  ]);
  server.trust(main.outputs['ca-public-key']!);
  expect((await login(job, sshd)).exitCode).toBe(0);
  await job.runPost(main);
});

caTest(
  'a KMS key that does not exist fails the step, naming it, and changes nothing',
  async ({ kit, emulator, server }) => {
    const job = kit.newJob();
    const missing = '00000000-0000-0000-0000-000000000000';
    const main = await job.runMain(
      certificateInputs(kit, emulator, server.sshd, { 'ca-kms-key-id': missing }),
    );
    expect(main.failed).toBe(true);
    expect(errorText(main)).toContain(missing);
    expect(main.state).toEqual({});
    expect(main.outputs).toEqual({});
  },
);

caTest(
  'a certificate for another principal is refused by sshd',
  async ({ kit, emulator, server }) => {
    const { sshd } = server;
    const job = kit.newJob();
    const inputs = certificateInputs(kit, emulator, sshd, {
      'certificate-principals': 'someone-else',
    });
    const main = await job.runMain(inputs);
    expect(main.failed, describeStep(main)).toBe(false);
    server.trust(main.outputs['ca-public-key']!);
    const from = sshd.readLog().length;
    const refused = await login(job, sshd);
    expect(refused.exitCode).toBe(255);
    expect(sshd.readLog().slice(from)).not.toContain('Accepted');
    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
  },
);

caTest(
  'git-repositories: the alias offers the key with its certificate',
  async ({ kit, emulator, server }) => {
    const job = kit.newJob();
    const stub = writeGitSshStub(kit.scratchDir());
    const inputs = certificateInputs(kit, emulator, server.sshd, {
      'git-repositories': 'acme/app',
    });
    const main = await job.runMain(inputs);
    expect(main.failed, describeStep(main)).toBe(false);
    const alias = gitAlias('github.com', 'acme', 'app');
    const { invocations } = await gitLsRemote(
      job.environment(),
      stub,
      'git@github.com:acme/app.git',
    );
    expect(invocations).toMatchObject([{ user: 'git', host: alias }]);
    const resolved = await resolvedSshConfig(alias, job.environment());
    const certificateFile = resolved.certificatefile?.[0] ?? '';
    expect(readFileSync(certificateFile, 'utf8')).toBe(`${main.outputs.certificate}\n`);
    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
    expect(post.commands.warnings).toEqual([]);
    expect(existsSync(certificateFile)).toBe(false);
  },
);
