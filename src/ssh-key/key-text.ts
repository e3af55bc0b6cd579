import { KeyMaterialError } from './key-material-error.js';
import { layoutProblem, maskCountProblem } from './key-layout.js';

/** The two key fields of GetSSHKeyPairValue's response. */
export type KeyField = 'PrivateKey' | 'PublicKey';

type Shape = 'armored' | 'public-line';

const EXPECTED_SHAPE: Record<KeyField, Shape> = {
  PrivateKey: 'armored',
  PublicKey: 'public-line',
};

/** An armor line (`-----BEGIN RSA PRIVATE KEY-----`): the same for every key, no key bytes. */
const ARMOR_LINE = /^-----(?:BEGIN|END) [A-Z0-9 ]+-----$/;

/**
 * Base64 has no '-', so text that starts with PEM armor or with a key type name such as
 * `ssh-rsa` is plain text; anything else can only be base64.
 */
function shapeOf(text: string): Shape | undefined {
  if (/^-----BEGIN [A-Z0-9 ]+-----/.test(text)) return 'armored';
  if (/^(?:ssh|ecdsa|sk)-[A-Za-z0-9@.-]+[ \t]+[A-Za-z0-9+/]/.test(text)) return 'public-line';
  return undefined;
}

/** Decodes base64 (whitespace and line breaks allowed) to UTF-8 text; undefined when it is not. */
function decodeBase64Text(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(compact, 'base64')).trim();
  } catch {
    return undefined;
  }
}

/** The value as plain text: as given when it already is, else its base64 decoding. */
function plainText(raw: string): string | undefined {
  const text = raw.trim();
  return shapeOf(text) ? text : decodeBase64Text(text);
}

function misfitMessage(field: KeyField, shape: Shape | undefined): string {
  if (field === 'PrivateKey' && shape === 'public-line') {
    return 'PrivateKey holds an OpenSSH public key, not a private key';
  }
  if (field === 'PublicKey' && shape === 'armored') {
    return 'PublicKey holds PEM text, not an OpenSSH public key line';
  }
  return field === 'PrivateKey'
    ? 'PrivateKey is neither PEM/OpenSSH private key text nor base64 of it'
    : 'PublicKey is neither an OpenSSH public key line nor base64 of one';
}

/**
 * SSM documents PrivateKey as base64-encoded, yet its example returns plain PEM: accept both.
 * Returns the trimmed key text (PEM/OpenSSH armor for PrivateKey, `<type> <base64> [comment]`
 * for PublicKey). Whether the key inside is valid is for the parsers to say.
 */
export function decodeKeyText(raw: string, field: KeyField): string {
  if (raw.trim() === '') throw new KeyMaterialError(`${field} is empty`);
  const text = plainText(raw);
  const shape = text === undefined ? undefined : shapeOf(text);
  if (text === undefined || shape !== EXPECTED_SHAPE[field]) {
    throw new KeyMaterialError(misfitMessage(field, shape));
  }
  return text;
}

/**
 * LF line ends, no whitespace around lines, no blank lines at either end, exactly one final
 * "\n" (ssh-add rejects a key without it). Leading whitespace goes too: it comes from indented
 * YAML or pasting, and no armor, header or base64 line of a key begins with whitespace.
 */
export function normaliseKeyText(text: string): string {
  const lines = text.split(/\r\n|\r|\n/).map((line) => line.trim());
  return `${lines.join('\n').trim()}\n`;
}

/**
 * Every string to register with core.setSecret for a raw PrivateKey value, before anything is
 * validated: the raw value, the decoded and normalised key, each of their lines (the runner
 * masks line by line, so a multi-line value alone would not hide a logged line of the key), and
 * the base64 of the normalised key (the form the API documents, so a step that re-encodes the
 * key cannot leak it either; the runner also masks base64 of each registered line).
 *
 * Armor lines are left out: they are the same public text for every key of a type, carry no key
 * bytes, and masking them would only hide harmless diagnostics such as `head -1 key`. Every
 * other line is kept, short or not: any of them may carry key bytes. So a value whose lines are
 * laid out unlike any key's, or that would take more masks than any key, is refused first
 * (KeyMaterialError): its masks would blank common text across the whole job log.
 */
export function secretsToMask(rawPrivateKey: string): string[] {
  checkMaskLayout(rawPrivateKey);
  const secrets = new Set<string>();
  addWithLines(secrets, rawPrivateKey);
  const key = decodedKey(rawPrivateKey);
  if (key !== undefined) {
    addWithLines(secrets, key);
    secrets.add(Buffer.from(key, 'utf8').toString('base64'));
  }
  const tooMany = maskCountProblem(secrets.size);
  if (tooMany) throw new KeyMaterialError(tooMany);
  return [...secrets];
}

/**
 * Throws KeyMaterialError when the raw value or the key it decodes to is laid out unlike any
 * key. A value that is no key text at all gets decodeKeyText's message, which says more.
 */
export function checkMaskLayout(rawPrivateKey: string): void {
  const key = decodedKey(rawPrivateKey);
  const problem =
    layoutProblem(linesToMask(rawPrivateKey)) ??
    (key === undefined ? undefined : layoutProblem(linesToMask(key)));
  if (!problem) return;
  decodeKeyText(rawPrivateKey, 'PrivateKey');
  throw new KeyMaterialError(problem);
}

function decodedKey(rawPrivateKey: string): string | undefined {
  const decoded = plainText(rawPrivateKey);
  return decoded === undefined || decoded === '' ? undefined : normaliseKeyText(decoded);
}

/** The lines the runner would mask one by one: trimmed, neither blank nor armor. */
function linesToMask(value: string): string[] {
  return value
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !ARMOR_LINE.test(line));
}

function addWithLines(secrets: Set<string>, value: string): void {
  if (value.trim() === '') return;
  secrets.add(value);
  secrets.add(value.trim());
  for (const line of linesToMask(value)) secrets.add(line);
}
