// get, create and get-or-create through the bundled action on Node 24, against the emulator.
import { execFileSync } from 'node:child_process';
import { describe, expect, inject } from 'vitest';
import type { StepResult } from '../../harness/action-runner.js';
import { generateKeyPair } from '../../harness/ssh-tools.js';
import {
  type Kit,
  type SecretRecord,
  agentKeysOf,
  describeStep,
  freshName,
  normalisedKey,
  sshKeygenFingerprint,
  test,
} from './kit.js';

const DEBUG = [{ debug: false }, { debug: true }] as const;
const debugEnv = (debug: boolean) => (debug ? { RUNNER_DEBUG: '1' } : {});

/** Runs one main step (and its post step, so no agent outlives the test). */
async function runAction(kit: Kit, inputs: Record<string, string>, debug = false) {
  const job = kit.newJob(debugEnv(debug));
  const main = await job.runMain(kit.inputs(inputs));
  const fingerprints = main.outputs['ssh-auth-sock'] ? await agentKeysOf(job) : [];
  const post = await job.runPost(main);
  expect(post.exitCode, describeStep(post)).toBe(0);
  return { job, main, fingerprints };
}

function expectKeyOf(main: StepResult, record: SecretRecord, fingerprints: string[]) {
  expect(main.failed, describeStep(main)).toBe(false);
  expect(main.outputs['ssh-key-id']).toBe(record.sshKeyId);
  expect(main.outputs.fingerprint).toBe(record.fingerprint);
  expect(main.outputs.fingerprint).toBe(sshKeygenFingerprint(main.outputs['public-key'] ?? ''));
  expect(fingerprints).toEqual([record.fingerprint]);
}

const errorOf = (step: StepResult) => step.commands.errors.map((e) => e.message).join('\n');

describe('mode: get', () => {
  test.for(DEBUG)('by name sets every output (debug: $debug)', async ({ debug }, { kit }) => {
    const record = kit.seed({ projectId: 1234, sshKeyName: 'deploy_key' });
    const { main, job, fingerprints } = await runAction(kit, { 'secret-name': record.name }, debug);
    expectKeyOf(main, record, fingerprints);
    const sock = main.outputs['ssh-auth-sock'] ?? '';
    expect(main.outputs).toEqual({
      'secret-name': record.name,
      'ssh-key-id': record.sshKeyId,
      'ssh-key-name': 'deploy_key',
      'project-id': '1234',
      'public-key': record.publicKey,
      fingerprint: record.fingerprint,
      created: 'false',
      'ssh-auth-sock': sock,
      'ssh-agent-pid': main.exportedEnv.SSH_AGENT_PID,
    });
    expect(sock.startsWith(`${job.runnerTemp}/`)).toBe(true);
    expect(kit.callsFor(record.name).map((call) => call.action)).toEqual(['GetSSHKeyPairValue']);
  });

  test('by ssh-key-id', async ({ kit }) => {
    const record = kit.seed();
    const { main, fingerprints } = await runAction(kit, { 'ssh-key-id': record.sshKeyId });
    expectKeyOf(main, record, fingerprints);
    expect(main.outputs.created).toBe('false');
    const call = kit.emulator.calls.find((c) => c.params.SSHKeyId === record.sshKeyId);
    expect(call?.params).toEqual({ SSHKeyId: record.sshKeyId });
  });

  test.for(DEBUG)('a missing secret fails (debug: $debug)', async ({ debug }, { kit }) => {
    const name = freshName('missing');
    const { main } = await runAction(kit, { 'secret-name': name }, debug);
    expect(main.exitCode).toBe(1);
    const [call] = kit.callsFor(name);
    expect(call?.code).toBe('ResourceNotFound');
    const message = errorOf(main);
    expect(message).toContain('ResourceNotFound');
    expect(message).toContain(call?.requestId);
    expect(message).toContain('mode: get-or-create');
    expect(main.outputs).toEqual({});
    expect(main.exportedEnv).toEqual({});
    expect(main.state).toEqual({});
  });

  test('a base64-encoded PrivateKey and PublicKey with CRLF and no final newline', async ({
    kit,
  }) => {
    const record = kit.seed({ encoding: 'base64', newline: 'crlf', trailingNewline: false });
    const inputs = { 'secret-name': record.name, 'output-private-key': 'true' };
    const { main, fingerprints } = await runAction(kit, inputs, true);
    expectKeyOf(main, record, fingerprints);
    expect(main.outputs['public-key']).toBe(record.publicKey);
    expect(main.outputs['private-key']).toBe(normalisedKey(record));
  });

  test.for(DEBUG)('an ed25519 OpenSSH key (debug: $debug)', async ({ debug }, { kit }) => {
    const pair = await generateKeyPair(kit.scratchDir(), 'ed25519', 'seeded-ed25519');
    const record = kit.seed({ privateKey: pair.privateKey, publicKey: pair.publicKey });
    const inputs = { 'secret-name': record.name, 'output-private-key': 'true' };
    const { main, fingerprints } = await runAction(kit, inputs, debug);
    expectKeyOf(main, record, fingerprints);
    expect(main.outputs.fingerprint).toBe(pair.fingerprint);
    expect(main.outputs['public-key']).toMatch(/^ssh-ed25519 /);
    expect(main.outputs['private-key']).toBe(pair.privateKey);
  });
});

