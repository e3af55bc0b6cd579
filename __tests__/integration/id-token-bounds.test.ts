// The OIDC token request keeps the documented bounds through the bundled action: 'timeout-seconds'
// for each whole answer (a hung or trickling endpoint included) and 'max-attempts' requests in
// all, each failed attempt logged. Counts are what the emulator's token endpoint saw, not timings.
import { describe, expect } from 'vitest';
import type { Emulator } from '../../emulator/server.js';
import { startProxy } from './proxy-support.js';
import {
  type Kit,
  KIT_ROLE,
  PROVIDER,
  REGION,
  ROLE,
  describeStep,
  errorText,
  retryLines,
  test,
} from './kit.js';

type Fault = 'hang' | 'trickle' | number | null;

interface BoundCase {
  label: string;
  fault: Fault;
  timeoutSeconds: number;
  maxAttempts: number;
  error: RegExp;
}

const CASES: BoundCase[] = [
  {
    label: 'an endpoint that never answers, timeout-seconds 3, max-attempts 1',
    fault: 'hang',
    timeoutSeconds: 3,
    maxAttempts: 1,
    error: /failed \(no answer within 3 s\)\. .*'timeout-seconds'/,
  },
  {
    label: 'an endpoint that never answers, timeout-seconds 2, max-attempts 2',
    fault: 'hang',
    timeoutSeconds: 2,
    maxAttempts: 2,
    error: /failed after 2 attempts \(no answer within 2 s\)/,
  },
  {
    label: 'a trickling endpoint, timeout-seconds 2, max-attempts 1',
    fault: 'trickle',
    timeoutSeconds: 2,
    maxAttempts: 1,
    error: /failed \(no answer within 2 s\)/,
  },
  {
    label: 'HTTP 503, max-attempts 2',
    fault: 503,
    timeoutSeconds: 20,
    maxAttempts: 2,
    error: /failed after 2 attempts \(HTTP 503\)\. The GitHub token service did not answer/,
  },
  {
    label: 'HTTP 503, max-attempts 1',
    fault: 503,
    timeoutSeconds: 20,
    maxAttempts: 1,
    error: /failed \(HTTP 503\)/,
  },
];

/** An emulator of the test's own: token endpoint faults are global to one. */
const keylessEmulator = (kit: Kit) => kit.startEmulator({ roles: [KIT_ROLE] });

function keylessRun(
  kit: Kit,
  emulator: Emulator,
  c: Pick<BoundCase, 'timeoutSeconds' | 'maxAttempts'>,
  extraEnv: Record<string, string> = {},
) {
  const inputs = {
    region: REGION,
    endpoint: emulator.url,
    'sts-endpoint': emulator.url,
    'role-arn': ROLE,
    'oidc-provider-id': PROVIDER,
    'secret-name': `bounds-${process.pid}`,
    'ssh-agent': 'false',
    'timeout-seconds': String(c.timeoutSeconds),
    'max-attempts': String(c.maxAttempts),
  };
  const env = {
    ACTIONS_ID_TOKEN_REQUEST_URL: emulator.oidc.requestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.oidc.requestToken,
    ...extraEnv,
  };
  // Far below what the old request took (180 s for a hung endpoint, never for a trickle).
  return kit.runJob(inputs, { env, timeoutMs: 30_000, skipPost: true });
}

describe.concurrent('the OIDC token request', () => {
  test.for(CASES)('$label', async (c, { kit }) => {
    const emulator = await keylessEmulator(kit);
    kit.scanFor(emulator.oidc.requestToken);
    emulator.configureOidc({ tokenFault: c.fault });
    const { main, mainMs } = await keylessRun(kit, emulator, c);
    expect(main.exitCode, describeStep(main)).toBe(1);
    expect(emulator.oidc.behavior.tokenRequests).toBe(c.maxAttempts);
    expect(retryLines(main)).toHaveLength(c.maxAttempts - 1);
    retryLines(main).forEach((line, i) =>
      expect(line).toMatch(
        new RegExp(`^Getting the GitHub OIDC token: attempt ${i + 1} of ${c.maxAttempts} `),
      ),
    );
    expect(errorText(main)).toMatch(c.error);
    // Every attempt within its deadline, plus at most 8 s of backoff and the step's start (a
    // loaded machine included).
    const bound = c.maxAttempts * c.timeoutSeconds + (c.maxAttempts - 1) * 8 + 15;
    expect(mainMs).toBeLessThan(bound * 1000);
    expect(emulator.calls.filter((call) => call.service === 'sts')).toEqual([]);
  });

  test('a healthy endpoint: one request, the token masked, the job keyless', async ({ kit }) => {
    const emulator = await keylessEmulator(kit);
    emulator.addSecret({ name: `bounds-${process.pid}` });
    const { main } = await keylessRun(kit, emulator, { timeoutSeconds: 20, maxAttempts: 3 });
    expect(main.failed, describeStep(main)).toBe(false);
    expect(emulator.oidc.behavior.tokenRequests).toBe(1);
    expect(main.commands.masks).toContain(emulator.oidc.requestToken);
  });

  test.for([
    { noProxy: '127.0.0.1', tunnels: ['token endpoint'] },
    { noProxy: '127.0.0.1,localhost', tunnels: [] },
  ])('honours HTTP_PROXY with NO_PROXY=$noProxy', async ({ noProxy, tunnels }, { kit }) => {
    const emulator = await keylessEmulator(kit);
    emulator.addSecret({ name: `bounds-${process.pid}` });
    const proxy = await startProxy();
    // The token endpoint by name, the Tencent endpoints by address: NO_PROXY tells them apart.
    const tokenUrl = emulator.oidc.requestUrl.replace('127.0.0.1', 'localhost');
    const env = {
      HTTP_PROXY: `http://${proxy.url}`,
      NO_PROXY: noProxy,
      ACTIONS_ID_TOKEN_REQUEST_URL: tokenUrl,
    };
    try {
      const { main } = await keylessRun(kit, emulator, { timeoutSeconds: 20, maxAttempts: 1 }, env);
      expect(main.failed, describeStep(main)).toBe(false);
      const expected = tunnels.map(() => new URL(tokenUrl).host);
      expect(proxy.tunnels.map((tunnel) => tunnel.target)).toEqual(expected);
      expect(emulator.oidc.behavior.tokenRequests).toBe(1);
    } finally {
      await proxy.close();
    }
  });
});
