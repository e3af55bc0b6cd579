// The leak suite: every success and failure scenario, with and without RUNNER_DEBUG, through the
// bundled action. Every job's whole log (both steps, stdout, stderr, step summaries) must be free
// of any fragment of any private key, raw API value, secret key, session token or temporary key.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/server.js';
import { expectNoLeak } from '../helpers/leak-scan.js';
import { isProcessAlive } from '../helpers/processes.js';
import { SCENARIOS, SESSION_TOKEN, type Scenario } from './leak-scenarios.js';
import {
  STACK_TRACE,
  describeStep,
  rawApiValue,
  runJob,
  withEmulator,
} from './reliability-support.js';

/** Everything secret that this emulator handed out or holds, plus the scenario's own. */
function secretsOf(emulator: Emulator, extra: string[] = []): string[] {
  const keys = emulator.listSecrets().flatMap((record) => [record.privateKey, rawApiValue(record)]);
  const temporary = emulator.temporaryCredentials().flatMap((c) => [c.secretKey, c.token]);
  return [...keys, ...temporary, emulator.credentials.secretKey, SESSION_TOKEN, ...extra];
}

const CASES = SCENARIOS.flatMap((scenario) =>
  [false, true].map((debug) => ({ ...scenario, debug })),
);

async function runScenario(scenario: Scenario & { debug: boolean }): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'leak-scratch-'));
  try {
    await withEmulator({}, async (emulator) => {
      const setup = scenario.setup(emulator, scratch);
      const inputs = Object.fromEntries(Object.entries(setup.inputs).filter(([, v]) => v !== ''));
      const { main, post, job } = await runJob(inputs, { env: setup.env, debug: scenario.debug });
      try {
        expect(main.failed, describeStep(main)).toBe(scenario.outcome === 'failure');
        expect(post?.exitCode).toBe(0);
        const agentPid = Number(main.outputs['ssh-agent-pid']);
        if (agentPid > 0) expect(isProcessAlive(agentPid)).toBe(false);
        if (scenario.debug) expect(main.commands.debugs.length).toBeGreaterThan(0);
        const log = job.allOutputText();
        expect(log).not.toMatch(STACK_TRACE);
        expectNoLeak(log, secretsOf(emulator, setup.secrets));
      } finally {
        job.dispose();
      }
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe.concurrent('no secret in any log', () => {
  it.for(CASES)('$label (debug: $debug)', async (scenario) => {
    await runScenario(scenario);
  });
});
