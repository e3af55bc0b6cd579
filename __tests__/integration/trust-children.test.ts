// What the action's children can give away. The agent it starts lives until the post step, and
// every later step of the job (any third-party action) can read /proc/<pid>/environ: it must
// carry nothing of the step's environment. And a "key" re-wrapped into short lines must be refused
// before its lines are masked: each mask blanks that text across the whole job log.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { fixture, wrap } from '../fixtures/keys.js';
import { isProcessAlive } from '../../harness/processes.js';
import { describeStep, test } from './kit.js';

const CANARY = 'canary-7f3a9c1e';
/** The step environment a later step must never find in the agent's. */
const CANARY_ENV = {
  TENCENTCLOUD_SECRET_KEY: `${CANARY}-cloud`,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: `${CANARY}-oidc`,
  ACTIONS_RUNTIME_TOKEN: `${CANARY}-runtime`,
  'INPUT_EXTRA-CANARY': `${CANARY}-input`,
};

/** NAME=value pairs of a process's environment, as any process of the same user can read them. */
const environOf = (pid: number) =>
  readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);

const whichSshAdd = () =>
  (process.env.PATH ?? '')
    .split(':')
    .map((dir) => join(dir, 'ssh-add'))
    .find((file) => {
      try {
        readFileSync(file);
        return true;
      } catch {
        return false;
      }
    }) ?? '/usr/bin/ssh-add';

describe('the environment of child processes', () => {
  test('the agent and ssh-add get PATH and the socket, never the step environment', async ({
    kit,
  }) => {
    const record = kit.seed();
    // An ssh-add first on PATH that records its environment, then runs the real one.
    const bin = kit.scratchDir();
    const envLog = join(kit.scratchDir(), 'ssh-add.env');
    const realSshAdd = whichSshAdd();
    writeFileSync(
      join(bin, 'ssh-add'),
      `#!/bin/sh\nenv >> '${envLog}'\necho '--' >> '${envLog}'\nexec '${realSshAdd}' "$@"\n`,
    );
    chmodSync(join(bin, 'ssh-add'), 0o755);
    const job = kit.newJob({ ...CANARY_ENV, PATH: `${bin}:${process.env.PATH ?? ''}` });
    const secretKey = kit.emulator.credentials.secretKey;

    const main = await job.runMain(kit.inputs({ 'secret-name': record.name }));
    expect(main.failed, describeStep(main)).toBe(false);
    const pid = Number(main.outputs['ssh-agent-pid']);
    expect(isProcessAlive(pid)).toBe(true);

    const environ = environOf(pid);
    expect(environ.map((pair) => pair.split('=')[0])).toEqual(['PATH']);
    const agentEnv = environ.join('\n');
    expect(agentEnv).not.toContain(CANARY);
    expect(agentEnv).not.toContain(secretKey);

    // The key went in over the agent protocol; ssh-add runs against an agent the step did not
    // start: -L to see whether it holds the key already, -d in the post step.
    const reusing = kit.newJob({
      ...CANARY_ENV,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      SSH_AUTH_SOCK: main.outputs['ssh-auth-sock'],
    });
    const second = await reusing.runMain(kit.inputs({ 'secret-name': kit.seed().name }));
    expect(second.failed, describeStep(second)).toBe(false);
    expect((await reusing.runPost(second)).exitCode).toBe(0);
    const sshAddEnv = readFileSync(envLog, 'utf8');
    expect(sshAddEnv.split('--').length).toBeGreaterThanOrEqual(3);
    expect(sshAddEnv).toContain(`SSH_AUTH_SOCK=${main.outputs['ssh-auth-sock']}`);
    expect(sshAddEnv).toContain('SSH_ASKPASS_REQUIRE=never');
    expect(sshAddEnv).not.toContain(CANARY);
    expect(sshAddEnv).not.toContain(secretKey);
    expect(sshAddEnv).not.toMatch(/^(INPUT_|ACTIONS_|GITHUB_|RUNNER_|HOME=)/m);

    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
    expect(isProcessAlive(pid)).toBe(false);
  });
});

const PEM = fixture('rsa-pkcs1.pem');
const PUBLIC = fixture('rsa-pkcs1.pem.pub').trim();
/** The fixture key with its body re-wrapped at `width` characters a line. */
const rewrapped = (width: number) => {
  const lines = PEM.trimEnd().split('\n');
  return `${lines[0]}\n${wrap(lines.slice(1, -1).join(''), width)}\n${lines.at(-1)}\n`;
};

/** Masks of the key: the credential's secret key is masked by the inputs too (twice, by design). */
const keyMasks = (masks: string[], secretKey: string) => masks.filter((m) => m !== secretKey);

describe('a key laid out unlike any key', () => {
  test.for([
    { label: 'as PEM text', encoding: 'plain' as const },
    { label: 'as base64 of the PEM', encoding: 'base64' as const },
  ])(
    're-wrapped at 4 characters, $label: refused before masking',
    async ({ encoding }, { kit }) => {
      const record = kit.seed({ privateKey: rewrapped(4), publicKey: PUBLIC, encoding });
      const job = kit.newJob();
      const main = await job.runMain(kit.inputs({ 'secret-name': record.name }));
      expect(main.exitCode, describeStep(main)).toBe(1);
      const error = main.commands.errors.map((e) => e.message).join('\n');
      expect(error).toMatch(
        /the response holds no usable SSH key \(PrivateKey is laid out unlike any key \(\d+ lines 4 characters wide; expected PEM or OpenSSH key text wrapped at one width of at least 40 characters/,
      );
      // Only the raw value (one multi-line mask) was registered: no MIIE, AQEA and the like.
      const masks = keyMasks(main.commands.masks, kit.emulator.credentials.secretKey);
      expect(masks).toHaveLength(1);
      expect(masks.filter((m) => m.length < 40)).toEqual([]);
      expect(error).not.toMatch(/MIIE/);
      const post = await job.runPost(main);
      expect(post.exitCode, describeStep(post)).toBe(0);
    },
  );

  test('a key wrapped at 70 characters still works, its short last line masked', async ({
    kit,
  }) => {
    const key = rewrapped(70);
    const record = kit.seed({ privateKey: key, publicKey: PUBLIC });
    const job = kit.newJob();
    const main = await job.runMain(
      kit.inputs({ 'secret-name': record.name, 'ssh-agent': 'false' }),
    );
    expect(main.failed, describeStep(main)).toBe(false);
    const lastLine = key.trimEnd().split('\n').at(-2) ?? '';
    expect(lastLine.length).toBeLessThan(70);
    const masks = keyMasks(main.commands.masks, kit.emulator.credentials.secretKey);
    expect(masks).toContain(lastLine);
    expect(masks.length).toBeLessThan(60);
    expect(new Set(masks).size).toBe(masks.length);
    await job.runPost(main);
  });
});
