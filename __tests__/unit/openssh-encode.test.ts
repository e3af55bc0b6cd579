import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePrivateKey, publicKeyLine } from '../../src/ssh-key/key-pair.js';
import {
  agentKeyComment,
  encodeOpenSshPrivateKey,
  printableComment,
} from '../../src/ssh-key/openssh-encode.js';
import { expectNoLeak, fixture, fixtureDir, thrown } from '../fixtures/keys.js';
import { takeApart } from '../fixtures/openssh-container.js';
import { agentAdd, startAgent } from '../../harness/ssh-tools.js';

const scratch = mkdtempSync(join(tmpdir(), 'openssh-encode-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let files = 0;
/** The text saved as a 0600 file (ssh-keygen refuses readable keys); its path. */
function keyFile(text: string): string {
  const path = join(scratch, `key-${(files += 1)}`);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

const sshKeygen = (...args: string[]): string =>
  execFileSync('ssh-keygen', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** `<type> <base64>` of a public key line. */
const identity = (line: string): string => line.trim().split(/\s+/).slice(0, 2).join(' ');

const COMMENT = 'tencentcloud-ssm:deploy-key (skey-1a2b3c4d)';

// Every supported key type and container: PKCS#1, PKCS#8, SEC1 and openssh-key-v1.
const SUPPORTED: [file: string, type: string][] = [
  ['rsa-pkcs1.pem', 'RSA'],
  ['rsa-other-pkcs1.pem', 'RSA'],
  ['rsa-pkcs8.pem', 'RSA'],
  ['rsa-openssh', 'RSA'],
  ['ecdsa-p256-sec1.pem', 'ECDSA'],
  ['ecdsa-p384-pkcs8.pem', 'ECDSA'],
  ['ecdsa-p521-openssh', 'ECDSA'],
  ['ed25519-pkcs8.pem', 'ED25519'],
  ['ed25519-openssh', 'ED25519'],
];

describe('encodeOpenSshPrivateKey', () => {
  it.each(SUPPORTED)('%s: ssh-keygen reads it as the same key, with the comment', (file, type) => {
    const encoded = encodeOpenSshPrivateKey(fixture(file), COMMENT);
    const path = keyFile(encoded);
    expect(identity(sshKeygen('-y', '-f', path))).toBe(identity(fixture(`${file}.pub`)));
    const listed = sshKeygen('-l', '-f', path).trim();
    expect(listed).toMatch(new RegExp(` ${escape(COMMENT)} \\(${type}\\)$`));
    // ssh-keygen -l on a private key falls back to its .pub when there is one: there is none.
    expect(() => readFileSync(`${path}.pub`)).toThrow();
  });

  it.each(SUPPORTED)('%s: our parser reads it back: same public key, the comment', (file) => {
    const encoded = encodeOpenSshPrivateKey(fixture(file), COMMENT);
    const original = parsePrivateKey(fixture(file));
    const reread = parsePrivateKey(encoded);
    expect(publicKeyLine(reread.publicBlob)).toBe(publicKeyLine(original.publicBlob));
    expect(reread.comment).toBe(COMMENT);
  });

  it.each(SUPPORTED)('%s: laid out as ssh-keygen writes it', (file) => {
    const lines = encodeOpenSshPrivateKey(fixture(file), COMMENT).split('\n');
    expect(lines[0]).toBe('-----BEGIN OPENSSH PRIVATE KEY-----');
    expect(lines.at(-2)).toBe('-----END OPENSSH PRIVATE KEY-----');
    expect(lines.at(-1)).toBe('');
    const body = lines.slice(1, -2);
    expect(body.slice(0, -1).every((line) => line.length === 70)).toBe(true);
    expect(body.at(-1)!.length).toBeLessThanOrEqual(70);
  });

  // With ssh-keygen's own check word and comment, the output is ssh-keygen's file, byte for byte:
  // PROTOCOL.key's field order, mpint encoding, padding 1, 2, 3... and the 70-column armor.
  it.each(['rsa-openssh', 'ecdsa-p521-openssh', 'ed25519-openssh'])(
    '%s re-encoded with its own check word and comment is the same file',
    (file) => {
      const { checks, comment } = takeApart(file);
      expect(encodeOpenSshPrivateKey(fixture(file), comment, checks[0])).toBe(fixture(file));
    },
  );

  it.each(['rsa-pkcs1.pem', 'rsa-pkcs8.pem', 'ecdsa-p256-sec1.pem', 'ecdsa-p384-pkcs8.pem'])(
    '%s: the same bytes as ssh-keygen -c converting it',
    (file) => {
      const path = keyFile(fixture(file));
      sshKeygen('-q', '-c', '-C', COMMENT, '-f', path);
      const converted = readFileSync(path, 'utf8');
      const checkWord = takeApartText(converted);
      expect(encodeOpenSshPrivateKey(fixture(file), COMMENT, checkWord)).toBe(converted);
    },
  );

  it('pads the private section with 1, 2, 3... to the 8-byte block, for every comment length', () => {
    for (let length = 0; length < 8; length += 1) {
      const comment = 'c'.repeat(length);
      const encoded = encodeOpenSshPrivateKey(fixture('ed25519-openssh'), comment, 7);
      expect(parsePrivateKey(encoded).comment ?? '').toBe(comment);
    }
  });

  it.each<[string, string, string]>([
    ['a line break', 'name\nInclude evil', 'name?Include evil'],
    ['a carriage return', 'a\rb', 'a?b'],
    ['a tab', 'a\tb', 'a?b'],
    ['non-ASCII', 'clé', 'cl?'],
    ['an escape sequence', '\u001b[31mred', '?[31mred'],
    ['surrounding spaces', '  x  ', 'x'],
    ['an overlong comment', 'x'.repeat(500), 'x'.repeat(200)],
  ])('a comment with %s is stored as one printable line', (_what, comment, stored) => {
    expect(printableComment(comment)).toBe(stored);
    const encoded = encodeOpenSshPrivateKey(fixture('ecdsa-p256-sec1.pem'), comment);
    expect(parsePrivateKey(encoded).comment ?? '').toBe(stored);
  });

  it.each([
    'rsa-pkcs1-encrypted.pem',
    'dsa-openssh',
    'x25519-pkcs8.pem',
    'ed25519-openssh-encrypted',
  ])('%s is refused as on delivery, without quoting the key', (file) => {
    const error = thrown(() => encodeOpenSshPrivateKey(fixture(file), COMMENT));
    expectNoLeak(error, fixture(file));
  });
});

describe('agentKeyComment', () => {
  it.each<[string | undefined, string, string]>([
    ['deploy-key', 'skey-1a2b3c4d', 'tencentcloud-ssm:deploy-key (skey-1a2b3c4d)'],
    ['prod_bastion', 'skey-00000000', 'tencentcloud-ssm:prod_bastion (skey-00000000)'],
    [undefined, 'skey-1a2b3c4d', 'tencentcloud-ssm:(skey-1a2b3c4d)'],
    ['', 'skey-1a2b3c4d', 'tencentcloud-ssm:(skey-1a2b3c4d)'],
    ['x', 'skey-\nbad', 'tencentcloud-ssm:x (skey-?bad)'],
  ])('%s and %s: %s', (secretName, sshKeyId, comment) => {
    expect(agentKeyComment(secretName, sshKeyId)).toBe(comment);
  });
});

describe('in a real ssh-agent', () => {
  it.each(SUPPORTED)('%s added over stdin: ssh-add -l lists the comment', async (file) => {
    const agent = await startAgent(join(scratch, `agent-${(files += 1)}.sock`));
    try {
      await agentAdd(agent.sock, encodeOpenSshPrivateKey(fixture(file), COMMENT));
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', SSH_AUTH_SOCK: agent.sock };
      const listed = execFileSync('ssh-add', ['-l'], { encoding: 'utf8', env }).trim();
      const fingerprint = sshKeygen('-l', '-f', join(fixtureDir, `${file}.pub`)).split(' ')[1];
      expect(listed).toMatch(new RegExp(`^\\d+ ${escape(fingerprint!)} ${escape(COMMENT)} \\(`));
      const keys = execFileSync('ssh-add', ['-L'], { encoding: 'utf8', env }).trim();
      expect(identity(keys)).toBe(identity(fixture(`${file}.pub`)));
      expect(keys.endsWith(` ${COMMENT}`)).toBe(true);
    } finally {
      await agent.stop();
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The check word of an openssh-key-v1 text. */
function takeApartText(text: string): number {
  const body = Buffer.from(text.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  // magic(15) cipher(4+4) kdf(4+4) kdfoptions(4) count(4) publicBlob(4+n) section length(4)
  let offset = 15 + 8 + 8 + 4 + 4;
  offset += 4 + body.readUInt32BE(offset);
  return body.readUInt32BE(offset + 4);
}
