import { describe, expect, it } from 'vitest';
import {
  KnownHostsLineError,
  appendedText,
  canonicalLine,
  checkKnownHostsLine,
  linesToAdd,
  parseKnownHosts,
  removeLines,
} from '../../src/ssh-key/known-hosts.js';
import { InputError, parseKnownHostsInput } from '../../src/settings/validate.js';

/** base64 of an SSH wire blob: string(name) followed by `body` bytes of key data. */
function blob(name: string, body = 32) {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(name.length);
  return Buffer.concat([head, Buffer.from(name, 'latin1'), Buffer.alloc(body, 7)]).toString(
    'base64',
  );
}

const ED = blob('ssh-ed25519');
const RSA = blob('ssh-rsa', 270);
const ECDSA = blob('ecdsa-sha2-nistp256', 104);
const SALT = Buffer.alloc(20, 1).toString('base64');
const HASH = Buffer.alloc(20, 2).toString('base64');

describe('checkKnownHostsLine', () => {
  it.each([
    ['a plain host', `example.com ssh-ed25519 ${ED}`],
    ['a comment after the key', `example.com ssh-rsa ${RSA} deploy key for prod`],
    [
      'a host list with an IP and negation',
      `a.example.com,10.0.0.1,!b.example.com ssh-ed25519 ${ED}`,
    ],
    ['a bracketed host with port', `[git.example.com]:2222 ssh-ed25519 ${ED}`],
    ['an IPv6 address', `2001:db8::1 ecdsa-sha2-nistp256 ${ECDSA}`],
    ['a hashed host', `|1|${SALT}|${HASH} ssh-ed25519 ${ED}`],
    ['@cert-authority with a wildcard', `@cert-authority *.example.com ssh-rsa ${RSA}`],
    ['@revoked', `@revoked * ssh-ed25519 ${ED}`],
    ['tabs between fields', `example.com\tssh-ed25519\t${ED}`],
  ])('accepts %s', (_, line) => {
    expect(checkKnownHostsLine(line)).toBeUndefined();
  });

  it.each([
    ['a missing key', 'example.com ssh-ed25519', /missing fields/],
    ['an unknown marker', `@trusted example.com ssh-ed25519 ${ED}`, /unknown marker/],
    ['a marker with nothing else', '@revoked', /missing fields/],
    ['a key that is not base64', 'example.com ssh-ed25519 not*base64', /not valid base64/],
    ['base64 with a bad length', `example.com ssh-ed25519 ${ED.slice(0, -1)}`, /not valid base64/],
    ['a key of another type', `example.com ssh-rsa ${ED}`, /does not match its type/],
    [
      'a blob holding only the type name',
      `h ssh-ed25519 ${blob('ssh-ed25519', 0)}`,
      /does not match/,
    ],
    ['random base64', 'example.com ssh-ed25519 AAAAAAAA', /does not match|too short/],
    ['a bad hashed host', `|1|abc|def ssh-ed25519 ${ED}`, /hashed host/],
    ['a hashed host in a list', `|1|${SALT}|${HASH},x ssh-ed25519 ${ED}`, /hashed host/],
    ['a port out of range', `[example.com]:70000 ssh-ed25519 ${ED}`, /port out of range/],
    ['a host with a slash', `exa/mple.com ssh-ed25519 ${ED}`, /invalid host pattern/],
    ['an empty host in a list', `a.com,,b.com ssh-ed25519 ${ED}`, /invalid host pattern/],
    ['a bad key type', `example.com ssh$rsa ${RSA}`, /invalid key type/],
    ['a control character', `example.com ssh-ed25519 ${ED} \u0007`, /control characters/],
  ])('rejects %s', (_, line, reason) => {
    expect(checkKnownHostsLine(line)).toMatch(reason);
  });
});

