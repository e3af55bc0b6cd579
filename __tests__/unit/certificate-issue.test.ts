import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { issueCertificate } from '../../src/certificate/issue.js';
import type { IssuedCertificate } from '../../src/certificate/types.js';
import { ActionError } from '../../src/errors.js';
import {
  type CaKind,
  certificateSettings,
  kmsSignature,
  signerAnswering,
  testCa,
} from '../helpers/test-ca.js';

const scratch = mkdtempSync(join(tmpdir(), 'certificate-issue-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const NOW = new Date('2026-12-03T08:00:00Z');
const KEY_ID = 'repo=octo/hello-world run=42 attempt=2 ref=refs/heads/main sha=0123abcd';
const CAS = { ec: testCa('ec'), rsa: testCa('rsa') };

let files = 0;
function saved(issued: IssuedCertificate): { key: string; cert: string } {
  const key = join(scratch, `id_${(files += 1)}`);
  writeFileSync(key, issued.privateKey, { mode: 0o600 });
  writeFileSync(`${key}-cert.pub`, `${issued.certificate}\n`);
  return { key, cert: `${key}-cert.pub` };
}

const sshKeygen = (...args: string[]): string =>
  execFileSync('ssh-keygen', args, { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });

/** `ssh-keygen -L` (which also checks the CA's signature) as field -> lines. */
function listed(certFile: string): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  let current = '';
  for (const line of sshKeygen('-L', '-f', certFile).split('\n').slice(1)) {
    const match = /^ {8}([A-Za-z ]+):(?: (.*))?$/.exec(line);
    if (match?.[1]) {
      current = match[1];
      fields[current] = match[2] ? [match[2]] : [];
    } else if (line.trim()) fields[current]?.push(line.trim());
  }
  return fields;
}

describe.each(['ec', 'rsa'] as CaKind[])('issueCertificate with an %s CA', (kind) => {
  const ca = CAS[kind];
  const signedAs = kind === 'ec' ? 'ECDSA' : 'RSA';
  const algorithm = kind === 'ec' ? 'ecdsa-sha2-nistp256' : 'rsa-sha2-256';

  it.each([
    ['one principal, no source address', ['deploy'], []],
    ['two principals and two CIDRs', ['deploy', 'root'], ['10.0.0.0/8', '2001:db8::/32']],
  ])('%s: ssh-keygen -L shows what was asked', async (_label, principals, sourceAddresses) => {
    const settings = certificateSettings({ principals, sourceAddresses, lifetimeSeconds: 300 });
    const issued = await issueCertificate(settings, ca.signer, { now: NOW, keyId: KEY_ID });
    const fields = listed(saved(issued).cert);
    expect(fields.Type).toEqual(['ssh-ed25519-cert-v01@openssh.com user certificate']);
    expect(fields['Signing CA']?.[0]).toMatch(
      new RegExp(`^${signedAs} SHA256:\\S+ \\(using ${algorithm}\\)$`),
    );
    expect(fields['Key ID']).toEqual([`"${KEY_ID}"`]);
    expect(fields.Serial).toEqual([String(issued.serial)]);
    expect(fields.Valid).toEqual(['from 2026-12-03T07:59:00 to 2026-12-03T08:05:00']);
    expect(fields.Principals).toEqual(principals);
    expect(fields['Critical Options']).toEqual(
      sourceAddresses.length ? [`source-address ${sourceAddresses.join(',')}`] : ['(none)'],
    );
    expect(fields.Extensions).toEqual(['permit-port-forwarding', 'permit-pty']);
    expect(issued.validAfter).toEqual(new Date('2026-12-03T07:59:00Z'));
    expect(issued.validBefore).toEqual(new Date('2026-12-03T08:05:00Z'));
    expect(issued.keyId).toBe(KEY_ID);
  });

  it('gives a key, public key, fingerprint and CA line that belong together', async () => {
    const issued = await issueCertificate(certificateSettings(), ca.signer, { now: NOW });
    const { key, cert } = saved(issued);
    const identity = (line: string) => line.split(' ').slice(0, 2).join(' ');
    expect(identity(sshKeygen('-y', '-f', key))).toBe(identity(issued.publicKey));
    expect(sshKeygen('-l', '-f', key).split(' ')[1]).toBe(issued.fingerprint);
    expect(listed(cert)['Public key']?.[0]).toBe(`ED25519-CERT ${issued.fingerprint}`);
    const caFile = join(scratch, `ca-${kind}.pub`);
    writeFileSync(caFile, `${issued.caPublicKey}\n`);
    expect(listed(cert)['Signing CA']?.[0]?.split(' ')[1]).toBe(
      sshKeygen('-l', '-f', caFile).split(' ')[1],
    );
    expect(issued.certificate.split(' ')[2]).toBe(issued.publicKey.split(' ')[2]);
    expect(issued.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    // The key ID comes from the runner's variables when none is given.
    expect(issued.keyId).toMatch(/^repo=\S+ run=\d+ attempt=\d+ ref=\S+ sha=\S+$/);
    expect(ca.asked.at(-1)).toBe(kind === 'ec' ? 'ECC_P256_R1' : 'RSA_PKCS1_SHA_256');
  });

  it('makes a new key, nonce and serial every time', async () => {
    const issued = await Promise.all(
      [1, 2, 3].map(() => issueCertificate(certificateSettings(), ca.signer, { now: NOW })),
    );
    for (const field of ['privateKey', 'publicKey', 'certificate', 'serial'] as const) {
      expect(new Set(issued.map((one) => one[field])).size).toBe(3);
    }
  });

  const other = testCa(kind).privateKey;
  it.each<[string, (message: Buffer) => Buffer, RegExp]>([
    ['empty', () => Buffer.alloc(0), /is not a DER ECDSA signature|has the wrong length/],
    [
      'random bytes',
      () => createHash('sha512').update('x').digest(),
      /is not|does not verify|wrong length/,
    ],
    [
      'another key',
      (message) => kmsSignature(other, message),
      /does not verify against its public key/,
    ],
    [
      'another message',
      (message) => kmsSignature(ca.privateKey, Buffer.concat([message, Buffer.from('x')])),
      /does not verify/,
    ],
    [
      'a signature plus a byte',
      (message) => Buffer.concat([kmsSignature(ca.privateKey, message), Buffer.alloc(1)]),
      /is not a DER|wrong length/,
    ],
  ])('refuses a signature from %s', async (_label, answer, detail) => {
    const signer = signerAnswering(ca, answer);
    const issuing = issueCertificate(certificateSettings(), signer, { now: NOW });
    await expect(issuing).rejects.toThrow(ActionError);
    await expect(issuing).rejects.toThrow(detail);
    await expect(issuing).rejects.toThrow(/'ca-kms-key-id'.*'kms-endpoint'/);
  });
});

describe('issueCertificate, RSA signatures', () => {
  it('takes a signature without its leading zero bytes, as OpenSSH does', async () => {
    const ca = CAS.rsa;
    let stripped = 0;
    // Retry until a signature happens to start with a zero byte (1 in 256).
    const signer = signerAnswering(ca, (message) => {
      const full = kmsSignature(ca.privateKey, message);
      if (full[0] === 0) stripped += 1;
      return full[0] === 0 ? full.subarray(1) : full;
    });
    for (let i = 0; i < 5000 && stripped === 0; i += 1) {
      await issueCertificate(certificateSettings(), signer, { now: NOW, keyId: `try ${i}` });
    }
    expect(stripped).toBeGreaterThan(0);
  });
});
