import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fingerprint,
  generateEd25519Key,
  generateRsaKey,
  generateRsaKeySync,
  publicLineOfPem,
} from '../../emulator/keys.js';

const dir = mkdtempSync(join(tmpdir(), 'emulator-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeKey(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

/** What OpenSSH itself derives from the private key: `<type> <base64>`. */
function sshKeygenPublic(privatePath: string): string {
  return execFileSync('ssh-keygen', ['-y', '-f', privatePath], { encoding: 'utf8' })
    .trim()
    .split(' ')
    .slice(0, 2)
    .join(' ');
}

function sshKeygenFingerprint(publicLine: string): string {
  const path = writeKey(`fp-${Math.random().toString(36).slice(2)}.pub`, `${publicLine}\n`);
  return execFileSync('ssh-keygen', ['-lf', path], { encoding: 'utf8' }).split(' ')[1] ?? '';
}

describe.each([
  [
    'rsa (sync)',
    () => generateRsaKeySync('skey-abcd1234'),
    /^-----BEGIN RSA PRIVATE KEY-----\n/,
    'ssh-rsa',
  ],
  [
    'rsa (async)',
    () => generateRsaKey('skey-abcd1234'),
    /^-----BEGIN RSA PRIVATE KEY-----\n/,
    'ssh-rsa',
  ],
  [
    'ed25519',
    () => generateEd25519Key('skey-abcd1234'),
    /^-----BEGIN OPENSSH PRIVATE KEY-----\n/,
    'ssh-ed25519',
  ],
])('%s key material', (name, generate, header, type) => {
  it('is a private key ssh-keygen reads, matching the public line', async () => {
    const material = await generate();
    expect(material.privateKey).toMatch(header);
    expect(material.privateKey.endsWith('\n')).toBe(true);
    const [lineType, blob, comment] = material.publicKey.split(' ');
    expect(lineType).toBe(type);
    expect(comment).toBe('skey-abcd1234');
    expect(sshKeygenPublic(writeKey(name.replace(/\W/g, ''), material.privateKey))).toBe(
      `${lineType} ${blob}`,
    );
  });

  it('has the fingerprint ssh-keygen -lf prints', async () => {
    const material = await generate();
    expect(fingerprint(material.publicKey)).toBe(sshKeygenFingerprint(material.publicKey));
  });
});

describe('RSA keys', () => {
  it('are 2048 bits', () => {
    const material = generateRsaKeySync('c');
    const path = writeKey('rsa-bits.pub', `${material.publicKey}\n`);
    expect(execFileSync('ssh-keygen', ['-lf', path], { encoding: 'utf8' })).toMatch(
      /^2048 SHA256:/,
    );
  });

  it('differ each time', () => {
    expect(generateRsaKeySync('c').privateKey).not.toBe(generateRsaKeySync('c').privateKey);
  });
});

describe('publicLineOfPem', () => {
  it('derives the same public line as the generator', () => {
    const material = generateRsaKeySync('skey-11112222');
    expect(publicLineOfPem(material.privateKey, 'skey-11112222')).toBe(material.publicKey);
  });

  it('refuses text that is not a key', () => {
    expect(() => publicLineOfPem('not a key', 'c')).toThrow();
  });
});