describe('parseKnownHosts', () => {
  it('skips comments and blank lines and returns canonical entries', () => {
    const text = `# fleet\n\n  example.com   ssh-ed25519 ${ED}  \r\n\t# more\n[h]:22 ssh-rsa ${RSA} c\n`;
    expect(parseKnownHosts(text)).toEqual({
      ok: true,
      lines: [`example.com ssh-ed25519 ${ED}`, `[h]:22 ssh-rsa ${RSA} c`],
    });
  });

  it.each([
    [`bad line`, 1],
    [`# comment\n\nexample.com ssh-ed25519 ${ED}\nexample.com ssh-rsa ${ED}`, 4],
  ])('names the 1-based line number of the first bad line', (text, lineNumber) => {
    const result = parseKnownHosts(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(KnownHostsLineError);
    expect(result.error.lineNumber).toBe(lineNumber);
    expect(result.error.message).toContain(`line ${lineNumber}:`);
    expect(result.error.message).toContain('host[,host...] key-type base64-key [comment]');
  });

  it('turns a bad line into an InputError naming the input', () => {
    expect(() => parseKnownHostsInput('known-hosts', 'nonsense')).toThrow(InputError);
    expect(() => parseKnownHostsInput('known-hosts', 'nonsense')).toThrow(
      /^Input 'known-hosts' is invalid: line 1: missing fields/,
    );
    expect(parseKnownHostsInput('known-hosts', '')).toEqual([]);
  });
});

const A = `a.example.com ssh-ed25519 ${ED}`;
const B = `b.example.com ssh-ed25519 ${ED}`;
const C = `c.example.com ssh-rsa ${RSA}`;

describe('linesToAdd', () => {
  it.each([
    ['an empty file', '', [A, B], [A, B]],
    ['a file holding one of them', `${A}\n`, [A, B], [B]],
    ['the same entry with other spacing', `a.example.com  ssh-ed25519\t${ED}\r\n`, [A], []],
    ['duplicates in the input', '', [A, A, `  ${A} `], [A]],
    ['comment-only text', `# ${A}\n`, [A], [A]],
  ])('given %s', (_, existing, newLines, expected) => {
    expect(linesToAdd(existing, newLines)).toEqual(expected);
  });
});

describe('appendedText', () => {
  it.each([
    ['', [A], `${A}\n`],
    [`${C}\n`, [A, B], `${A}\n${B}\n`],
    [C, [A], `\n${A}\n`],
    [`${C}\n`, [], ''],
  ])('after %j appends the right bytes', (existing, lines, expected) => {
    expect(appendedText(existing, lines)).toBe(expected);
  });
});

describe('removeLines', () => {
  it.each([
    ['our lines at the end', `${C}\n${A}\n${B}\n`, [A, B], `${C}\n`, []],
    ['a line in the middle', `${A}\n${C}\n`, [A], `${C}\n`, []],
    ['one of two copies (the last)', `${A}\n${C}\n${A}\n`, [A], `${A}\n${C}\n`, []],
    ['a missing final newline kept', `${A}\n${C}`, [A], C, []],
    ['the unterminated last line', `${C}\n${A}`, [A], `${C}\n`, []],
    ['CRLF endings kept', `${C}\r\n${A}\r\n`, [A], `${C}\r\n`, []],
    ['a line that is gone', `${C}\n`, [A], `${C}\n`, [A]],
    ['an empty file', '', [A], '', [A]],
    ['only whole-line matches', `${A} comment\n`, [A], `${A} comment\n`, [A]],
  ])('removes %s', (_, existing, lines, text, missing) => {
    const result = removeLines(existing, lines);
    expect(result.text).toBe(text);
    expect(result.missing).toEqual(missing);
    expect(result.removed).toEqual(lines.filter((line) => !missing.includes(line)));
  });
});

describe('add then remove round trip', () => {
  it.each([
    ['', [A, B]],
    [`# keep me\n${C}\n`, [A, B]],
    [`${A}\n\n# x\r\n${C}\n`, [A, B, C]],
    [`${B}\n`, [B]],
  ])('restores %j byte for byte', (existing, wanted) => {
    const added = linesToAdd(existing, wanted);
    const edited = existing + appendedText(existing, added);
    for (const line of wanted) expect(edited.split('\n').map(canonicalLine)).toContain(line);
    expect(removeLines(edited, added).text).toBe(existing);
  });
});
