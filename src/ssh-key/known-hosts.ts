/** Pure known_hosts logic: validate lines, decide what to append, and undo exactly that. */

const KNOWN_HOSTS_FORM = '[@cert-authority|@revoked] host[,host...] key-type base64-key [comment]';

const MARKERS = new Set(['@cert-authority', '@revoked']);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HOST_CHARS = /^[A-Za-z0-9._*?:%-]+$/;
const BRACKETED_HOST = /^\[([^\]]+)\]:(\d{1,5})$/;
const KEY_TYPE = /^[A-Za-z0-9][A-Za-z0-9@._-]*$/;
const SHA1_BYTES = 20;

/** A bad line, named by its 1-based number within the input it came from. */
export class KnownHostsLineError extends Error {
  constructor(
    readonly lineNumber: number,
    readonly reason: string,
    line: string,
  ) {
    const shown = line.length > 120 ? `${line.slice(0, 117)}...` : line;
    super(`line ${lineNumber}: ${reason} in "${shown}"; expected "${KNOWN_HOSTS_FORM}"`);
    this.name = 'KnownHostsLineError';
  }
}

export type KnownHostsResult =
  { ok: true; lines: string[] } | { ok: false; error: KnownHostsLineError };

/** Validates every line; returns the entries (canonical form), skipping comments and blanks. */
export function parseKnownHosts(text: string): KnownHostsResult {
  const lines: string[] = [];
  const rows = text.split(/\r?\n/);
  for (const [index, row] of rows.entries()) {
    const trimmed = row.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const reason = checkKnownHostsLine(trimmed);
    if (reason) return { ok: false, error: new KnownHostsLineError(index + 1, reason, trimmed) };
    lines.push(canonicalLine(trimmed));
  }
  return { ok: true, lines };
}

/** Why a single known_hosts entry is invalid, or undefined when it is valid. */
export function checkKnownHostsLine(line: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(line)) return 'control characters';
  const fields = line.trim().split(/\s+/);
  const hasMarker = fields[0]?.startsWith('@') ?? false;
  if (hasMarker && !MARKERS.has(fields[0] ?? '')) return `unknown marker "${fields[0]}"`;
  const [hosts, keyType, key] = fields.slice(hasMarker ? 1 : 0);
  if (!hosts || !keyType || !key) return 'missing fields';
  return checkHosts(hosts) ?? checkKeyType(keyType) ?? checkKeyBlob(keyType, key);
}

function checkHosts(hosts: string) {
  if (hosts.startsWith('|')) return checkHashedHost(hosts);
  for (const pattern of hosts.split(',')) {
    const host = pattern.startsWith('!') ? pattern.slice(1) : pattern;
    const bracketed = BRACKETED_HOST.exec(host);
    if (bracketed) {
      const port = Number(bracketed[2]);
      if (port < 1 || port > 65535) return `port out of range in host "${pattern}"`;
      if (!HOST_CHARS.test(bracketed[1] ?? '')) return `invalid host "${pattern}"`;
    } else if (!HOST_CHARS.test(host)) {
      return `invalid host pattern "${pattern}"`;
    }
  }
  return undefined;
}

function checkHashedHost(hosts: string) {
  const [, version, salt = '', hash = '', ...rest] = hosts.split('|');
  const valid =
    version === '1' &&
    rest.length === 0 &&
    decodedLength(salt) === SHA1_BYTES &&
    decodedLength(hash) === SHA1_BYTES;
  return valid ? undefined : 'invalid hashed host (expected |1|salt|hash)';
}

function decodedLength(text: string) {
  return BASE64.test(text) && text.length % 4 === 0 ? Buffer.from(text, 'base64').length : -1;
}

function checkKeyType(keyType: string) {
  return KEY_TYPE.test(keyType) ? undefined : `invalid key type "${keyType}"`;
}

/** The key field must be base64 of an SSH wire blob that starts with the key type's name. */
function checkKeyBlob(keyType: string, key: string) {
  if (!BASE64.test(key) || key.length % 4 !== 0) return 'key is not valid base64';
  const blob = Buffer.from(key, 'base64');
  if (blob.length < 4) return 'key is too short';
  const nameLength = blob.readUInt32BE(0);
  const name = blob.subarray(4, 4 + nameLength).toString('latin1');
  if (4 + nameLength >= blob.length || name !== keyType) {
    return `key does not match its type "${keyType}"`;
  }
  return undefined;
}

/** Fields joined by single spaces: the form written to the file and compared for duplicates. */
export function canonicalLine(line: string) {
  return line.trim().split(/\s+/).join(' ');
}

/** The entries of `newLines` not already in `existingText` (nor repeated), in canonical form. */
export function linesToAdd(existingText: string, newLines: readonly string[]): string[] {
  const seen = new Set(existingText.split(/\r?\n/).map(canonicalLine));
  const result: string[] = [];
  for (const line of newLines.map(canonicalLine)) {
    if (line === '' || seen.has(line)) continue;
    seen.add(line);
    result.push(line);
  }
  return result;
}

/** What to append so `lines` become whole lines after `existingText`. */
export function appendedText(existingText: string, lines: readonly string[]) {
  if (lines.length === 0) return '';
  const separator = existingText === '' || existingText.endsWith('\n') ? '' : '\n';
  return `${separator}${lines.join('\n')}\n`;
}

interface RemoveLinesResult {
  text: string;
  removed: string[];
  /** Lines we added that are no longer in the file. */
  missing: string[];
}

/**
 * Removes one occurrence (the last, since we appended) of each line we added, with its line
 * terminator. Every other byte stays as it was, including CRLF endings and a missing final newline.
 */
export function removeLines(existingText: string, linesWeAdded: readonly string[]) {
  const segments = existingText.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const result: RemoveLinesResult = { text: existingText, removed: [], missing: [] };
  for (const line of linesWeAdded) {
    const index = segments.findLastIndex((segment) => segment.replace(/\r?\n$/, '') === line);
    if (index === -1) {
      result.missing.push(line);
      continue;
    }
    segments.splice(index, 1);
    result.removed.push(line);
  }
  result.text = segments.join('');
  return result;
}
