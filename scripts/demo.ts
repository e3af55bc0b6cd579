// The demo: runs the bundled action (dist/) end to end the way the GitHub runner does, under
// Node 24, against the local Tencent Cloud API emulator. It creates an SSH key secret, loads it
// into ssh-agent, shows `ssh-add -l` as a later step would, then runs the post step. Then a
// second job in mode certificate: a KMS key in the emulator signs a short-lived certificate, and
// `ssh demo-server` logs in to a loopback sshd that trusts only that CA.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job, type StepResult } from '../harness/action-runner.js';
import { node24 } from '../harness/node24.js';
import { runProcess } from '../harness/run-process.js';
import { startSshd } from '../harness/sshd.js';
import { type Emulator, startEmulator } from '../emulator/server.js';

const SECRET_NAME = 'demo-deploy-key';
const SECOND_SECRET = 'demo-clone-key';

/** What the job log would show: workflow commands consumed, masked values replaced by ***. */
function printLog(title: string, step: StepResult): void {
  console.log(
    `\n── ${title} (exit ${step.exitCode}) ${'─'.repeat(Math.max(0, 60 - title.length))}`,
  );
  const masks = step.commands.masks.filter((value) => value.length > 0);
  for (const line of `${step.stdout}${step.stderr}`.split('\n')) {
    if (line === '' || line.startsWith('::add-mask::') || line.startsWith('::debug::')) continue;
    console.log(`  ${masks.reduce((text, secret) => text.split(secret).join('***'), line)}`);
  }
}

function printOutputs(step: StepResult): void {
  for (const [name, value] of Object.entries(step.outputs)) {
    const shown = name === 'public-key' ? `${value.slice(0, 40)}...` : value;
    console.log(`  outputs.${name} = ${shown}`);
  }
}

function sshAddList(job: Job): string {
  try {
    const options = { env: job.environment(), encoding: 'utf8' as const, stdio: 'pipe' as const };
    return execFileSync('ssh-add', ['-l'], options).trim().split('\n').join('\n  ');
  } catch (error) {
    const status = (error as { status?: number }).status;
    return status === 2 ? '(no agent: could not connect)' : `(ssh-add -l exited ${status})`;
  }
}

async function main(): Promise<void> {
  const node = node24();
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const emulator = await startEmulator();
  const job = new Job({ node });
  console.log(`Tencent Cloud API emulator at ${emulator.url}; the action runs on Node ${version}.`);
  try {
    const inputs = {
      'secret-name': SECRET_NAME,
      mode: 'get-or-create',
      region: 'ap-guangzhou',
      endpoint: emulator.url,
      'secret-id': emulator.credentials.secretId,
      'secret-key': emulator.credentials.secretKey,
    };
    const first = await job.runMain(inputs);
    printLog('step 1: get-or-create (the secret is missing, so it is created)', first);
    printOutputs(first);
    const second = await job.runMain({ ...inputs, 'secret-name': SECOND_SECRET });
    printLog('step 2: get-or-create a second key (reuses the agent of step 1)', second);
    const again = await job.runMain({ ...inputs, mode: 'get' });
    printLog('step 3: get the first key again (already there: created=false)', again);
    console.log(`  outputs.created = ${again.outputs.created}`);
    console.log(`\n── a later step runs: ssh-add -l\n  ${sshAddList(job)}`);
    printLog('post of step 3', await job.runPost(again));
    printLog('post of step 2', await job.runPost(second));
    printLog('post of step 1', await job.runPost(first));
    console.log(`\n── after the post steps: ssh-add -l\n  ${sshAddList(job)}`);
    const certificateOk = await certificateDemo(node, emulator);
    const ok =
      [first, second, again].every((step) => !step.failed) &&
      again.outputs.created === 'false' &&
      certificateOk;
    console.log(
      ok
        ? '\nDemo finished: the key was created, loaded and cleaned up; the certificate let ssh in.'
        : '\nDemo FAILED.',
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    job.dispose();
    await emulator.close();
  }
}

/** Mode certificate: a CA key in the emulator's KMS, a loopback sshd trusting only that CA. */
async function certificateDemo(node: string, emulator: Emulator): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'demo-ca-'));
  const trusted = join(dir, 'trusted_user_ca_keys');
  appendFileSync(trusted, '');
  const sshd = await startSshd({
    authorizedKeys: [],
    extraConfig: [`TrustedUserCAKeys ${trusted}`],
  });
  const job = new Job({ node });
  try {
    const step = await job.runMain({
      mode: 'certificate',
      region: 'ap-guangzhou',
      'kms-endpoint': emulator.url,
      'secret-id': emulator.credentials.secretId,
      'secret-key': emulator.credentials.secretKey,
      'ca-kms-key-id': emulator.addKmsKey({ type: 'ec' }).keyId,
      'certificate-principals': sshd.user,
      'certificate-lifetime': '300',
      'ssh-host': `demo-server=${sshd.user}@127.0.0.1:${sshd.port}`,
      'known-hosts': sshd.hostKnownHostsLine,
    });
    printLog('certificate job, step 1: mode certificate (KMS signs a 5-minute certificate)', step);
    console.log(`  outputs.ca-public-key = ${step.outputs['ca-public-key']?.slice(0, 60)}...`);
    console.log(`  outputs.valid-before  = ${step.outputs['valid-before']}`);
    // The server side, once: trust the CA the job names (TrustedUserCAKeys), no authorized_keys.
    appendFileSync(trusted, `${step.outputs['ca-public-key'] ?? ''}\n`);
    console.log(`\n── a later step runs: ssh-add -l\n  ${sshAddList(job)}`);
    const ssh = await runProcess(
      'ssh',
      ['-o', 'BatchMode=yes', 'demo-server', 'echo in as $(id -un)'],
      {
        env: job.environment(),
        timeoutMs: 30_000,
      },
    );
    console.log(
      `\n── a later step runs: ssh demo-server 'echo in as $(id -un)'\n  ${ssh.stdout.trim() || ssh.stderr.trim()}`,
    );
    const accepted = sshd.readLog().match(/Accepted publickey .*? ID (\S+ \S+)/)?.[1];
    if (accepted) console.log(`  sshd log: certificate ID ${accepted} ...`);
    printLog('post of the certificate step', await job.runPost(step));
    return !step.failed && ssh.exitCode === 0;
  } finally {
    job.dispose();
    await sshd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
