// The server's words never become workflow commands. The emulator plants hostile text in one
// field of an answer; whatever the field, no line of the job's log starts with a planted `::`
// command. A field with a documented shape fails the step as a malformed response; free text
// shows up on one line, and HTML-escaped in the job summary.
import { describe, expect } from 'vitest';
import type { Emulator } from '../../emulator/server.js';
import type { StepResult } from '../../harness/action-runner.js';
import { splitLines } from '../../harness/workflow-commands.js';
import {
  type Kit,
  STACK_TRACE,
  callsOf,
  describeStep,
  emulatorInputs,
  errorText,
  freshName,
  test,
} from './kit.js';

type Fault = Parameters<Emulator['injectFault']>[0];
type Mode = 'get' | 'create';

const GET = 'GetSSHKeyPairValue';
const CREATE = 'CreateSSHKeyPairSecret';
const STS = 'AssumeRoleWithWebIdentity';

/** Each one would be a command of its own if a line break reached the log. */
const PLANTS = {
  warning: 'x\n::warning::planted',
  stopCommands: 'x\r\n::stop-commands::tok',
  saveState: 'x\n::save-state name=journal::planted',
} as const;

/** Lines the runner would read as one of the planted commands. */
function plantedLines(text: string): string[] {
  return splitLines(text).filter((line) =>
    /^::(warning::planted|stop-commands::tok|save-state |tok::)/.test(line.trimStart()),
  );
}

function expectNothingPlanted(steps: (StepResult | undefined)[]): void {
  for (const step of steps) {
    if (!step) continue;
    expect(plantedLines(`${step.stdout}\n${step.stderr}`), describeStep(step)).toEqual([]);
    expect(step.commands.warnings.map((w) => w.message)).not.toContain('planted');
    expect(step.commands.other.map((c) => c.name)).not.toContain('stop-commands');
    expect(step.commands.other.map((c) => c.name)).not.toContain('save-state');
    expect(JSON.stringify(step.state)).not.toContain('planted');
  }
}

interface ShapedCase {
  label: string;
  mode: Mode;
  fault: Fault;
  /** What the error annotation says. */
  says: RegExp;
}

