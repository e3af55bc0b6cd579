// get-or-create under contention: many jobs start at once on the same missing secret, as a
// matrix does. Exactly one secret must exist afterwards and every job must hold its key.
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/server.js';
import { expectNoLeak } from '../helpers/leak-scan.js';
import {
  type JobRun,
  callsOf,
  describeStep,
  emulatorInputs,
  rawApiValue,
  runJob,
  withEmulator,
} from './reliability-support.js';

const JOBS = 12;
const NAME = 'matrix-deploy-key';

/** Starts every job at once and waits for all of them. */
async function raceJobs(emulator: Emulator): Promise<JobRun[]> {
  const inputs = emulatorInputs(emulator, {
    'secret-name': NAME,
    mode: 'get-or-create',
    'ssh-agent': 'false',
  });
  return Promise.all(Array.from({ length: JOBS }, () => runJob(inputs, { timeoutMs: 90_000 })));
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
  const secretValues = secrets.flatMap((s) => [s.privateKey, rawApiValue(s)]);
  for (const { job } of runs) expectNoLeak(job.allOutputText(), secretValues);
}

describe.sequential('get-or-create under contention', () => {
  it(`${JOBS} jobs at once on one missing secret: one secret, one creator, one key`, async () => {
    await withEmulator({}, async (emulator) => {
      const runs = await raceJobs(emulator);
      try {
        expectOneSharedKey(emulator, runs);
        // Every job looked first; the losers of the create race read the winner's key.
        const gets = callsOf(emulator, 'GetSSHKeyPairValue');
        expect(gets.filter((call) => call.code === 'OK')).toHaveLength(JOBS);
      } finally {
        runs.forEach(({ job }) => job.dispose());
      }
    });
  });

  it(`${JOBS} jobs at once against a limit of 5 requests/s: all succeed with default retries`, async () => {
    await withEmulator({ rateLimit: 5 }, async (emulator) => {
      const runs = await raceJobs(emulator);
      try {
        expectOneSharedKey(emulator, runs);
        const throttled = emulator.calls.filter((call) => call.code === 'RequestLimitExceeded');
        // Each throttled call was retried: one retry line for each in the jobs' logs.
        const retries = runs.flatMap(({ main }) =>
          main.stdout
            .split('\n')
            .filter((line) => line.includes('RequestLimitExceeded, RequestId')),
        );
        expect(retries).toHaveLength(throttled.length);
      } finally {
        runs.forEach(({ job }) => job.dispose());
      }
    });
  });
});
