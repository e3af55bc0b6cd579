import { describe, expect, it } from 'vitest';
import {
  isLoopback,
  parseEndpoint,
  plainHttpWarning,
  plainHttpWarnings,
} from '../../src/settings/endpoint.js';
import { InputError } from '../../src/settings/validate.js';
import type { Endpoint, Settings } from '../../src/settings/settings.js';

/** Runs `fn`, expecting an InputError; returns it for further checks. */
function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}

const CANARY = 'Canary-Pw-7f3a9';

describe('parseEndpoint', () => {
  // value, allow-plain-http, protocol, host
  it.each([
    ['ssm.tencentcloudapi.com', false, 'https://', 'ssm.tencentcloudapi.com'],
    ['ssm.intl.tencentcloudapi.com', false, 'https://', 'ssm.intl.tencentcloudapi.com'],
    ['localhost:8443', false, 'https://', 'localhost:8443'],
    ['https://ssm.tencentcloudapi.com', false, 'https://', 'ssm.tencentcloudapi.com'],
    ['https://ssm.tencentcloudapi.com:443', false, 'https://', 'ssm.tencentcloudapi.com'],
    ['HTTPS://SSM.example.com:8443', false, 'https://', 'ssm.example.com:8443'],
    ['http://127.0.0.1:8080', false, 'http://', '127.0.0.1:8080'],
    ['http://127.0.0.1:8080/', false, 'http://', '127.0.0.1:8080'],
    ['http://127.45.6.7:9000', false, 'http://', '127.45.6.7:9000'],
    ['http://127.1:9000', false, 'http://', '127.0.0.1:9000'],
    ['http://localhost:8080', false, 'http://', 'localhost:8080'],
    ['http://LOCALHOST', false, 'http://', 'localhost'],
    ['http://[::1]:8080', false, 'http://', '[::1]:8080'],
    ['http://[0:0:0:0:0:0:0:1]:8080', false, 'http://', '[::1]:8080'],
    ['http://emulator:8080', true, 'http://', 'emulator:8080'],
    ['http://10.1.2.3:8080', true, 'http://', '10.1.2.3:8080'],
    ['http://[fd00::2]:8080', true, 'http://', '[fd00::2]:8080'],
    ['https://ssm.example.com', true, 'https://', 'ssm.example.com'],
  ] as const)('parses %s (allow-plain-http %s)', (value, allow, protocol, host) => {
    expect(parseEndpoint('endpoint', value, allow)).toEqual({ protocol, host });
  });

  it.each([
    ['a path', 'https://ssm.tencentcloudapi.com/v3'],
    ['a query', 'https://ssm.tencentcloudapi.com/?a=b'],
    ['a fragment', 'https://ssm.tencentcloudapi.com/#x'],
    ['ftp', 'ftp://ssm.tencentcloudapi.com'],
    ['a file URL', 'file:///etc/passwd'],
    ['a space', 'ssm tencentcloudapi.com'],
    ['a host with a path', 'ssm.tencentcloudapi.com/path'],
    ['a leading dash', '-ssm.example.com'],
    ['an empty label', 'ssm..example.com'],
    ['an unparsable URL', 'http://'],
    ['empty', ''],
  ])('rejects %s, showing the value', (_label, value) => {
    const error = inputError(() => parseEndpoint('endpoint', value, true));
    expect(error.input).toBe('endpoint');
    expect(error.message).toContain(`'${value}'`);
  });

  // Plain http off the loopback interface, without the opt-in.
  it.each([
    ['a name', 'http://ssm.tencentcloudapi.com'],
    ['a service container', 'http://emulator:8080'],
    ['a private address', 'http://10.0.0.5:8080'],
    ['an address next to loopback', 'http://128.0.0.1:8080'],
    ['0.0.0.0', 'http://0.0.0.0:8080'],
    ['a name that starts like loopback', 'http://127.0.0.1.nip.io:8080'],
    ['a localhost subdomain', 'http://localhost.example.com'],
    ['a public IPv6 address', 'http://[2001:db8::1]:8080'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]:8080'],
  ])('refuses plain http to %s', (_label, value) => {
    for (const input of ['endpoint', 'sts-endpoint']) {
      const error = inputError(() => parseEndpoint(input, value));
      expect(error.input).toBe(input);
      expect(error.message).toContain(`Input '${input}' is invalid: got '${value}'`);
      expect(error.message).toContain('https://');
      expect(error.message).toContain("'allow-plain-http: true'");
    }
  });

  // value, what the message may show of it
  it.each([
    [`https://me:${CANARY}@ssm.example.com`, "'***@ssm.example.com'"],
    [`https://${CANARY}@ssm.example.com`, "'***@ssm.example.com'"],
    [`http://me:${CANARY}@127.0.0.1:8080`, "'***@127.0.0.1:8080'"],
    [`me:${CANARY}@ssm.example.com`, "'***@ssm.example.com'"],
    [`${CANARY}@ssm.example.com:8443`, "'***@ssm.example.com:8443'"],
    [`https://me:${CANARY}@ssm.example.com/`, "'***@ssm.example.com'"],
    [`https://me:${CANARY}@@ssm.example.com`, "'***@ssm.example.com'"],
    [`https://me:a/${CANARY}@ssm.example.com`, "'***@ssm.example.com'"],
    [`https://me:a#${CANARY}@ssm.example.com`, "'***@ssm.example.com'"],
    [`https://me:${CANARY}@`, '(value hidden)'],
    [`https://me:${CANARY}@ssm.example.com/path`, '(value hidden)'],
  ])('refuses credentials in %s and never shows them', (value, shown) => {
    for (const allow of [false, true]) {
      const error = inputError(() => parseEndpoint('sts-endpoint', value, allow));
      expect(error.input).toBe('sts-endpoint');
      expect(error.message).toContain(`Input 'sts-endpoint' is invalid: got ${shown}`);
      expect(error.message).toContain('never takes credentials in the URL');
      expect(error.message).not.toContain(CANARY);
      expect(error.message).not.toContain('me:');
    }
  });
});

