import { isIPv4, isIPv6 } from 'node:net';
import type { JumpHost } from './settings.js';

/*
 * `[user@]host[:port]`, the grammar `ssh-host` and `ssh-jump-host` share (and the host of a
 * `git-repositories` entry). Each part is held to a strict character set: none can carry a
 * space, quote, `#`, `=`, `%` token, wildcard or line break into ssh's or git's config.
 */

const HOST =
  "host a DNS name (letters, digits, '-' and '.'), an IPv4 address or an IPv6 address in " +
  'brackets, without wildcards';
export const GIT_HOST =
  "host a DNS name (letters, digits, '-' and '.') or an IPv4 address, without a port";
const USER = "user of letters, digits, '.', '_' and '-', not starting with '-'";
const PORT = 'port a whole number from 1 to 65535';
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const DNS_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
export const WORD = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;

/** A part of a value that breaks the expected form: `detail` says which part and how. */
export class Refusal extends Error {}

export function refuse(detail: string): never {
  throw new Refusal(detail);
}

export function checkHostName(host: string): string {
  if (host.length > 253 || !DNS_NAME.test(host)) refuse(HOST);
  // All-numeric labels read as an IPv4 address to ssh and git: it must be one.
  if (/^[\d.]+$/.test(host) && !isIPv4(host)) refuse(HOST);
  return host;
}

function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : 0;
  return port >= 1 && port <= 65535 ? port : refuse(PORT);
}

/** `host[:port]`, an IPv6 address in brackets; the host comes back without them. */
function parseHostPort(text: string): { hostName: string; port?: number } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    const address = close < 0 ? '' : text.slice(1, close);
    // No zone (`%eth0`): `%` starts a token in ssh's config.
    if (!/^[0-9A-Fa-f:.]+$/.test(address) || !isIPv6(address)) refuse(HOST);
    const rest = text.slice(close + 1);
    if (rest === '') return { hostName: address };
    return rest.startsWith(':')
      ? { hostName: address, port: parsePort(rest.slice(1)) }
      : refuse(HOST);
  }
  const [host, port, ...more] = text.split(':');
  if (more.length > 0) refuse(HOST);
  const hostName = checkHostName(host);
  return port === undefined ? { hostName } : { hostName, port: parsePort(port) };
}

/** `[user@]host[:port]`. */
export function parseTarget(text: string): JumpHost {
  const at = text.lastIndexOf('@');
  const user = at < 0 ? undefined : text.slice(0, at);
  if (user !== undefined && !WORD.test(user)) refuse(USER);
  const { hostName, port } = parseHostPort(text.slice(at + 1));
  return {
    hostName,
    ...(user === undefined ? {} : { user }),
    ...(port === undefined ? {} : { port }),
  };
}
