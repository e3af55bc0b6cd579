// The leak suite: every success and failure scenario, with and without RUNNER_DEBUG, through the
// bundled action. Every job's whole log (both steps, stdout, stderr, step summaries) must be free
// of any fragment of any private key, raw API value, secret key, session token or temporary key.
import { describe, expect } from 'vitest';
import { isProcessAlive } from '../../harness/processes.js';
import { SCENARIOS, SESSION_TOKEN, type Scenario } from './leak-scenarios.js';
import { type Kit, STACK_TRACE, describeStep, test } from './kit.js';

const CASES = SCENARIOS.flatMap((scenario) =>
  [false, true].map((debug) => ({ ...scenario, debug })),
);

/**
 * One scenario on an emulator of its own. The kit scans the job's whole log when the test ends,
 * for every key the emulators hold (raw and decoded), their secret keys and temporary
 * credentials, the session token and the scenario's own secrets.
 */
async function runScenario(kit: Kit, scenario: Scenario & { debug: boolean }): Promise<void> {
  const emulator = await kit.startEmulator();
  const setup = scenario.setup(emulator, kit.scratchDir());
  kit.scanFor(SESSION_TOKEN, ...(setup.secrets ?? []));
  const inputs = Object.fromEntries(Object.entries(setup.inputs).filter(([, v]) => v !== ''));
  const { main, post, job } = await kit.runJob(inputs, { env: setup.env, debug: scenario.debug });
  expect(main.failed, describeStep(main)).toBe(scenario.outcome === 'failure');
  expect(post?.exitCode).toBe(0);
  const agentPid = Number(main.outputs['ssh-agent-pid']);
  if (agentPid > 0) expect(isProcessAlive(agentPid)).toBe(false);
  if (scenario.debug) expect(main.commands.debugs.length).toBeGreaterThan(0);
  expect(job.allOutputText()).not.toMatch(STACK_TRACE);
}

describe.concurrent('no secret in any log', () => {
  test.for(CASES)('$label (debug: $debug)', async (scenario, { kit }) => {
    await runScenario(kit, scenario);
  });
});
