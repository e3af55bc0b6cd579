import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpsProxyAgent } from 'https-proxy-agent';

vi.mock('@actions/core', () => ({
  info: vi.fn(),
  debug: vi.fn(),
  warning: vi.fn(),
  setSecret: vi.fn(),
}));

import * as core from '@actions/core';
import { ActionError } from '../../src/errors.js';
import { agentFor, closeConnections } from '../../src/tencent-api/connections.js';
import { resetForTests } from '../../src/secrets.js';
import type { Endpoint } from '../../src/settings/settings.js';

const PROXY_VARS = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
];

let saved: Record<string, string | undefined> = {};

/** Each case starts from an environment without proxy variables, and gets it back afterwards. */
beforeEach(() => {
  saved = Object.fromEntries(PROXY_VARS.map((name) => [name, process.env[name]]));
  for (const name of PROXY_VARS) delete process.env[name];
  resetForTests();
  vi.mocked(core.setSecret).mockClear();
  vi.mocked(core.info).mockClear();
});

afterEach(async () => {
  await closeConnections();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const SSM: Endpoint = { protocol: 'https://', host: 'ssm.tencentcloudapi.com' };
const LOCAL: Endpoint = { protocol: 'http://', host: '127.0.0.1:8080' };
const PROXY = 'http://proxy.corp.example:3128';

type Expected = 'direct' | string;

const CASES: [string, Record<string, string>, Endpoint, Expected][] = [
  ['no proxy variables, https', {}, SSM, 'direct'],
  ['no proxy variables, http', {}, LOCAL, 'direct'],
  ['HTTPS_PROXY for https', { HTTPS_PROXY: PROXY }, SSM, `${PROXY}/`],
  ['https_proxy for https', { https_proxy: PROXY }, SSM, `${PROXY}/`],
  ['HTTP_PROXY for http', { HTTP_PROXY: PROXY }, LOCAL, `${PROXY}/`],
  ['http_proxy for http', { http_proxy: PROXY }, LOCAL, `${PROXY}/`],
  ['HTTP_PROXY is not used for https', { HTTP_PROXY: PROXY }, SSM, 'direct'],
  ['HTTPS_PROXY is not used for http', { HTTPS_PROXY: PROXY }, LOCAL, 'direct'],
  [
    'a proxy without scheme',
    { HTTPS_PROXY: 'proxy.corp.example:3128' },
    SSM,
    // As curl, Go and Python read it: plain http to the proxy, not TLS.
    'http://proxy.corp.example:3128/',
  ],
  [
    'an https:// proxy',
    { HTTPS_PROXY: 'https://proxy.corp.example:3129' },
    SSM,
    'https://proxy.corp.example:3129/',
  ],
  ['ALL_PROXY', { ALL_PROXY: PROXY }, SSM, `${PROXY}/`],
  [
    'NO_PROXY naming the host',
    { HTTPS_PROXY: PROXY, NO_PROXY: 'ssm.tencentcloudapi.com' },
    SSM,
    'direct',
  ],
  [
    'no_proxy naming the host',
    { HTTPS_PROXY: PROXY, no_proxy: 'ssm.tencentcloudapi.com' },
    SSM,
    'direct',
  ],
  [
    'NO_PROXY with a domain suffix',
    { HTTPS_PROXY: PROXY, NO_PROXY: '.tencentcloudapi.com' },
    SSM,
    'direct',
  ],
  [
    'NO_PROXY with a wildcard domain',
    { HTTPS_PROXY: PROXY, NO_PROXY: '*.tencentcloudapi.com' },
    SSM,
    'direct',
  ],
  ['NO_PROXY = *', { HTTPS_PROXY: PROXY, NO_PROXY: '*' }, SSM, 'direct'],
  [
    'NO_PROXY in a list',
    { HTTPS_PROXY: PROXY, NO_PROXY: 'localhost, ssm.tencentcloudapi.com' },
    SSM,
    'direct',
  ],
  [
    'NO_PROXY with host and port',
    { HTTP_PROXY: PROXY, NO_PROXY: '127.0.0.1:8080' },
    LOCAL,
    'direct',
  ],
  [
    'NO_PROXY with another port',
    { HTTP_PROXY: PROXY, NO_PROXY: '127.0.0.1:9090' },
    LOCAL,
    `${PROXY}/`,
  ],
  [
    'NO_PROXY naming other hosts',
    { HTTPS_PROXY: PROXY, NO_PROXY: 'localhost,.internal' },
    SSM,
    `${PROXY}/`,
  ],
];

describe('agentFor', () => {
  it.each(CASES)('%s', async (_label, env, endpoint, expected) => {
    Object.assign(process.env, env);
    const agent = await agentFor(endpoint);
    if (expected === 'direct') {
      expect(agent).not.toBeInstanceOf(HttpsProxyAgent);
      const direct = endpoint.protocol === 'https://' ? https.Agent : http.Agent;
      expect(agent).toBeInstanceOf(direct);
      if (endpoint.protocol === 'http://') expect(agent).not.toBeInstanceOf(https.Agent);
      expect(core.info).not.toHaveBeenCalled();
    } else {
      expect(agent).toBeInstanceOf(HttpsProxyAgent);
      expect((agent as HttpsProxyAgent<string>).proxy.href).toBe(expected);
      expect(vi.mocked(core.info).mock.calls.join('\n')).toContain(endpoint.host);
    }
  });

  it('masks the proxy password and never logs it', async () => {
    process.env.HTTPS_PROXY = 'http://deploy:S3cr3tPr0xy@proxy.corp.example:3128';
    expect(await agentFor(SSM)).toBeInstanceOf(HttpsProxyAgent);
    expect(core.setSecret).toHaveBeenCalledWith('S3cr3tPr0xy');
    const logged = vi.mocked(core.info).mock.calls.join('\n');
    expect(logged).toContain('proxy.corp.example:3128');
    expect(logged).not.toContain('S3cr3tPr0xy');
  });

  it('masks the percent-decoded password too', () => {
    process.env.HTTPS_PROXY = 'http://deploy:p%40ss%3Aword@proxy.corp.example:3128';
    agentFor(SSM);
    expect(core.setSecret).toHaveBeenCalledWith('p%40ss%3Aword');
    expect(core.setSecret).toHaveBeenCalledWith('p@ss:word');
  });

  it.each([
    ['not a URL', 'http://deploy:S3cr3tPr0xy@[bad', /not a valid URL: use http:\/\/host:port/],
    ['a SOCKS proxy', 'socks5://deploy:S3cr3tPr0xy@proxy:1080', /uses socks5:; only http/],
  ])('rejects %s without echoing it', (_label, value, expected) => {
    process.env.HTTPS_PROXY = value;
    let message = '';
    try {
      agentFor(SSM);
    } catch (error) {
      expect(error).toBeInstanceOf(ActionError);
      message = (error as Error).message;
    }
    expect(message).toMatch(expected);
    expect(message).toContain('HTTPS_PROXY');
    expect(message).not.toContain('S3cr3tPr0xy');
  });

  it('does not call setSecret for a proxy without a password', () => {
    process.env.HTTPS_PROXY = PROXY;
    agentFor(SSM);
    expect(core.setSecret).not.toHaveBeenCalled();
  });

  it('keeps one agent per route for the step, kept alive, until the connections are closed', async () => {
    const first = await agentFor(SSM);
    expect(await agentFor({ ...SSM })).toBe(first);
    expect((first as unknown as { keepAlive: boolean }).keepAlive).toBe(true);
    expect(await agentFor({ protocol: 'https://', host: 'sts.tencentcloudapi.com' })).not.toBe(
      first,
    );
    process.env.HTTPS_PROXY = PROXY;
    const tunnelled = await agentFor(SSM);
    expect(tunnelled).not.toBe(first);
    expect((tunnelled as unknown as { keepAlive: boolean }).keepAlive).toBe(true);
    expect(await agentFor(SSM)).toBe(tunnelled);
    expect(vi.mocked(core.info)).toHaveBeenCalledTimes(1);
    const destroy = vi.spyOn(tunnelled, 'destroy');
    await closeConnections();
    expect(destroy).toHaveBeenCalledOnce();
    expect(await agentFor(SSM)).not.toBe(tunnelled);
  });

  it('sends the request through the proxy with CONNECT and its credentials', async () => {
    const seen: { target?: string; auth?: string }[] = [];
    const proxy = http.createServer();
    proxy.on('connect', (req: http.IncomingMessage, socket: import('node:stream').Duplex) => {
      seen.push({ target: req.url, auth: req.headers['proxy-authorization'] });
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    try {
      process.env.HTTPS_PROXY = `http://deploy:pw@127.0.0.1:${port}`;
      const agent = await agentFor(SSM);
      // The proxy refuses the tunnel; either way the request must have gone to it, not to the host.
      await new Promise<void>((resolve) => {
        const req = https.get('https://ssm.tencentcloudapi.com/', { agent }, (res) => {
          res.resume();
          resolve();
        });
        req.on('error', () => resolve());
      });
      expect(seen).toEqual([
        {
          target: 'ssm.tencentcloudapi.com:443',
          auth: `Basic ${Buffer.from('deploy:pw').toString('base64')}`,
        },
      ]);
    } finally {
      proxy.close();
    }
  });
});
