import { isIPv4, isIPv6 } from 'node:net';
import { Defaults, Inputs, type Mode } from '../constants.js';
import { parseEndpoint } from './endpoint.js';
import { readInteger, type InputSource } from './input-source.js';
import type { CertificateSettings } from './settings.js';
import { InputError, KMS_KEY_ID, checkPattern, fail } from './validate.js';

// `mode: certificate`: the CA key in KMS and what the certificate says. The inputs of the other
// modes are refused here, and these inputs in the other modes: nothing would read them.

/** The inputs only mode certificate reads, with the default action.yml gives each (if any). */
const CERTIFICATE_ONLY: [string, string][] = [
  [Inputs.CaKmsKeyId, ''],
  [Inputs.KmsEndpoint, Defaults.KmsEndpoint],
  [Inputs.CertificatePrincipals, ''],
  [Inputs.CertificateLifetime, '900'],
  [Inputs.CertificateSourceAddress, ''],
];

/** The inputs of the SSM modes; `project-id` defaults to '0'. */
const SSM_ONLY: [string, string][] = [
  [Inputs.SecretName, ''],
  [Inputs.SshKeyId, ''],
  [Inputs.Description, ''],
  [Inputs.KmsKeyId, ''],
  [Inputs.SshKeyName, ''],
  [Inputs.Tags, ''],
  [Inputs.ProjectId, '0'],
];

const MAX_LIFETIME_SECONDS = 86_400;
const MAX_PRINCIPALS = 256;
const MAX_PRINCIPAL_LENGTH = 256;
const MAX_ADDRESSES = 64;

/** Whether an input holds a value the user set: its action.yml default says nothing. */
function givenInput(source: InputSource, list: [string, string][]): string | undefined {
  return list.find(([name, fallback]) => {
    const value = source.input(name);
    return value !== '' && value !== fallback;
  })?.[0];
}

/** Settings.certificate: undefined outside mode certificate, where its inputs are refused. */
export function readCertificateSettings(
  source: InputSource,
  mode: Mode,
  allowPlainHttp: boolean,
): CertificateSettings | undefined {
  if (mode !== 'certificate') {
    const stray = givenInput(source, CERTIFICATE_ONLY);
    if (stray) fail(stray, source.input(stray), `to be set only in mode 'certificate'`);
    return undefined;
  }
  const other = givenInput(source, SSM_ONLY);
  if (other) {
    fail(other, source.input(other), `to be unset in mode 'certificate', which reads no secret`);
  }
  return {
    caKeyId: readCaKeyId(source.input(Inputs.CaKmsKeyId)),
    kmsEndpoint: parseEndpoint(
      Inputs.KmsEndpoint,
      source.input(Inputs.KmsEndpoint) || Defaults.KmsEndpoint,
      allowPlainHttp,
    ),
    principals: parsePrincipals(source.input(Inputs.CertificatePrincipals)),
    lifetimeSeconds: readInteger(source, Inputs.CertificateLifetime, '900', {
      min: 1,
      max: MAX_LIFETIME_SECONDS,
    }),
    sourceAddresses: parseSourceAddresses(source.input(Inputs.CertificateSourceAddress)),
  };
}

function readCaKeyId(value: string): string {
  if (!value) {
    throw new InputError(
      Inputs.CaKmsKeyId,
      `Input '${Inputs.CaKmsKeyId}' is required in mode 'certificate': the ID of the KMS ` +
        'asymmetric signing key that is the SSH user CA.',
    );
  }
  const expected = 'a KMS key ID such as 23e80852-1e38-11e9-b129-5cb9019b4b01';
  return checkPattern(Inputs.CaKmsKeyId, value, KMS_KEY_ID, expected);
}

/**
 * A list input: one a line when it has a line break, else comma-separated. Blank lines are
 * skipped; an entry with a comma or whitespace inside is refused, never split a second way.
 */
