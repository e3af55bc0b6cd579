// One connection per host per step: the calls of a step (get -> create -> get, retries after
// throttling or a 5xx) ride one kept-alive connection, through a proxy one tunnel. Counts, not
// timings: the emulator numbers the connection each call came on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { Emulator } from '../../emulator/server.js';
import { startProxy, startTlsFront } from './proxy-support.js';
import { type Kit, describeStep, freshName, test } from './kit.js';

const GET = 'GetSSHKeyPairValue';

type Fault = Parameters<Emulator['injectFault']>[0];

/** The connections the calls naming `secretName` came on, one entry per call, in order. */
function connectionsOf(kit: Kit, secretName: string): number[] {
  return kit.callsFor(secretName).map((call) => call.connection);
}

interface Scenario {
  label: string;
  mode: 'get' | 'get-or-create';
  /** Seeded first, unless the scenario creates the key. */
  seeded: boolean;
  fault?: Omit<Fault, 'action'>;
  calls: string[];
}

const SCENARIOS: Scenario[] = [
  { label: 'get', mode: 'get', seeded: true, calls: [GET] },
  {
    label: 'get-or-create of a missing key',
    mode: 'get-or-create',
    seeded: false,
    calls: [GET, 'CreateSSHKeyPairSecret', GET],
  },
  {
    label: 'a throttled get that then succeeds',
    mode: 'get',
    seeded: true,
    fault: { type: 'throttle' },
    calls: [GET, GET],
  },
  {
    label: 'a get answered 503 that then succeeds',
    mode: 'get',
    seeded: true,
    fault: { type: 'http-status', status: 503 },
    calls: [GET, GET],
  },
];

describe('one connection per host per step', () => {
  test.for(SCENARIOS)('$label: 1 connection', async (scenario, { kit, emulator }) => {
    const name = scenario.seeded ? kit.seed({ name: 'conn' }).name : freshName('conn');
    // The emulator is the file's: a fault for this name's calls only would need a filter, so
    // these tests run one after another and the fault is the next GET's.
    if (scenario.fault) emulator.injectFault({ ...scenario.fault, action: GET } as Fault);
    const { main } = await kit.runJob(
      kit.inputs({ 'secret-name': name, mode: scenario.mode, 'ssh-agent': 'false' }),
    );
    expect(main.failed, describeStep(main)).toBe(false);
    expect(kit.callsFor(name).map((call) => call.action)).toEqual(scenario.calls);
    expect(new Set(connectionsOf(kit, name)).size).toBe(1);
  });

  test('keyless get: STS and SSM on one host share one connection', async ({ kit, tokens }) => {
    expect(tokens).toBeDefined();
    const name = kit.seed({ name: 'conn-keyless' }).name;
    const { main } = await kit.runJob(kit.inputs({ 'secret-name': name, 'ssh-agent': 'false' }));
    expect(main.failed, describeStep(main)).toBe(false);
    const sts = kit.calls('AssumeRoleWithWebIdentity').at(-1);
    const ssm = connectionsOf(kit, name);
    expect(ssm).toHaveLength(1);
    expect(sts?.connection).toBe(ssm[0]);
  });

  test('through a proxy: one tunnel for get -> create -> get over https', async ({
    kit,
    emulator,
  }) => {
    const dir = mkdtempSync(join(tmpdir(), 'conn-test-'));
    const front = await startTlsFront(emulator.port, dir);
    const proxy = await startProxy();
    try {
      const name = freshName('conn-proxied');
      const inputs = { 'secret-name': name, mode: 'get-or-create', 'ssh-agent': 'false' };
      const { main } = await kit.runJob(kit.inputs({ ...inputs, endpoint: front.endpoint }), {
        env: { HTTPS_PROXY: `http://${proxy.url}`, NODE_EXTRA_CA_CERTS: front.certFile },
      });
      expect(main.failed, describeStep(main)).toBe(false);
      expect(kit.callsFor(name)).toHaveLength(3);
      expect(proxy.tunnels).toHaveLength(1);
      expect(new Set(connectionsOf(kit, name)).size).toBe(1);
    } finally {
      await proxy.close();
      await front.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
