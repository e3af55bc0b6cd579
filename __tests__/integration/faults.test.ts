// Retries by error class and per-request timeouts, through the bundled action on Node 24 against
// an emulator that misbehaves on purpose. Each test has its own emulator: faults are global to one.
import { createServer } from 'node:net';
import { describe, expect } from 'vitest';
import type { Emulator } from '../../emulator/server.js';
import {
  STACK_TRACE,
  callsOf,
  describeStep,
  emulatorInputs,
  errorText,
  retryLines,
  test,
} from './kit.js';

type Fault = Parameters<Emulator['injectFault']>[0];
const GET = 'GetSSHKeyPairValue';

interface RetryCase {
  label: string;
  fault: Fault;
  /** What the retry lines and the final error say about the failure. */
  reason: RegExp;
  /** What the final error tells the user to do. */
  advice: RegExp;
}

const RETRYABLE: RetryCase[] = [
  {
    label: 'RequestLimitExceeded',
    fault: { type: 'throttle' },
    reason: /RequestLimitExceeded, RequestId [0-9a-f-]{36}/,
    advice: /throttled every attempt .* raise 'max-attempts'/,
  },
  {
    label: 'InternalError',
    fault: { type: 'internal-error' },
    reason: /InternalError, RequestId [0-9a-f-]{36}/,
    advice: /internal error on every attempt: retry later/,
  },
  {
    label: 'HTTP 502',
    fault: { type: 'http-status', status: 502 },
    reason: /HTTP 502/,
    advice: /proxy in between failed: retry later/,
  },
  {
    label: 'HTTP 503',
    fault: { type: 'http-status', status: 503 },
    reason: /HTTP 503/,
    advice: /proxy in between failed: retry later/,
  },
  {
    label: 'a connection reset',
    fault: { type: 'reset' },
    reason: /closed the connection without an answer/,
    advice: /Check 'endpoint', DNS, the firewall and proxy settings/,
  },
  {
    label: 'a hang (timeout-seconds 1)',
    fault: { type: 'hang' },
    reason: /no answer within 1 s|did not answer within 1 s \(timed out\)/,
    advice: /raise 'timeout-seconds'/,
  },
];

const RETRY_LINE =
  /^GetSSHKeyPairValue: attempt (\d) of (\d) failed \((.+)\); retrying in (\d+) ms$/;

/** Every retry line names the attempt, the reason and a wait within the backoff ceiling. */
function expectRetryLines(lines: string[], maxAttempts: number, reason: RegExp): void {
  lines.forEach((line, index) => {
    const match = RETRY_LINE.exec(line);
    expect(match, line).not.toBeNull();
    const [, attempt, of, why, wait] = match ?? [];
    expect(Number(attempt)).toBe(index + 1);
    expect(Number(of)).toBe(maxAttempts);
    expect(why).toMatch(reason);
    // DEFAULT_POLICY: jitter under min(8 s, 500 ms * 2^(n-1)). THROTTLE_POLICY: 1.5 to 3.5 s.
    if (/RequestLimitExceeded/.test(why ?? '')) {
      expect(Number(wait)).toBeGreaterThanOrEqual(1_500);
      expect(Number(wait)).toBeLessThan(3_500);
    } else {
      expect(Number(wait)).toBeLessThan(Math.min(8_000, 500 * 2 ** index));
    }
  });
}

/** A 1 s deadline only where the emulator hangs: a loaded CI machine can be slower than that. */
function fastInputs(emulator: Emulator, name: string, extra: Record<string, string> = {}) {
  return emulatorInputs(emulator, {
    'secret-name': name,
    'ssh-agent': 'false',
    'timeout-seconds': '10',
    ...extra,
  });
}

const deadlineFor = (fault: Fault): Record<string, string> =>
  fault.type === 'hang' ? { 'timeout-seconds': '1' } : {};

describe.concurrent('retryable failures are retried up to max-attempts', () => {
  test.for(RETRYABLE)('$label: 3 calls, 2 retry lines, then a clear error', async (c, { kit }) => {
    const emulator = await kit.startEmulator();
    const { name } = emulator.addSecret({ name: 'retry-exhausted' });
    emulator.injectFault({ ...c.fault, action: GET, times: -1 });
    const inputs = fastInputs(emulator, name, { 'max-attempts': '3', ...deadlineFor(c.fault) });
    const { main } = await kit.runJob(inputs);
    expect(main.exitCode, describeStep(main)).toBe(1);
    expect(callsOf(emulator, GET)).toHaveLength(3);
    const lines = retryLines(main);
    expect(lines).toHaveLength(2);
    expectRetryLines(lines, 3, c.reason);
    const error = errorText(main);
    expect(error).toContain(`GetSSHKeyPairValue for secret '${name}' failed after 3 attempts`);
    expect(error).toMatch(c.reason);
    expect(error).toMatch(c.advice);
    expect(`${main.stdout}\n${main.stderr}`).not.toMatch(STACK_TRACE);
  });

  test.for(RETRYABLE)(
    '$label twice, then success with the default max-attempts',
    async (c, { kit }) => {
      const emulator = await kit.startEmulator();
      const record = emulator.addSecret({ name: 'retry-recovers' });
      emulator.injectFault({ ...c.fault, action: GET, times: 2 });
      // 2 s: the answer after two hangs must not time out on a loaded machine.
      const deadline: Record<string, string> =
        c.fault.type === 'hang' ? { 'timeout-seconds': '2' } : {};
      const { main } = await kit.runJob(fastInputs(emulator, record.name, deadline));
      expect(main.failed, describeStep(main)).toBe(false);
      const faults = callsOf(emulator, GET).map((call) => call.fault ?? 'ok');
      expect(faults).toEqual([c.fault.type, c.fault.type, 'ok']);
      const lines = retryLines(main);
      expect(lines).toHaveLength(2);
      expectRetryLines(lines, 5, c.fault.type === 'hang' ? /no answer within 2 s/ : c.reason);
      expect(main.outputs.fingerprint).toBe(record.fingerprint);
    },
  );
});

