import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({ debug: vi.fn(), info: vi.fn(), warning: vi.fn() }));

import { addIdentity, addIdentityMessage } from '../../src/delivery/agent-protocol.js';
import { removeKey } from '../../src/delivery/agent-keys.js';
import {
  addCertifiedKey,
  agentKeyFields,
  lineBlob,
  type CertifiedKey,
} from '../../src/delivery/certified-key.js';
import { Journal } from '../../src/delivery/journal.js';
import { startAgent, type Agent } from '../../harness/ssh-tools.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'agent-protocol-'));
let agent: Agent;

/** An Ed25519 key with a user certificate from a throwaway ssh-keygen CA. */
function certifiedKey(name: string, extra: string[] = []): CertifiedKey & { file: string } {
  const file = path.join(dir, name);
  const ca = path.join(dir, `${name}-ca`);
  for (const [f, c] of [
    [file, `${name}@test`],
    [ca, 'ca'],
  ] as const) {
    expect(
      spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', c, '-f', f]).status,
    ).toBe(0);
  }
  const sign = ['-q', '-s', ca, '-I', `id-${name}`, '-n', 'deploy', ...extra, `${file}.pub`];
  expect(spawnSync('ssh-keygen', sign).status).toBe(0);
  return {
    file,
    privateKey: readFileSync(file, 'utf8'),
    publicKey: readFileSync(`${file}.pub`, 'utf8').trim(),
    certificate: readFileSync(`${file}-cert.pub`, 'utf8').trim(),
  };
}

function agentList(flag: '-l' | '-L'): string {
  const env = { PATH: process.env.PATH ?? '', SSH_AUTH_SOCK: agent.sock };
  return spawnSync('ssh-add', [flag], { env, encoding: 'utf8' }).stdout;
}

beforeAll(async () => {
  agent = await startAgent(path.join(dir, 'agent.sock'));
});

afterAll(async () => {
  await agent.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the agent protocol against a real ssh-agent', () => {
  it('adds key and certificate from memory; ssh-add -l lists the certificate', async () => {
    const key = certifiedKey('both');
    const journal = new Journal(() => undefined);
    await addCertifiedKey({ socket: agent.sock, started: false }, key, 600, journal);
    const listed = agentList('-l');
    expect(listed).toMatch(/ED25519-CERT\)/);
    expect(listed).toMatch(/\(ED25519\)/);
    expect(agentList('-L')).toContain(key.certificate.split(' ').slice(0, 2).join(' '));
    // Journaled, each before its add, in the order post must undo them backwards.
    expect(journal.entries.map((e) => e.kind === 'key-added' && e.publicKey)).toEqual([
      key.publicKey,
      key.certificate,
    ]);
    // The post step's removal takes out each, the certificate by its own line.
    expect(await removeKey(agent.sock, key.certificate, undefined, dir)).toBe('removed');
    expect(agentList('-l')).not.toMatch(/CERT/);
    expect(agentList('-l')).toMatch(/\(ED25519\)/);
    expect(await removeKey(agent.sock, key.publicKey, undefined, dir)).toBe('removed');
    expect(agentList('-l')).not.toContain('both@test');
  });

  it('an agent this step started journals nothing per key', async () => {
    const key = certifiedKey('started');
    const journal = new Journal(() => undefined);
    await addCertifiedKey({ socket: agent.sock, started: true }, key, undefined, journal);
    expect(journal.entries).toEqual([]);
    await removeKey(agent.sock, key.certificate, undefined, dir);
    await removeKey(agent.sock, key.publicKey, undefined, dir);
  });

  it('the lifetime constraint makes the agent forget both', async () => {
    const key = certifiedKey('brief');
    await addCertifiedKey(
      { socket: agent.sock, started: true },
      key,
      1,
      new Journal(() => undefined),
    );
    expect(agentList('-l')).toContain('ED25519-CERT');
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect(agentList('-l')).not.toContain('brief@test');
  });

  it('refuses a certificate for another key type, before sending anything', () => {
    const key = certifiedKey('mismatch');
    const rsaCert = Buffer.concat([
      lengthPrefixed('ssh-rsa-cert-v01@openssh.com'),
      Buffer.alloc(8),
    ]);
    expect(() =>
      addIdentityMessage({
        keyFields: agentKeyFields(key.privateKey),
        certificate: rsaCert,
        comment: 'x',
      }),
    ).toThrow(/does not fit a ssh-ed25519 key/);
  });

  it('frames the constrained add as PROTOCOL.agent says', () => {
    const key = certifiedKey('frame');
    const keyFields = agentKeyFields(key.privateKey);
    const certificate = lineBlob(key.certificate);
    const message = addIdentityMessage({
      keyFields,
      certificate,
      comment: 'c',
      lifetimeSeconds: 300,
    });
    expect(message.readUInt32BE(0)).toBe(message.length - 4);
    expect(message[4]).toBe(25);
    expect(message.subarray(-5)).toEqual(Buffer.from([1, 0, 0, 1, 0x2c]));
    const plain = addIdentityMessage({ keyFields, comment: 'c' });
    expect(plain[4]).toBe(17);
  });
});

function lengthPrefixed(text: string): Buffer {
  const bytes = Buffer.from(text);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** A socket that answers (or not) as the test says: failures must never carry key bytes. */
async function fakeAgent(
  answer: (socket: import('node:net').Socket) => void,
): Promise<[Server, string]> {
  const sock = path.join(dir, `fake-${Math.random().toString(36).slice(2)}.sock`);
  const server = createServer((socket) => socket.once('data', () => answer(socket)));
  await new Promise<void>((resolve) => server.listen(sock, resolve));
  return [server, sock];
}

describe('an agent that refuses, stalls or babbles', () => {
  const key = () => certifiedKey(`bad-${Math.random().toString(36).slice(2, 8)}`);

  it.each<[string, (socket: import('node:net').Socket) => void, RegExp]>([
    [
      'refuses',
      (s) => s.end(Buffer.from([0, 0, 0, 1, 5])),
      /refused adding the key\. This agent may not support key constraints/,
    ],
    [
      'answers something else',
      (s) => s.end(Buffer.from([0, 0, 0, 1, 99])),
      /answered message type 99/,
    ],
    ['sends a huge answer', (s) => s.write(Buffer.from([0x7f, 0, 0, 0, 6])), /answer of \d+ bytes/],
    ['hangs up', (s) => s.destroy(), /closed the connection without an answer/],
    ['never answers', () => undefined, /did not answer within 0.3 s/],
  ])('%s', async (_label, answer, expected) => {
    const k = key();
    const [server, sock] = await fakeAgent(answer);
    const keyFields = agentKeyFields(k.privateKey);
    const secretText = keyFields.toString('base64');
    try {
      const error = await addIdentity(
        sock,
        { keyFields, comment: 'c', lifetimeSeconds: 5 },
        { timeoutMs: 300 },
      ).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toMatch(expected);
      expect(error?.message).toContain(sock);
      expect(error?.message).not.toContain(secretText.slice(0, 16));
    } finally {
      server.close();
    }
  });

  it('a missing socket names it, and the error code', async () => {
    const k = key();
    const missing = path.join(dir, 'nothing.sock');
    await expect(
      addIdentity(missing, { keyFields: agentKeyFields(k.privateKey), comment: 'c' }),
    ).rejects.toThrow(`Cannot reach the agent at ${missing} (ENOENT).`);
  });
});
