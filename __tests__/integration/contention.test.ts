// get-or-create under contention: many jobs start at once on the same missing secret, as a
// matrix does. Exactly one secret must exist afterwards and every job must hold its key.
import { describe, expect } from 'vitest';
import type { Emulator } from '../../emulator/server.js';
import { type JobRun, type Kit, callsOf, describeStep, emulatorInputs, test } from './kit.js';

const JOBS = 12;
const NAME = 'matrix-deploy-key';

/** Starts every job at once and waits for all of them (the kit scans their logs for the keys). */
async function raceJobs(kit: Kit, emulator: Emulator): Promise<JobRun[]> {
  const inputs = emulatorInputs(emulator, {
    'secret-name': NAME,
    mode: 'get-or-create',
    'ssh-agent': 'false',
  });
  return Promise.all(Array.from({ length: JOBS }, () => kit.runJob(inputs, { timeoutMs: 90_000 })));
}

function expectOneSharedKey(emulator: Emulator, runs: JobRun[]): void {
  const secrets = emulator.listSecrets();
  expect(secrets.map((secret) => secret.name)).toEqual([NAME]);
  const [secret] = secrets;
  for (const { main } of runs) expect(main.failed, describeStep(main)).toBe(false);
  expect(new Set(runs.map(({ main }) => main.outputs.fingerprint))).toEqual(
    new Set([secret?.fingerprint]),
  );
  expect(new Set(runs.map(({ main }) => main.outputs['ssh-key-id']))).toEqual(
    new Set([secret?.sshKeyId]),
  );
  const created = runs.filter(({ main }) => main.outputs.created === 'true');
  expect(created).toHaveLength(1);
  expect(runs.filter(({ main }) => main.outputs.created === 'false')).toHaveLength(JOBS - 1);
  const creates = callsOf(emulator, 'CreateSSHKeyPairSecret');
  expect(creates.filter((call) => call.code === 'OK')).toHaveLength(1);
  for (const call of creates) {
    expect(['OK', 'ResourceInUse.SecretExists', 'RequestLimitExceeded']).toContain(call.code);
  }
}

describe.sequential('get-or-create under contention', () => {
  test(`${JOBS} jobs at once on one missing secret: one secret, one creator, one key`, async ({
    kit,
  }) => {
    const emulator = await kit.startEmulator();
    const runs = await raceJobs(kit, emulator);
    expectOneSharedKey(emulator, runs);
    // Every job looked first; the losers of the create race read the winner's key.
    const gets = callsOf(emulator, 'GetSSHKeyPairValue');
    expect(gets.filter((call) => call.code === 'OK')).toHaveLength(JOBS);
  });

  test(`${JOBS} jobs at once against a limit of 5 requests/s: all succeed with default retries`, async ({
    kit,
  }) => {
    const emulator = await kit.startEmulator({ rateLimit: 5 });
    const runs = await raceJobs(kit, emulator);
    expectOneSharedKey(emulator, runs);
    const throttled = emulator.calls.filter((call) => call.code === 'RequestLimitExceeded');
    // Each throttled call was retried: one retry line for each in the jobs' logs.
    const retries = runs.flatMap(({ main }) =>
      main.stdout.split('\n').filter((line) => line.includes('RequestLimitExceeded, RequestId')),
    );
    expect(retries).toHaveLength(throttled.length);
  });
});
