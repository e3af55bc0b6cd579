// Keys that say whose they are: the key goes into the agent over the agent protocol, from memory,
// with a comment naming its secret and SSH key ID, so `ssh-add -l` lists
// `tencentcloud-ssm:<name> (<skey-…>)`; no ssh-add process ever reads it. The key file and the
// private-key output keep the key as SSM returned it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { agentAdd, startAgent } from '../../harness/ssh-tools.js';
import { type Kit, type SecretRecord, describeStep, normalisedKey, test } from './kit.js';

const realSshAdd = execFileSync('sh', ['-c', 'command -v ssh-add'], { encoding: 'utf8' }).trim();

/**
 * A bin directory whose ssh-add keeps a copy of any key it reads on stdin (none should reach it)
 * and then runs the real one; `tattle` makes it print the key to stderr and fail instead, as a
 * broken ssh-add might.
 */
function capturingSshAdd(kit: Kit, tattle = false): { bin: string; captured: () => string } {
  const bin = kit.scratchDir();
  const capture = join(kit.scratchDir(), 'stdin');
  const onKey = tattle
    ? `cat > '${capture}'; cat '${capture}' >&2; exit 1`
    : `cat > '${capture}'; exec '${realSshAdd}' "$@" < '${capture}'`;
  const script = ['#!/bin/sh', 'for a; do last=$a; done', `[ "$last" = - ] && { ${onKey}; }`];
  writeFileSync(join(bin, 'ssh-add'), [...script, `exec '${realSshAdd}' "$@"`, ''].join('\n'), {
    mode: 0o755,
  });
  return { bin, captured: () => (existsSync(capture) ? readFileSync(capture, 'utf8') : '') };
}

/** `ssh-add -l` against an agent: `<bits> <fingerprint> <comment> (<TYPE>)` lines. */
function listed(sock: string): string[] {
  try {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', SSH_AUTH_SOCK: sock };
    return execFileSync(realSshAdd, ['-l'], { encoding: 'utf8', env }).trim().split('\n');
  } catch {
    return []; // exit 1: the agent holds no key
  }
}

const ecdsaPem = (kit: Kit) => {
  const file = join(kit.scratchDir(), 'id');
  execFileSync('ssh-keygen', ['-q', '-t', 'ecdsa', '-b', '384', '-m', 'PEM', '-N', '', '-f', file]);
  const publicKey = readFileSync(`${file}.pub`, 'utf8').trim();
  return { privateKey: readFileSync(file, 'utf8'), publicKey };
};

const FORMS: { form: string; type: string; seed: (kit: Kit) => SecretRecord }[] = [
  { form: 'RSA, PEM (PKCS#1)', type: 'RSA', seed: (kit) => kit.seed({ keyType: 'rsa' }) },
  {
    form: 'RSA, base64 of PEM',
    type: 'RSA',
    seed: (kit) => kit.seed({ keyType: 'rsa', encoding: 'base64' }),
  },
  { form: 'ECDSA P-384, PEM (SEC1)', type: 'ECDSA', seed: (kit) => kit.seed(ecdsaPem(kit)) },
  { form: 'Ed25519, OpenSSH', type: 'ED25519', seed: (kit) => kit.seed({ keyType: 'ed25519' }) },
];

describe('ssh-add -l names the secret and key ID', () => {
  test.for(FORMS)('$form, in a reused agent; the post step removes it', async (form, { kit }) => {
    const record = form.seed(kit);
    const theirs = kit.seed();
    const { bin, captured } = capturingSshAdd(kit);
    const agent = await startAgent(join(kit.scratchDir(), 'agent.sock'));
    try {
      await agentAdd(agent.sock, theirs.privateKey);
      const theirLine = listed(agent.sock)[0];
      const job = kit.newJob({ SSH_AUTH_SOCK: agent.sock, PATH: `${bin}:${process.env.PATH}` });
      const keyFile = join(kit.scratchDir(), 'id');
      const inputs = {
        'secret-name': record.name,
        'key-file': keyFile,
        'output-private-key': 'true',
      };
      const main = await job.runMain(kit.inputs(inputs));
      expect(main.failed, describeStep(main)).toBe(false);
      // Over the agent protocol, from memory: no ssh-add read the key on its stdin.
      expect(captured()).toBe('');

      const comment = `tencentcloud-ssm:${record.name} (${record.sshKeyId})`;
      expect(listed(agent.sock)).toEqual([
        theirLine,
        expect.stringMatching(
          new RegExp(`^\\d+ ${escape(record.fingerprint)} ${escape(comment)} \\(${form.type}\\)$`),
        ),
      ]);
      // The key file and the output keep the key as SSM returned it.
      expect(readFileSync(keyFile, 'utf8')).toBe(normalisedKey(record));
      expect(main.outputs['private-key']).toBe(normalisedKey(record));

      const post = await job.runPost(main);
      expect(post.exitCode, describeStep(post)).toBe(0);
      expect(post.commands.warnings).toEqual([]);
      expect(listed(agent.sock)).toEqual([theirLine]);
    } finally {
      await agent.stop();
    }
  });

  test('a key asked for by ssh-key-id alone: tencentcloud-ssm:(<id>), in an agent the step starts', async ({
    kit,
  }) => {
    const record = kit.seed({ keyType: 'ed25519' });
    const { bin, captured } = capturingSshAdd(kit);
    const job = kit.newJob({ PATH: `${bin}:${process.env.PATH}` });
    const main = await job.runMain(kit.inputs({ 'ssh-key-id': record.sshKeyId }));
    expect(main.failed, describeStep(main)).toBe(false);
    expect(captured()).toBe('');
    const sock = main.outputs['ssh-auth-sock'] ?? '';
    expect(listed(sock)).toEqual([
      `256 ${record.fingerprint} tencentcloud-ssm:(${record.sshKeyId}) (ED25519)`,
    ]);
    expect((await job.runPost(main)).exitCode).toBe(0);
  });
});

test('an ssh-add that would print the key it was given never gets it: the key goes in over the agent protocol', async ({
  kit,
}) => {
  const record = kit.seed();
  const { bin, captured } = capturingSshAdd(kit, true);
  const job = kit.newJob({ PATH: `${bin}:${process.env.PATH}` });
  const main = await job.runMain(kit.inputs({ 'secret-name': record.name }));
  expect(main.failed, describeStep(main)).toBe(false);
  expect(captured()).toBe('');
  const sock = main.outputs['ssh-auth-sock'] ?? '';
  expect(listed(sock)[0]).toContain(`tencentcloud-ssm:${record.name} (${record.sshKeyId})`);
  expect((await job.runPost(main)).exitCode).toBe(0);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
