import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate } from '../../src/certificate/issue.js';
import type { IssuedCertificate } from '../../src/certificate/types.js';
import type { CertificateSettings } from '../../src/settings/settings.js';
import { runProcess } from '../../harness/run-process.js';
import { type Sshd, startSshd } from '../../harness/sshd.js';
import { type CaKind, certificateSettings, testCa } from '../helpers/test-ca.js';

/**
 * A real sshd that trusts only the CA (`TrustedUserCAKeys`, an empty authorized_keys) takes the
 * certificates issueCertificate makes, and refuses them for another principal, after they
 * expire, from an address they do not allow, or from a CA it does not trust.
 */

const scratch = mkdtempSync(join(tmpdir(), 'certificate-sshd-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const CAS = { ec: testCa('ec'), rsa: testCa('rsa') };
const COMMAND = 'echo certificate-login-ok';

let files = 0;
/** ssh with exactly this key and certificate: no agent, no ~/.ssh, no config. */
async function login(sshd: Sshd, issued: IssuedCertificate) {
  const key = join(scratch, `id_${(files += 1)}`);
  writeFileSync(key, issued.privateKey, { mode: 0o600 });
  writeFileSync(`${key}-cert.pub`, `${issued.certificate}\n`);
  const args = [
    ...[
      '-F',
      '/dev/null',
      '-o',
      'BatchMode=yes',
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'IdentityAgent=none',
    ],
    ...[
      '-i',
      key,
      '-o',
      `CertificateFile=${key}-cert.pub`,
      '-o',
      'PreferredAuthentications=publickey',
    ],
    ...['-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${sshd.knownHostsFile}`],
    ...[
      '-o',
      'GlobalKnownHostsFile=/dev/null',
      '-o',
      'UpdateHostKeys=no',
      '-o',
      'ControlPath=none',
    ],
    ...['-p', String(sshd.port), `${sshd.user}@${sshd.host}`, COMMAND],
  ];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const result = await runProcess('ssh', args, { env, timeoutMs: 30_000 });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

describe.each(['ec', 'rsa'] as CaKind[])('sshd trusting only an %s CA', (kind) => {
  const ca = CAS[kind];
  let sshd: Sshd;
  let caLine: string;
  const issue = (settings: Partial<CertificateSettings> = {}, now?: Date) =>
    issueCertificate(certificateSettings({ principals: [sshd.user], ...settings }), ca.signer, {
      now,
    });

  beforeAll(async () => {
    // The CA line is the one the job would print: take it from a first certificate.
    const first = await issueCertificate(certificateSettings(), ca.signer);
    caLine = first.caPublicKey;
    const caFile = join(scratch, `trusted-ca-${kind}.pub`);
    writeFileSync(caFile, `${caLine}\n`);
    sshd = await startSshd({ authorizedKeys: [], extraConfig: [`TrustedUserCAKeys ${caFile}`] });
  });
  afterAll(() => sshd?.stop());

  it('lets the certificate in, and logs its key ID and serial', async () => {
    const issued = await issue();
    const result = await login(sshd, issued);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('certificate-login-ok');
    expect(sshd.readLog()).toContain(`ID ${issued.keyId} (serial ${issued.serial})`);
  });

  it('lets it in from an allowed source address', async () => {
    const result = await login(
      sshd,
      await issue({ sourceAddresses: ['10.0.0.0/8', '127.0.0.1/32'] }),
    );
    expect(result.code).toBe(0);
  });

  it.each<[string, () => Promise<IssuedCertificate>, RegExp]>([
    [
      'for another principal',
      () => issue({ principals: ['someone-else'] }),
      /Certificate invalid: name is not a listed principal/,
    ],
    [
      'that expired',
      () => issue({ lifetimeSeconds: 5 }, new Date(Date.now() - 10 * 60_000)),
      /Certificate invalid: expired/,
    ],
    [
      'not valid yet',
      () => issue({ lifetimeSeconds: 900 }, new Date(Date.now() + 10 * 60_000)),
      /Certificate invalid: not yet valid/,
    ],
    [
      'from an address it does not allow',
      () => issue({ sourceAddresses: ['10.0.0.0/8'] }),
      /not from a permitted source address \(127\.0\.0\.1\)/,
    ],
    [
      'signed by another CA',
      () =>
        issueCertificate(
          certificateSettings({ principals: [sshd.user] }),
          CAS[kind === 'ec' ? 'rsa' : 'ec'].signer,
        ),
      /Failed publickey for .* CA (RSA|ECDSA) /,
    ],
  ])('refuses a certificate %s', async (_label, make, reason) => {
    const before = sshd.readLog().length;
    const result = await login(sshd, await make());
    const log = sshd.readLog().slice(before);
    expect(log).toMatch(reason);
    expect(log).not.toContain('Accepted');
    expect(result.code).toBe(255);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Permission denied (publickey)');
  });
});

describe('a 3-second certificate', () => {
  let sshd: Sshd;
  const ca = CAS.ec;
  beforeAll(async () => {
    const caFile = join(scratch, 'trusted-ca-short.pub');
    writeFileSync(
      caFile,
      `${(await issueCertificate(certificateSettings(), ca.signer)).caPublicKey}\n`,
    );
    sshd = await startSshd({ authorizedKeys: [], extraConfig: [`TrustedUserCAKeys ${caFile}`] });
  });
  afterAll(() => sshd?.stop());

  it('works at once and is refused once it has expired', async () => {
    const settings = certificateSettings({ principals: [sshd.user], lifetimeSeconds: 3 });
    const issued = await issueCertificate(settings, ca.signer);
    expect((await login(sshd, issued)).code).toBe(0);
    const wait = issued.validBefore.getTime() + 1_500 - Date.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    const late = await login(sshd, issued);
    expect(late.code).toBe(255);
    expect(late.stderr).toContain('Permission denied (publickey)');
    expect(sshd.readLog()).toMatch(/expired/i);
  });
});
