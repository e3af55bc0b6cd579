// The demo: runs the bundled action (dist/) end to end the way the GitHub runner does, under
// Node 24, against the local Tencent Cloud API emulator. It creates an SSH key secret, loads it
// into ssh-agent, shows `ssh-add -l` as a later step would, then runs the post step.
import { execFileSync } from 'node:child_process';
import { Job, type StepResult } from '../harness/action-runner.js';
import { node24 } from '../harness/node24.js';
import { startEmulator } from '../emulator/server.js';

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
    return execFileSync('ssh-add', ['-l'], options).trim();
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
    const ok =
      [first, second, again].every((step) => !step.failed) && again.outputs.created === 'false';
    console.log(
      ok ? '\nDemo finished: the key was created, loaded and cleaned up.' : '\nDemo FAILED.',
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    job.dispose();
    await emulator.close();
  }
}

await main();
