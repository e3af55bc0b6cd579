import { describe, expect, it } from 'vitest';
import {
  type CertificateFields,
  certificateLine,
  signedCertificate,
  toBeSigned,
} from '../../src/certificate/cert-builder.js';
import { issueCertificate } from '../../src/certificate/issue.js';
import { ActionError } from '../../src/errors.js';
import { WireReader } from '../../src/ssh-key/wire.js';
import { certificateSettings, testCa } from '../helpers/test-ca.js';

const FIELDS: CertificateFields = {
  nonce: Buffer.alloc(32, 0xaa),
  publicKey: Buffer.alloc(32, 0xbb),
  serial: 0xfedcba9876543210n,
  keyId: 'repo=o/r run=1',
  principals: ['deploy', 'root'],
  validAfter: 1_700_000_000n,
  validBefore: 1_700_000_900n,
  sourceAddresses: [],
  caBlob: Buffer.from('ca blob'),
};

/** PROTOCOL.certkeys read back field by field. */
function readBack(blob: Buffer) {
  const reader = new WireReader(blob, 'certificate');
  const names = (data: Buffer) => {
    const list = new WireReader(data, 'list');
    const out: [string, Buffer][] = [];
    while (list.remaining) out.push([list.text(), list.string()]);
    return out;
  };
  const strings = (data: Buffer) => {
    const list = new WireReader(data, 'list');
    const out: string[] = [];
    while (list.remaining) out.push(list.text());
    return out;
  };
  const result = {
    type: reader.text(),
    nonce: reader.string(),
    publicKey: reader.string(),
    serial: reader.bytes(8).readBigUInt64BE(0),
    certType: reader.uint32(),
    keyId: reader.text(),
    principals: strings(reader.string()),
    validAfter: reader.bytes(8).readBigUInt64BE(0),
    validBefore: reader.bytes(8).readBigUInt64BE(0),
    options: names(reader.string()),
    extensions: names(reader.string()),
    reserved: reader.string(),
    caBlob: reader.string(),
  };
  return { ...result, rest: reader.rest() };
}

describe('toBeSigned', () => {
  it('writes every field of a user certificate in order, up to the signature key', () => {
    const cert = readBack(toBeSigned(FIELDS));
    expect(cert).toMatchObject({
      type: 'ssh-ed25519-cert-v01@openssh.com',
      nonce: FIELDS.nonce,
      publicKey: FIELDS.publicKey,
      serial: FIELDS.serial,
      certType: 1,
      keyId: FIELDS.keyId,
      validAfter: FIELDS.validAfter,
      validBefore: FIELDS.validBefore,
      options: [],
      reserved: Buffer.alloc(0),
      caBlob: FIELDS.caBlob,
      rest: Buffer.alloc(0),
    });
  });

  it.each<[string, Partial<CertificateFields>, [string, string][], string[]]>([
    ['the defaults', {}, [], ['permit-port-forwarding', 'permit-pty']],
    [
      'a source address list, and extensions given out of order',
      {
        sourceAddresses: ['10.0.0.0/8', '::1/128'],
        extensions: ['permit-pty', 'permit-agent-forwarding'],
      },
      [['source-address', '10.0.0.0/8,::1/128']],
      ['permit-agent-forwarding', 'permit-pty'],
    ],
  ])(
    '%s: options with their value inside a string, extensions sorted with empty data',
    (_label, extra, options, extensions) => {
      const cert = readBack(toBeSigned({ ...FIELDS, ...extra }));
      expect(
        cert.options.map(([name, data]) => [name, new WireReader(data, 'value').text()]),
      ).toEqual(options);
      expect(cert.extensions.map(([name]) => name)).toEqual(extensions);
      expect(cert.extensions.every(([, data]) => data.length === 0)).toBe(true);
      expect(cert.principals).toEqual(['deploy', 'root']);
    },
  );
});

describe('signedCertificate and certificateLine', () => {
  it('appends the signature as a string; the line names the cert type', () => {
    const signed = toBeSigned(FIELDS);
    const blob = signedCertificate(signed, Buffer.from('sig'));
    expect(blob.subarray(signed.length)).toEqual(Buffer.from([0, 0, 0, 3, ...Buffer.from('sig')]));
    expect(certificateLine(blob, 'who')).toBe(
      `ssh-ed25519-cert-v01@openssh.com ${blob.toString('base64')} who`,
    );
    expect(certificateLine(blob, '')).toBe(
      `ssh-ed25519-cert-v01@openssh.com ${blob.toString('base64')}`,
    );
  });
});

describe('issueCertificate, the fields it chooses', () => {
  const ca = testCa('ec');
  const NOW = new Date('2026-12-03T08:00:00.999Z');

  it('takes nonce and serial from `random`, validity from `now`', async () => {
    let call = 0;
    const random = (size: number) => Buffer.alloc(size, (call += 1));
    const issued = await issueCertificate(certificateSettings({ lifetimeSeconds: 5 }), ca.signer, {
      now: NOW,
      random,
      keyId: 'k',
    });
    const cert = readBack(Buffer.from(issued.certificate.split(' ')[1] ?? '', 'base64'));
    expect(cert.serial).toBe(issued.serial);
    expect(new Set([cert.serial, 0x0101010101010101n, 0x0202020202020202n]).size).toBe(2);
    expect(cert.nonce.length).toBe(32);
    expect(cert.validAfter).toBe(BigInt(Date.parse('2026-12-03T07:59:00Z') / 1000));
    expect(cert.validBefore).toBe(BigInt(Date.parse('2026-12-03T08:00:05Z') / 1000));
  });

  it('never uses serial 0', async () => {
    const issued = await issueCertificate(certificateSettings(), ca.signer, {
      random: (size) => Buffer.alloc(size),
    });
    expect(issued.serial).toBe(1n);
  });

  it('refuses to issue a certificate without principals, before asking the CA', async () => {
    const asked = ca.asked.length;
    const issuing = issueCertificate(certificateSettings({ principals: [] }), ca.signer);
    await expect(issuing).rejects.toThrow(ActionError);
    await expect(issuing).rejects.toThrow(/'certificate-principals' is empty/);
    expect(ca.asked.length).toBe(asked);
  });
});
