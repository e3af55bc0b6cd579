import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({ debug: vi.fn(), info: vi.fn(), warning: vi.fn() }));

import { outOfBounds, type CleanupBounds } from '../../src/delivery/journal-bounds.js';
import { Journal, type JournalEntry } from '../../src/delivery/journal.js';
import { writeKeyFiles } from '../../src/delivery/key-file-step.js';
import { removePublicKeyDir, writePublicKey } from '../../src/delivery/config-file.js';
import { sshConfigLines } from '../../src/delivery/ssh-config-text.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cert-delivery-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n';
const PUBLIC = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl c';
const CERT = 'ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNlcnQtdjAxQG9wZW5zc2guY29t c';
const key = { privateKey: KEY, publicKey: PUBLIC, certificate: CERT };

describe('key-file in mode certificate', () => {
  it('writes the key (0600) and <key-file>-cert.pub, each journaled', async () => {
    const home = tempDir();
    const journal = new Journal(() => undefined);
    const written = await writeKeyFiles('~/keys/deploy', key, journal, { home });
    const file = path.join(home, 'keys', 'deploy');
    expect(written).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe(KEY);
    expect(readFileSync(`${file}-cert.pub`, 'utf8')).toBe(`${CERT}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const paths = journal.entries.map((e) => (e.kind === 'file-written' ? e.path : e.kind));
    expect(paths).toEqual([file, `${file}-cert.pub`]);
  });

  it('a different certificate file already there: refused, and no key file written', async () => {
    const home = tempDir();
    writeFileSync(path.join(home, 'deploy-cert.pub'), 'someone else\n');
    const journal = new Journal(() => undefined);
    await expect(writeKeyFiles('~/deploy', key, journal, { home })).rejects.toThrow(
      /deploy-cert.pub already exists with different content/,
    );
    expect(existsSync(path.join(home, 'deploy'))).toBe(false);
    expect(journal.entries).toEqual([]);
  });

  it('the post step may delete <key-file>-cert.pub, and nothing else beside it', () => {
    const bounds: CleanupBounds = {
      keyFile: '/home/u/deploy',
      knownHostsFiles: [],
      socketBases: [],
      authSocks: [],
    };
    const entry = (p: string): JournalEntry => ({
      kind: 'file-written',
      path: p,
      createdDirs: [],
      sha256: 'a'.repeat(64),
    });
    expect(outOfBounds(entry('/home/u/deploy-cert.pub'), bounds)).toBeUndefined();
    expect(outOfBounds(entry('/home/u/deploy.pub'), bounds)).toMatch(/not the file/);
    expect(outOfBounds(entry('/home/u/other-cert.pub'), bounds)).toMatch(/not the file/);
  });
});

describe("ssh's config in mode certificate", () => {
  it('names the certificate after the identity, in every Host block', () => {
    const lines = sshConfigLines({
      stepId: '0123456789ab',
      identityFile: '/t/tcssh-0123456789ab/id.pub',
      certificateFile: '/t/tcssh-0123456789ab/id-cert.pub',
      hosts: [{ alias: 'prod', hostName: 'prod.example.com', user: 'deploy' }],
      jumpHost: { hostName: 'bastion.example.com' },
      repositories: [],
    });
    const certLines = lines.filter((line) => line.includes('CertificateFile'));
    expect(certLines).toEqual([
      '  CertificateFile /t/tcssh-0123456789ab/id-cert.pub',
      '  CertificateFile /t/tcssh-0123456789ab/id-cert.pub',
    ]);
    const at = lines.indexOf('  IdentityFile /t/tcssh-0123456789ab/id.pub');
    expect(lines[at + 1]).toBe(certLines[0]);
  });

  it('the public key directory holds the certificate too, and post removes both', async () => {
    const dir = path.join(tempDir(), 'tcssh-0123456789ab');
    const written = await writePublicKey(dir, PUBLIC, CERT);
    expect(readFileSync(written.certificateFile!, 'utf8')).toBe(`${CERT}\n`);
    expect(path.basename(written.certificateFile!)).toBe('id-cert.pub');
    expect(await removePublicKeyDir(dir)).toBe('removed');
  });
});
