import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_MASKS, layoutProblem, maskCountProblem } from '../../src/ssh-key/key-layout.js';
import { checkMaskLayout, secretsToMask } from '../../src/ssh-key/key-text.js';
import { ARMOR_LINE, base64, fixture, thrown, wrap } from '../fixtures/keys.js';

const rsaPem = fixture('rsa-pkcs1.pem');
/**
 * A fresh 4096-bit key whose PEM body ends in a short line. The body's length varies with the
 * key's numbers, and about one key in 16 fills its last line exactly: such a key has no short line
 * to test, so another is made.
 */
function rsa4096WithShortLastLine(): string {
  for (;;) {
    const pem = generateKeyPairSync('rsa', { modulusLength: 4096 })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString();
    const body = pem.trimEnd().split('\n').slice(1, -1);
    if ((body.at(-1) ?? '').length < 64) return pem;
  }
}

const rsa4096 = rsa4096WithShortLastLine();

/** The same key with its body re-wrapped at `width` characters a line. */
function rewrap(pem: string, width: number): string {
  const lines = pem.trimEnd().split('\n');
  const body = lines.slice(1, -1).join('');
  return `${lines[0]}\n${wrap(body, width)}\n${lines.at(-1)}\n`;
}

const bodyLines = (pem: string) =>
  pem
    .trimEnd()
    .split('\n')
    .filter((line) => !ARMOR_LINE.test(line));

const LAID_OUT = /^PrivateKey is laid out unlike any key \(/;

describe('layoutProblem', () => {
  it.each([
    ['no lines', [], undefined],
    ['one short line', ['AQAB'], undefined],
    ['one long line', ['A'.repeat(3000)], undefined],
    ['64 wide, shorter last line', ['A'.repeat(64), 'A'.repeat(64), 'AQ=='], undefined],
    ['70 wide, last line as wide', ['B'.repeat(70), 'B'.repeat(70)], undefined],
    ['76 wide (base64 -w 76)', ['C'.repeat(76), 'C'.repeat(10)], undefined],
    [
      'encrypted PEM headers before 64-wide lines',
      ['Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-128-CBC,00FF', 'A'.repeat(64), 'A'],
      undefined,
    ],
    ['4 wide', ['MIIE', 'AQEA', 'AQ'], /\(3 lines 4 characters wide; expected/],
    ['39 wide', ['A'.repeat(39), 'A'], /\(2 lines 39 characters wide; /],
    ['uneven widths', ['A'.repeat(64), 'A'.repeat(10), 'A'.repeat(64)], /3 lines of 10 to 64 /],
    ['last line longer', ['A'.repeat(64), 'A'.repeat(65)], /2 lines of 64 to 65 /],
  ])('%s', (_name, lines, expected) => {
    const problem = layoutProblem(lines);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });

  it('names what is expected', () => {
    expect(layoutProblem(['MIIE', 'AQEA'])).toMatch(
      /wrapped at one width of at least 40 characters \(usually 64 or 70\) with a shorter last line, or base64 of it\)$/,
    );
  });
});

describe('maskCountProblem', () => {
  it.each([
    [1, false],
    [MAX_MASKS, false],
    [MAX_MASKS + 1, true],
  ])('%s masks: refused=%s', (count, refused) => {
    expect(maskCountProblem(count) !== undefined).toBe(refused);
  });
});

describe('secretsToMask and key layout', () => {
  it.each([
    ['a 4096-bit RSA PEM', rsa4096],
    ['base64 of it on one line', base64(rsa4096)],
    ['base64 of it wrapped at 76', wrap(base64(rsa4096), 76)],
    ['a 4096-bit RSA PEM re-wrapped at 70', rewrap(rsa4096, 70)],
    ['an OpenSSH key', fixture('rsa-openssh')],
    ['an encrypted PEM', fixture('rsa-pkcs1-encrypted.pem')],
  ])('%s passes, with a bounded number of masks', (_name, raw) => {
    const secrets = secretsToMask(raw);
    expect(secrets.length).toBeLessThanOrEqual(MAX_MASKS);
    expect(secrets.length).toBeLessThan(150);
  });

  it("keeps masking a real key's short last line", () => {
    const last = bodyLines(rsa4096).at(-1) ?? '';
    expect(last.length).toBeLessThan(64);
    expect(secretsToMask(rsa4096)).toContain(last);
  });

  it.each([
    ['re-wrapped at 4', rewrap(rsaPem, 4), /lines 4 characters wide/],
    ['re-wrapped at 4, sent as base64', base64(rewrap(rsaPem, 4)), /lines 4 characters wide/],
    ['re-wrapped at 16', rewrap(rsa4096, 16), /lines 16 characters wide/],
    ['lines of uneven width', rsaPem.replace(/\n(.{10})/, '\n$1\n'), /lines of \d+ to 64 /],
  ])('%s: refused before any line is masked, without quoting the key', (_name, raw, says) => {
    const error = thrown(() => secretsToMask(raw));
    expect(error.message).toMatch(LAID_OUT);
    expect(error.message).toMatch(says);
    expect(() => checkMaskLayout(raw)).toThrow(error.message);
    for (const line of bodyLines(rsaPem)) expect(error.message).not.toContain(line.slice(0, 8));
  });

  it('refuses a value that would take more masks than any key', () => {
    // 300 different 64-character lines: well wrapped, but no key is that long.
    const lines = Array.from({ length: 300 }, (_, i) => String(i).padStart(64, 'A'));
    const raw = `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
    expect(thrown(() => secretsToMask(raw)).message).toMatch(
      /^PrivateKey is too long for an SSH key \(it would take \d+ masks; no supported key needs more than 256\)$/,
    );
  });
});