describe('parseEndpoint messages, as README shows them', () => {
  it.each([
    [
      'http://emulator:8080',
      "Input 'endpoint' is invalid: got 'http://emulator:8080'; expected an https:// URL (plain " +
        'http:// only to a loopback host: 127.0.0.0/8, [::1], localhost), or ' +
        "'allow-plain-http: true' to accept sending credentials, tokens and the private key in " +
        'clear text.',
    ],
    [
      `https://deploy:${CANARY}@ssm.example.com`,
      "Input 'endpoint' is invalid: got '***@ssm.example.com' (credentials hidden); expected a " +
        'host such as ssm.tencentcloudapi.com or a URL such as https://ssm.example.com without a ' +
        'user name or password: the Tencent Cloud API never takes credentials in the URL.',
    ],
  ])('%s', (value, message) => {
    expect(inputError(() => parseEndpoint('endpoint', value)).message).toBe(message);
  });
});

describe('isLoopback', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['[::1]', true],
    ['126.0.0.1', false],
    ['::1', false],
    ['localhost.localdomain', false],
    ['127.0.0.1.example.com', false],
    ['[::2]', false],
  ])('%s: %s', (hostname, expected) => {
    expect(isLoopback(hostname)).toBe(expected);
  });
});

describe('plainHttpWarning', () => {
  const http = (host: string): Endpoint => ({ protocol: 'http://', host });

  it.each([
    ['https', { protocol: 'https://', host: 'ssm.example.com' } as Endpoint],
    ['loopback IPv4', http('127.0.0.1:8080')],
    ['loopback IPv6', http('[::1]:8080')],
    ['localhost', http('localhost')],
  ])('says nothing for %s', (_label, endpoint) => {
    expect(plainHttpWarning('endpoint', endpoint)).toBeUndefined();
  });

  it('names what crosses an SSM endpoint in clear text', () => {
    expect(plainHttpWarning('endpoint', http('emulator:8080'))).toBe(
      "'endpoint' is plain http to emulator:8080 ('allow-plain-http' is true): the signed " +
        'requests (with any session token) and the private key in the answers travel in clear ' +
        'text, readable and changeable by anyone on the network path.',
    );
  });

  it('names what crosses an STS endpoint in clear text', () => {
    const warning = plainHttpWarning('sts-endpoint', http('[fd00::2]:9000'));
    expect(warning).toContain("'sts-endpoint' is plain http to [fd00::2]:9000");
    expect(warning).toContain('GitHub OIDC token and the temporary credentials');
    expect(warning).toContain('clear text');
  });

  it('warns about sts-endpoint only when keyless auth uses it', () => {
    const endpoint = http('emulator:8080');
    const stsEndpoint = http('sts.emulator:8080');
    const oidc = { endpoint, auth: { kind: 'oidc', stsEndpoint } } as unknown as Settings;
    const keys = { endpoint, auth: { kind: 'static' } } as unknown as Settings;
    expect(plainHttpWarnings(oidc).map((w) => w.split(' ')[0])).toEqual([
      "'sts-endpoint'",
      "'endpoint'",
    ]);
    expect(plainHttpWarnings(keys).map((w) => w.split(' ')[0])).toEqual(["'endpoint'"]);
  });
});