export function splitList(input: string, value: string, what: string): string[] {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/.test(value)) {
    fail(input, value, `${what}, without control characters`);
  }
  const lines = /[\r\n]/.test(value);
  const entries = lines ? value.split(/\r?\n/) : value.split(',');
  const form = lines ? 'one a line' : 'comma-separated';
  const result: string[] = [];
  entries.forEach((raw, index) => {
    const entry = raw.trim();
    if (entry === '' && lines) return;
    const where = lines ? `line ${index + 1}` : `entry ${index + 1}`;
    if (entry === '') fail(input, value, `${what}, ${form}, none empty (${where} is)`);
    if (/[\s,]/.test(entry)) {
      fail(input, entry, `${what}, ${form}, without spaces or commas inside one (${where})`);
    }
    if (result.includes(entry)) fail(input, entry, `each entry once (${where} repeats it)`);
    result.push(entry);
  });
  return result;
}

function parsePrincipals(value: string): string[] {
  const what = 'the user names on the servers';
  if (!value.trim()) {
    throw new InputError(
      Inputs.CertificatePrincipals,
      `Input '${Inputs.CertificatePrincipals}' is required in mode 'certificate': ${what} the ` +
        'certificate is valid for, one a line or comma-separated (e.g. deploy).',
    );
  }
  const principals = splitList(Inputs.CertificatePrincipals, value, what);
  if (principals.length > MAX_PRINCIPALS) {
    fail(Inputs.CertificatePrincipals, value, `at most ${MAX_PRINCIPALS} names`);
  }
  const long = principals.find((name) => name.length > MAX_PRINCIPAL_LENGTH);
  if (long) fail(Inputs.CertificatePrincipals, long, `names of at most ${MAX_PRINCIPAL_LENGTH}`);
  return principals;
}

function parseSourceAddresses(value: string): string[] {
  if (!value.trim()) return [];
  const input = Inputs.CertificateSourceAddress;
  const addresses = splitList(input, value, 'addresses or CIDR blocks');
  if (addresses.length > MAX_ADDRESSES) fail(input, value, `at most ${MAX_ADDRESSES} entries`);
  for (const address of addresses) {
    const problem = cidrProblem(address);
    if (problem) fail(input, address, problem);
  }
  return addresses;
}

/**
 * What sshd would refuse in a `source-address` entry: an address, or a network in CIDR form
 * whose host bits are zero (OpenSSH rejects 10.0.0.1/8 and with it every login).
 */
export function cidrProblem(entry: string): string | undefined {
  const expected = 'an IPv4 or IPv6 address or CIDR block such as 203.0.113.0/24 or 2001:db8::/32';
  const [address = '', bits, ...rest] = entry.split('/');
  const v4 = isIPv4(address);
  if (rest.length > 0 || (!v4 && !isIPv6(address))) return expected;
  if (bits === undefined) return undefined;
  const max = v4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) {
    return `${expected}, with a prefix length from 0 to ${max}`;
  }
  if (!hostBitsZero(v4 ? ipv4Bytes(address) : ipv6Bytes(address), Number(bits))) {
    return `${expected}, the network address with its host bits zero`;
  }
  return undefined;
}

function hostBitsZero(bytes: number[], prefix: number): boolean {
  return bytes.every((byte, index) => {
    const kept = Math.min(8, Math.max(0, prefix - index * 8));
    return (byte & (0xff >> kept)) === 0;
  });
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

/** The 16 bytes of a valid IPv6 address (with `::` and an optional dotted IPv4 tail). */
function ipv6Bytes(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const groups = (text: string | undefined): number[] => {
    if (!text) return [];
    return text.split(':').flatMap((part) => {
      if (part.includes('.')) {
        const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(part);
        return [(a << 8) | b, (c << 8) | d];
      }
      return [parseInt(part, 16)];
    });
  };
  const front = groups(head);
  const back = groups(tail);
  const middle = new Array<number>(8 - front.length - back.length).fill(0);
  return [...front, ...middle, ...back].flatMap((group) => [group >> 8, group & 0xff]);
}
