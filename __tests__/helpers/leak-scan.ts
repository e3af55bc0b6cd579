import { publicBlobOf } from './key-public-part.js';
import { scanCommands, splitLines } from '../../harness/workflow-commands.js';

/** Long enough that an ordinary log never holds one of a key's windows by chance. */
export const WINDOW = 24;
/** Shorter lines of a multi-line secret (a PEM's last base64 line, '==') are too common. */
const MIN_LINE = 8;

const ARMOR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;
/** base64 of "openssh-key-v1\0" + cipher none + kdf none + one key: the same in every such key. */
const OPENSSH_HEADER = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAA';

export interface LeakScanOptions {
  /** Values that may appear (a public key line...): windows they contain are not leaks. */
  publicValues?: string[];
}

interface Probe {
  label: string;
  whole: string;
  lines: string[];
  /** WINDOW-long substrings of the body (the body itself when shorter), minus public ones. */
  windows: Set<string>;
}

const isArmor = (line: string) => ARMOR.test(line);

/** A PEM/OpenSSH key's base64 between the armor lines (header lines dropped), unwrapped. */
export function base64Body(secret: string): string {
  const lines = secret.split(/\r?\n/).map((line) => line.trim());
  if (!lines.some(isArmor)) return lines.join('');
  return lines.filter((line) => line !== '' && !isArmor(line) && !line.includes(':')).join('');
}

function windowsOf(body: string, exclude: Set<string> = new Set()): Set<string> {
  if (body.length <= WINDOW) return new Set([body]);
  const windows = new Set<string>();
  for (let i = 0; i + WINDOW <= body.length; i++) {
    const window = body.slice(i, i + WINDOW);
    if (!exclude.has(window)) windows.add(window);
  }
  return windows;
}

/** Text that may appear without leaking `secret`: its public key, format boilerplate. */
function publicMaterial(secret: string, publicValues: string[]): string[] {
  const armorLine = secret.split(/\r?\n/)[0] ?? '';
  const encodedPrefix = Buffer.from(`${armorLine}\n${OPENSSH_HEADER}`).toString('base64');
  const known = [OPENSSH_HEADER, encodedPrefix, publicBlobOf(secret) ?? '', ...publicValues];
  return known.flatMap((v) => [v, Buffer.from(v).toString('base64')]).filter((v) => v !== '');
}

function windowsIn(values: string[]): Set<string> {
  const windows = new Set<string>();
  for (const value of values) {
    if (value.length >= WINDOW) windowsOf(value).forEach((w) => windows.add(w));
  }
  return windows;
}

/** The raw API value may be base64 of the PEM: probe the decoded key too. */
function decodedKey(secret: string): string | undefined {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(secret)) return undefined;
  const decoded = Buffer.from(secret, 'base64').toString('utf8');
  return decoded.includes('-----BEGIN ') ? decoded : undefined;
}

function probesFor(secret: string, label: string, publicValues: string[]): Probe[] {
  const material = publicMaterial(secret, publicValues);
  const exclude = windowsIn(material);
  // An OpenSSH ECDSA key holds whole lines of its public key, aligned as in the public key line.
  const lines = secret
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= MIN_LINE && !isArmor(line))
    .filter((line) => !material.some((value) => value.includes(line)));
  const encoded = Buffer.from(secret, 'utf8').toString('base64');
  const decoded = decodedKey(secret);
  return [
    {
      label,
      whole: secret,
      lines: lines.length > 1 ? lines : [],
      windows: windowsOf(base64Body(secret), exclude),
    },
    {
      label: `${label} (base64-encoded)`,
      whole: encoded,
      lines: [],
      windows: windowsOf(encoded, exclude),
    },
    ...(decoded ? probesFor(decoded, `${label} (base64-decoded)`, publicValues).slice(0, 1) : []),
  ];
}

/** The log as a reader sees it: `::add-mask::` lines the runner consumed are gone. */
function visibleLines(text: string): string[] {
  const consumed = new Set(
    scanCommands(text)
      .filter((command) => command.name === 'add-mask')
      .map((command) => command.line),
  );
  return splitLines(text).filter((_, index) => !consumed.has(index));
}

/** One pass over the text for all probes: offsets where each probe's windows occur. */
function windowHits(flat: string, probes: Probe[]): Map<Probe, number[]> {
  const owners = new Map<string, Probe[]>();
  for (const probe of probes) {
    for (const window of probe.windows) owners.set(window, [...(owners.get(window) ?? []), probe]);
  }
  const hits = new Map<Probe, number[]>();
  for (const size of new Set([...owners.keys()].map((window) => window.length))) {
    for (let i = 0; i + size <= flat.length; i++) {
      for (const probe of owners.get(flat.slice(i, i + size)) ?? []) {
        const offsets = hits.get(probe) ?? [];
        offsets.push(i);
        hits.set(probe, offsets);
      }
    }
  }
  return hits;
}

function textLeaks(probe: Probe, lines: string[], visible: string): string[] {
  const found: string[] = [];
  if (visible.includes(probe.whole)) found.push(`${probe.label}: whole value`);
  probe.lines.forEach((secretLine, i) => {
    const at = lines.findIndex((line) => line.includes(secretLine));
    if (at >= 0) found.push(`${probe.label}: line ${i + 1} of the secret, on log line ${at + 1}`);
  });
  return found;
}

/**
 * Descriptions of every way `text` exposes one of `secrets`, never the secret itself.
 * Lines the runner consumes as `::add-mask::` commands are not part of the log.
 */
export function findLeaks(
  text: string,
  secrets: string[],
  options: LeakScanOptions = {},
): string[] {
  const lines = visibleLines(text);
  const visible = lines.join('\n');
  // Raw and %0A-escaped line breaks removed, so a wrapped base64 body reads as one run.
  const flat = lines.join('').replace(/%0D|%0A/gi, '');
  const probes = secrets.flatMap((secret, index) =>
    secret === '' ? [] : probesFor(secret, `secret #${index + 1}`, options.publicValues ?? []),
  );
  const hits = windowHits(flat, probes);
  return probes.flatMap((probe) => {
    const found = textLeaks(probe, lines, visible);
    const offsets = hits.get(probe) ?? [];
    if (offsets.length > 0) {
      const first = offsets.reduce((a, b) => Math.min(a, b));
      found.push(
        `${probe.label}: ${offsets.length} base64 window(s), first at unwrapped offset ${first}`,
      );
    }
    return found;
  });
}

export function expectNoLeak(text: string, secrets: string[], options: LeakScanOptions = {}): void {
  const leaks = findLeaks(text, secrets, options);
  if (leaks.length > 0) {
    throw new Error(`secret material found in output:\n  ${leaks.join('\n  ')}`);
  }
}
