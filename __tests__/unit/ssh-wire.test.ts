import { describe, expect, it } from 'vitest';
import { publicKeyLine } from '../../src/ssh-key/key-pair.js';
import {
  WireReader,
  bytesFromBigint,
  fingerprintOf,
  wireMpint,
  wireString,
} from '../../src/ssh-key/wire.js';

describe('SSH wire encoding', () => {
  it.each([
    [0n, '00000000'],
    [0x7fn, '000000017f'],
    [0x80n, '000000020080'],
    [0x1234n, '000000021234'],
    [0xdeadbeefn, '0000000500deadbeef'],
  ])('wireMpint(%s) is %s', (value, hex) => {
    expect(wireMpint(value).toString('hex')).toBe(hex);
    expect(new WireReader(wireMpint(value), 'test').mpint()).toBe(value);
  });

  it.each([
    [1n, 0, '01'],
    [1n, 4, '00000001'],
    [0n, 2, '0000'],
    [0x1ffn, 1, '01ff'],
  ])('bytesFromBigint(%s, %s) is %s', (value, size, hex) => {
    expect(bytesFromBigint(value, size).toString('hex')).toBe(hex);
  });

  it.each([
    ['a length past the end', Buffer.from('0000000561', 'hex')],
    ['a cut length', Buffer.from('000000', 'hex')],
  ])('reading %s fails', (_name, data) => {
    expect(() => new WireReader(data, 'Thing').string()).toThrow(
      'Thing is malformed: truncated or corrupt',
    );
  });

  it('fingerprintOf is SHA256: and unpadded base64 of the digest', () => {
    expect(fingerprintOf(Buffer.alloc(0))).toBe(
      'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU',
    );
  });

  it.each([
    [undefined, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5'],
    ['', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5'],
    ['  skey-1  ', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 skey-1'],
    ['two\nlines\u0007', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 two lines'],
    ['a\u2028::warning::b\u2029c', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 a ::warning::b c'],
  ])('publicKeyLine with comment %j', (comment, line) => {
    expect(publicKeyLine(wireString('ssh-ed25519'), comment)).toBe(line);
  });
});
