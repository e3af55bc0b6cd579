/**
 * Whether a private key value is laid out like a real key, checked before any of its lines is
 * masked. The runner masks every registered line across the whole job log, so a "key" re-wrapped
 * at 4 characters a line would register hundreds of masks such as `MIIE` or `AQEA` that blank
 * common text everywhere. Pure: the answer never quotes the value, only widths and counts.
 */

/** Narrowest wrap of a real key: PEM uses 64, OpenSSH 70, base64(1) and MIME 76. */
const MIN_WRAP_WIDTH = 40;

/**
 * Most masks one key may register. A 4096-bit RSA key needs about 60 (its ~50 lines, the raw and
 * decoded values, their base64), a 16384-bit PEM about 200; a flood needs hundreds.
 */
export const MAX_MASKS = 256;

/**
 * RFC 1421 headers of an encrypted PEM (cipher name, IV): fixed names, so masking them can never
 * blank common text, and they are not wrapped base64.
 */
const PEM_HEADER = /^(?:Proc-Type|DEK-Info):/;

const EXPECTED =
  `expected PEM or OpenSSH key text wrapped at one width of at least ${MIN_WRAP_WIDTH} ` +
  'characters (usually 64 or 70) with a shorter last line, or base64 of it';

/**
 * Why the lines of a value, as they would be masked (trimmed, no blank or armor lines), are laid
 * out unlike any key; undefined when they are fine. One line is always fine, and the last line
 * may be shorter: it is the end of the key's base64 and must stay masked.
 */
export function layoutProblem(lines: readonly string[]): string | undefined {
  const wrapped = lines.filter((line) => !PEM_HEADER.test(line));
  if (wrapped.length < 2) return undefined;
  const widths = wrapped.map((line) => line.length);
  const width = widths[0] ?? 0;
  const even = widths.slice(0, -1).every((w) => w === width) && (widths.at(-1) ?? 0) <= width;
  if (!even) {
    const range = `${Math.min(...widths)} to ${Math.max(...widths)}`;
    return `PrivateKey is laid out unlike any key (${wrapped.length} lines of ${range} characters; ${EXPECTED})`;
  }
  if (width < MIN_WRAP_WIDTH) {
    return `PrivateKey is laid out unlike any key (${wrapped.length} lines ${width} characters wide; ${EXPECTED})`;
  }
  return undefined;
}

/** Why a key would register too many masks; undefined when the count is within bounds. */
export function maskCountProblem(count: number): string | undefined {
  if (count <= MAX_MASKS) return undefined;
  return `PrivateKey is too long for an SSH key (it would take ${count} masks; no supported key needs more than ${MAX_MASKS})`;
}