const shaped: ShapedCase[] = [
  ...Object.entries(PLANTS).flatMap(([plant, value]): ShapedCase[] => [
    {
      label: `GetSSHKeyPairValue SSHKeyID (${plant})`,
      mode: 'get',
      fault: { type: 'plant', action: GET, field: 'SSHKeyID', value: `skey-abcd1234${value}` },
      says: /GetSSHKeyPairValue .* was malformed \(SSHKeyID is not an SSH key ID/,
    },
    {
      label: `GetSSHKeyPairValue RequestId (${plant})`,
      mode: 'get',
      fault: { type: 'plant', action: GET, field: 'RequestId', value },
      says: /GetSSHKeyPairValue .* was malformed \(RequestId is not a request ID/,
    },
    {
      label: `CreateSSHKeyPairSecret SSHKeyID (${plant})`,
      mode: 'create',
      fault: { type: 'plant', action: CREATE, field: 'SSHKeyID', value: `skey-abcd1234${value}` },
      says: /CreateSSHKeyPairSecret .* was malformed \(SSHKeyID is not an SSH key ID/,
    },
    {
      label: `CreateSSHKeyPairSecret SecretName (${plant})`,
      mode: 'create',
      fault: { type: 'plant', action: CREATE, field: 'SecretName', value: `name${value}` },
      says: /CreateSSHKeyPairSecret .* was malformed \(SecretName is not a secret name/,
    },
    {
      label: `the RequestId of a throttling error (${plant})`,
      mode: 'get',
      fault: { type: 'throttle', action: GET, requestId: value, times: -1 },
      says: /GetSSHKeyPairValue .* was malformed \(RequestId is not a request ID/,
    },
    {
      label: `the Code of an error (${plant})`,
      mode: 'get',
      fault: { type: 'error', action: GET, code: `InternalError${value}`, times: -1 },
      says: /GetSSHKeyPairValue .* was malformed \(the error Code in the response is not an error code/,
    },
  ]),
];

async function runAgainst(kit: Kit, emulator: Emulator, mode: Mode) {
  const name = freshName('words');
  if (mode === 'get') emulator.addSecret({ name });
  const inputs = emulatorInputs(emulator, {
    'secret-name': name,
    mode,
    'ssh-agent': 'false',
    'max-attempts': '2',
  });
  return { name, ...(await kit.runJob(inputs, { debug: true })) };
}

describe.concurrent('a field with a documented shape', () => {
  test.for(shaped)(
    '$label: a malformed response, no command',
    async ({ mode, fault, says }, { kit }) => {
      const emulator = await kit.startEmulator();
      emulator.injectFault(fault);
      const { main, post, job } = await runAgainst(kit, emulator, mode);
      expectNothingPlanted([main, post]);
      expect(main.exitCode, describeStep(main)).toBe(1);
      expect(errorText(main)).toMatch(says);
      expect(errorText(main)).not.toMatch(/planted|stop-commands|save-state|\n/);
      expect(callsOf(emulator, fault.action)).toHaveLength(1);
      expect(job.allOutputText()).not.toMatch(STACK_TRACE);
    },
  );
});

describe.concurrent('free text', () => {
  test.for(Object.entries(PLANTS))(
    'an error message (%s) is shown on one line',
    async ([, value], { kit }) => {
      const emulator = await kit.startEmulator();
      const message = `gone\u001b[2J${value}`;
      emulator.injectFault({ type: 'error', action: GET, code: 'ResourceNotFound', message });
      const { main, post } = await runAgainst(kit, emulator, 'get');
      expectNothingPlanted([main, post]);
      expect(main.exitCode, describeStep(main)).toBe(1);
      const error = errorText(main);
      expect(error).toMatch(/ResourceNotFound, RequestId [0-9a-f-]{36}: gone\\u001b\[2Jx /);
      expect(error).not.toMatch(/[\n\r]/);
      expect(error).not.toContain('\u001b');
    },
  );

  test('an SSH key name is one line in the output and HTML-escaped in the summary', async ({
    kit,
  }) => {
    const emulator = await kit.startEmulator();
    const value = `<img src=x onerror=alert(1)>${PLANTS.warning}\n\n![t](http://e)`;
    emulator.injectFault({ type: 'plant', action: GET, field: 'SSHKeyName', value });
    const { main, post } = await runAgainst(kit, emulator, 'create');
    expectNothingPlanted([main, post]);
    expect(main.exitCode, describeStep(main)).toBe(0);
    const shown = '<img src=x onerror=alert(1)>x ::warning::planted  ![t](http://e)';
    expect(main.outputs['ssh-key-name']).toBe(shown);
    expect(main.summary).toContain(
      '&lt;img src=x onerror=alert(1)&gt;x ::warning::planted  ![t](http://e)',
    );
    expect(main.summary).not.toContain('<img');
  });
});

describe('read back by the name the step asked for', () => {
  test('a create answer naming another secret does not choose the key', async ({ kit }) => {
    const emulator = await kit.startEmulator();
    const other = emulator.addSecret({ name: freshName('other') });
    emulator.injectFault({
      type: 'plant',
      action: CREATE,
      field: 'SecretName',
      value: other.name,
    });
    const { name, main, post } = await runAgainst(kit, emulator, 'create');
    expect(main.exitCode, describeStep(main)).toBe(0);
    const asked = emulator.getSecret(name);
    expect(main.outputs['secret-name']).toBe(name);
    expect(main.outputs.fingerprint).toBe(asked?.fingerprint);
    expect(main.outputs.fingerprint).not.toBe(other.fingerprint);
    const reads = callsOf(emulator, GET).map((call) => call.params.SecretName);
    expect(reads).toEqual([name]);
    expect(main.stdout).not.toContain(other.name);
    expect(post?.exitCode).toBe(0);
  });
});

test.for(
  Object.entries(PLANTS).flatMap(([plant, value]) => [
    {
      label: `Expiration (${plant})`,
      field: 'Expiration',
      value,
      says: /Expiration is not an ISO/,
    },
    { label: `ExpiredTime (${plant})`, field: 'ExpiredTime', value, says: /ExpiredTime is not a/ },
    {
      label: `RequestId (${plant})`,
      field: 'RequestId',
      value,
      says: /RequestId is not a request/,
    },
  ]),
)('STS answer $label: a malformed response, no command', async (c, { kit, emulator }) => {
  await kit.withTokenService();
  emulator.injectFault({ type: 'plant', action: STS, field: c.field, value: c.value });
  const job = kit.newJob();
  const main = await job.runMain(kit.inputs({ 'secret-name': freshName('sts'), mode: 'get' }));
  expectNothingPlanted([main]);
  expect(main.exitCode, errorText(main)).toBe(1);
  expect(errorText(main)).toMatch(/AssumeRoleWithWebIdentity .* was malformed \(/);
  expect(errorText(main)).toMatch(c.says);
  expect(kit.calls().filter((call) => call.service === 'ssm')).toEqual([]);
});