interface FinalCase {
  code: string;
  advice: RegExp;
}

const NOT_RETRIED: FinalCase[] = [
  { code: 'AuthFailure.SignatureFailure', advice: /Check secret-id and secret-key/ },
  { code: 'AuthFailure.SecretIdNotFound', advice: /secret-id does not exist/ },
  { code: 'UnauthorizedOperation', advice: /policy must allow ssm:GetSSHKeyPairValue/ },
  { code: 'ResourceNotFound', advice: /'mode: get-or-create'/ },
  { code: 'InvalidParameterValue', advice: /rejected a parameter value/ },
  { code: 'ResourceUnavailable.ResourceDisabled', advice: /enable it in the SSM console/ },
  { code: 'LimitExceeded', advice: /quota/ },
];

describe.concurrent('other API errors fail after one call', () => {
  test.for(NOT_RETRIED)('$code', async ({ code, advice }, { kit }) => {
    const emulator = await kit.startEmulator();
    const { name } = emulator.addSecret({ name: 'not-retried' });
    const marker = `Injected ${code} message`;
    emulator.injectFault({ type: 'error', code, message: marker, action: GET, times: -1 });
    const { main } = await kit.runJob(fastInputs(emulator, name, { 'max-attempts': '5' }));
    expect(main.exitCode, describeStep(main)).toBe(1);
    const calls = callsOf(emulator, GET);
    expect(calls).toHaveLength(1);
    expect(retryLines(main)).toEqual([]);
    const error = errorText(main);
    expect(error).toContain(`${code}, RequestId ${calls[0]?.requestId}: ${marker}.`);
    expect(error).toMatch(advice);
    expect(error).not.toContain('after');
  });

  test('a wrong secret-key fails after one call with AuthFailure.SignatureFailure', async ({
    kit,
  }) => {
    const emulator = await kit.startEmulator();
    const { name } = emulator.addSecret({ name: 'bad-key' });
    const inputs = fastInputs(emulator, name, { 'secret-key': 'WrongKey0123456789abcdefWRONG' });
    const { main } = await kit.runJob(inputs);
    expect(main.exitCode).toBe(1);
    expect(callsOf(emulator, GET).map((call) => call.code)).toEqual([
      'AuthFailure.SignatureFailure',
    ]);
    expect(errorText(main)).toMatch(/AuthFailure\.SignatureFailure, RequestId .*secret-id/);
  });
});

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.concurrent('timeouts and unreachable endpoints', () => {
  test('timeout-seconds 1 against a hang fails within attempts x 1 s plus the waits', async ({
    kit,
  }) => {
    const emulator = await kit.startEmulator();
    const { name } = emulator.addSecret({ name: 'hangs' });
    emulator.injectFault({ type: 'hang', action: GET, times: -1 });
    const inputs = fastInputs(emulator, name, { 'max-attempts': '2', 'timeout-seconds': '1' });
    const { main, mainMs, mainEndedAt } = await kit.runJob(inputs);
    expect(main.exitCode).toBe(1);
    const [first] = callsOf(emulator, GET);
    expect(callsOf(emulator, GET)).toHaveLength(2);
    const [wait = 0] = retryLines(main).map((line) => Number(/(\d+) ms$/.exec(line)?.[1]));
    // Two 1 s deadlines and one wait under 500 ms: the step cannot be faster, and from the
    // first request on it is not much slower (slack for a loaded machine; the default is 30 s).
    expect(mainMs).toBeGreaterThanOrEqual(2_000 + wait);
    expect(mainEndedAt - (first?.time ?? 0)).toBeLessThan(2_000 + wait + 2_500);
    const error = errorText(main);
    expect(error).toContain(`${emulator.url} did not answer within 1 s (timed out)`);
    expect(error).toContain('after 2 attempts');
  });

  test('a refused connection is a network error, retried, naming the endpoint', async ({ kit }) => {
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const emulator = await kit.startEmulator();
    const inputs = fastInputs(emulator, 'unreachable', { endpoint, 'max-attempts': '2' });
    const { main } = await kit.runJob(inputs);
    expect(main.exitCode).toBe(1);
    expectRetryLines(retryLines(main), 2, /network error ECONNREFUSED/);
    expect(retryLines(main)).toHaveLength(1);
    expect(errorText(main)).toContain(`could not reach ${endpoint} (ECONNREFUSED)`);
    expect(errorText(main)).toContain('after 2 attempts');
    expect(errorText(main)).toContain('HTTPS_PROXY, NO_PROXY');
  });
});
