// Proxies as self-hosted runners set them: HTTPS_PROXY / HTTP_PROXY / NO_PROXY in either case,
// through the bundled action. A tiny CONNECT proxy counts the tunnels; a TLS front with a
// throwaway certificate stands in for an https endpoint.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { Emulator } from '../../emulator/server.js';
import { startProxy, startTlsFront } from './proxy-support.js';
import {
  type SecretRecord,
  describeStep,
  emulatorInputs,
  errorText,
  test,
  visibleLog,
} from './kit.js';

const PROXY_PASSWORD = 'Pr0xyPassw0rd-reliability';

let emulator: Emulator;
let record: SecretRecord;
let dir: string;
let tlsFront: Awaited<ReturnType<typeof startTlsFront>>;
let certFile: string;
let httpsEndpoint: string;

// The file's emulator (the kit scans every job's log for its keys), behind a TLS front.
test.beforeAll(async ({ emulator: fileEmulator }) => {
  emulator = fileEmulator;
  record = emulator.addSecret({ name: 'proxied-key' });
  dir = mkdtempSync(join(tmpdir(), 'proxy-test-'));
  tlsFront = await startTlsFront(emulator.port, dir);
  ({ certFile, endpoint: httpsEndpoint } = tlsFront);
});

test.afterAll(async () => {
  await tlsFront.close();
  rmSync(dir, { recursive: true, force: true });
});

type Scheme = 'http' | 'https';

interface ProxyCase {
  label: string;
  scheme: Scheme;
  /** Proxy variables; PROXY is replaced by the proxy's URL. */
  env: Record<string, string>;
  via: 'proxy' | 'direct';
}

const CASES: ProxyCase[] = [
  {
    label: 'HTTP_PROXY, http endpoint',
    scheme: 'http',
    env: { HTTP_PROXY: 'PROXY' },
    via: 'proxy',
  },
  {
    label: 'http_proxy, http endpoint',
    scheme: 'http',
    env: { http_proxy: 'PROXY' },
    via: 'proxy',
  },
  {
    label: 'HTTPS_PROXY, https endpoint',
    scheme: 'https',
    env: { HTTPS_PROXY: 'PROXY' },
    via: 'proxy',
  },
  {
    label: 'https_proxy, https endpoint',
    scheme: 'https',
    env: { https_proxy: 'PROXY' },
    via: 'proxy',
  },
  {
    label: 'ALL_PROXY, https endpoint',
    scheme: 'https',
    env: { ALL_PROXY: 'PROXY' },
    via: 'proxy',
  },
  {
    label: 'HTTPS_PROXY without a scheme (plain http to the proxy)',
    scheme: 'https',
    env: { HTTPS_PROXY: 'BARE' },
    via: 'proxy',
  },
  {
    label: 'HTTPS_PROXY, http endpoint',
    scheme: 'http',
    env: { HTTPS_PROXY: 'PROXY' },
    via: 'direct',
  },
  {
    label: 'HTTP_PROXY, https endpoint',
    scheme: 'https',
    env: { HTTP_PROXY: 'PROXY' },
    via: 'direct',
  },
  {
    label: 'HTTP_PROXY and NO_PROXY=127.0.0.1',
    scheme: 'http',
    env: { HTTP_PROXY: 'PROXY', NO_PROXY: '127.0.0.1' },
    via: 'direct',
  },
  {
    // The SDK on its own would use a lowercase http_proxy and ignore NO_PROXY.
    label: 'http_proxy and no_proxy=127.0.0.1',
    scheme: 'http',
    env: { http_proxy: 'PROXY', no_proxy: '127.0.0.1' },
    via: 'direct',
  },
  {
    label: 'HTTPS_PROXY and no_proxy=example.com,localhost',
    scheme: 'https',
    env: { HTTPS_PROXY: 'PROXY', no_proxy: 'example.com,localhost' },
    via: 'direct',
  },
  {
    label: 'NO_PROXY=*',
    scheme: 'https',
    env: { HTTPS_PROXY: 'PROXY', NO_PROXY: '*' },
    via: 'direct',
  },
];