describe('output-private-key', () => {
  test.for(DEBUG)('true: masked first, then set (debug: $debug)', async ({ debug }, { kit }) => {
    const record = kit.seed();
    const inputs = { 'secret-name': record.name, 'output-private-key': 'true' };
    const { main } = await runAction(kit, inputs, debug);
    const key = normalisedKey(record);
    expect(main.outputs['private-key']).toBe(key);
    const masks = main.commands.masks;
    expect(masks.some((mask) => mask === key || mask === key.trimEnd())).toBe(true);
    for (const line of key.split('\n').filter((l) => l !== '' && !l.startsWith('-----'))) {
      expect(masks).toContain(line);
    }
    // Masks come before the first line that reports the key: outputs are set right before it.
    const lines = main.stdout.split('\n');
    const lastMask = lines.findLastIndex((line) => line.startsWith('::add-mask::'));
    expect(lastMask).toBeLessThan(lines.findIndex((line) => line.includes(record.sshKeyId)));
  });

  test('false (the default): no private-key output', async ({ kit }) => {
    const record = kit.seed();
    const { main } = await runAction(kit, { 'secret-name': record.name, 'ssh-agent': 'false' });
    expect(main.failed, describeStep(main)).toBe(false);
    expect(main.outputs).not.toHaveProperty('private-key');
    expect(main.outputs).not.toHaveProperty('ssh-auth-sock');
  });
});

describe('mode: create', () => {
  test.for(DEBUG)(
    'creates the secret and loads its key (debug: $debug)',
    async ({ debug }, { kit }) => {
      const name = freshName('created');
      const inputs = { 'secret-name': name, mode: 'create', 'output-private-key': 'true' };
      const { main, fingerprints } = await runAction(kit, inputs, debug);
      const record = kit.emulator.getSecret(name);
      if (!record) throw new Error(`the emulator holds no secret ${name}: ${describeStep(main)}`);
      expectKeyOf(main, record, fingerprints);
      expect(main.outputs.created).toBe('true');
      expect(main.outputs['secret-name']).toBe(name);
      expect(main.outputs['private-key']).toBe(normalisedKey(record));
      const actions = kit.callsFor(name).map((call) => call.action);
      expect(actions).toEqual(['CreateSSHKeyPairSecret', 'GetSSHKeyPairValue']);
    },
  );

  test('fails when the secret exists', async ({ kit }) => {
    const record = kit.seed();
    const { main } = await runAction(kit, { 'secret-name': record.name, mode: 'create' });
    expect(main.exitCode).toBe(1);
    expect(errorOf(main)).toContain('ResourceInUse.SecretExists');
    expect(errorOf(main)).toContain(kit.callsFor(record.name)[0]?.requestId);
    expect(main.outputs).toEqual({});
  });
});

describe('mode: get-or-create', () => {
  test.for(DEBUG)('an existing secret: one call (debug: $debug)', async ({ debug }, { kit }) => {
    const record = kit.seed();
    const inputs = { 'secret-name': record.name, mode: 'get-or-create' };
    const { main, fingerprints } = await runAction(kit, inputs, debug);
    expectKeyOf(main, record, fingerprints);
    expect(main.outputs.created).toBe('false');
    expect(kit.callsFor(record.name)).toHaveLength(1);
  });

  test.for(DEBUG)('a missing secret is created (debug: $debug)', async ({ debug }, { kit }) => {
    const name = freshName('goc');
    const { main, fingerprints } = await runAction(
      kit,
      { 'secret-name': name, mode: 'get-or-create' },
      debug,
    );
    const record = kit.emulator.getSecret(name);
    if (!record) throw new Error(`the emulator holds no secret ${name}: ${describeStep(main)}`);
    expectKeyOf(main, record, fingerprints);
    expect(main.outputs.created).toBe('true');
    expect(kit.callsFor(name).length).toBeLessThanOrEqual(3);
  });
});

test('the action runs on Node 24', () => {
  const version = execFileSync(inject('node24'), ['-p', 'process.version'], { encoding: 'utf8' });
  expect(version.trim()).toMatch(/^v24\./);
});