function inputsFor(scheme: Scheme): Record<string, string> {
  const endpoint = scheme === 'https' ? httpsEndpoint : emulator.url;
  return emulatorInputs(emulator, { 'secret-name': record.name, 'ssh-agent': 'false', endpoint });
}

describe.concurrent('proxy variables', () => {
  test.for(CASES)('$label: $via', async (c, { kit }) => {
    const proxy = await startProxy();
    try {
      const values = { PROXY: `http://${proxy.url}`, BARE: proxy.url };
      const env = Object.fromEntries(
        Object.entries(c.env).map(([name, value]) => [name, values[value as 'PROXY'] ?? value]),
      );
      const { main } = await kit.runJob(inputsFor(c.scheme), {
        env: { ...env, NODE_EXTRA_CA_CERTS: certFile },
      });
      expect(main.failed, describeStep(main)).toBe(false);
      expect(main.outputs.fingerprint).toBe(record.fingerprint);
      const host = new URL(inputsFor(c.scheme).endpoint ?? '').host;
      const expected = c.via === 'proxy' ? [{ target: host, auth: undefined }] : [];
      expect(proxy.tunnels).toEqual(expected);
      const announced = main.stdout.includes(`Using the proxy http://${proxy.url} for ${host}.`);
      expect(announced).toBe(c.via === 'proxy');
    } finally {
      await proxy.close();
    }
  });
});

describe.concurrent('proxy credentials and failures', () => {
  test('sends the proxy credentials, masks the password and never shows it', async ({ kit }) => {
    const proxy = await startProxy();
    try {
      const env = { HTTPS_PROXY: `http://deploy:${PROXY_PASSWORD}@${proxy.url}` };
      const { main, job } = await kit.runJob(inputsFor('https'), {
        env: { ...env, NODE_EXTRA_CA_CERTS: certFile },
        debug: true,
      });
      expect(main.failed, describeStep(main)).toBe(false);
      const basic = Buffer.from(`deploy:${PROXY_PASSWORD}`).toString('base64');
      expect(proxy.tunnels.map((t) => t.auth)).toEqual([`Basic ${basic}`]);
      expect(main.commands.masks).toContain(PROXY_PASSWORD);
      expect(visibleLog(job)).not.toContain(PROXY_PASSWORD);
    } finally {
      await proxy.close();
    }
  });

  test('a proxy that wants credentials: HTTP 407, not retried, with what to do', async ({
    kit,
  }) => {
    const proxy = await startProxy(true);
    try {
      const { main } = await kit.runJob(inputsFor('https'), {
        env: { HTTPS_PROXY: `http://${proxy.url}`, NODE_EXTRA_CA_CERTS: certFile },
      });
      expect(main.exitCode).toBe(1);
      expect(proxy.tunnels).toHaveLength(1);
      expect(errorText(main)).toMatch(/HTTP 407 from .*proxy requires authentication/);
    } finally {
      await proxy.close();
    }
  });

  test('a proxy URL that is not one fails before any API call, without echoing it', async ({
    kit,
  }) => {
    const name = `never-called-${process.pid}`;
    const { main, job } = await kit.runJob(
      { ...inputsFor('https'), 'secret-name': name },
      {
        env: { HTTPS_PROXY: `socks5://deploy:${PROXY_PASSWORD}@127.0.0.1:1080` },
      },
    );
    expect(main.exitCode).toBe(1);
    expect(errorText(main)).toMatch(/HTTPS_PROXY .* only http:\/\/ and https:\/\/ proxies/);
    expect(visibleLog(job)).not.toContain(PROXY_PASSWORD);
    expect(emulator.calls.filter((call) => call.params.SecretName === name)).toEqual([]);
  });
});
