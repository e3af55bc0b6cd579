import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({ info: vi.fn(), setSecret: vi.fn() }));

import { ActionError } from '../../src/errors.js';
import { classifyError, MalformedResponse } from '../../src/tencent-api/failure.js';
import {
  MAX_TOKEN_ANSWER_BYTES,
  TokenHttpError,
  tokenRequester,
} from '../../src/auth/token-request.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Each test path answers its own way; every request is remembered. */
const HANDLERS: Record<string, Handler> = {
  '/ok': (_req, res) => res.end(JSON.stringify({ value: 'the-token' })),
  '/503': (_req, res) => res.writeHead(503).end('{"message":"down"}'),
  '/hang': () => {},
  '/trickle': (_req, res) => {
    res.writeHead(200, { 'content-length': 100_000 }).write('{"value":"');
    const timer = setInterval(() => res.write('x'), 20);
    res.on('close', () => clearInterval(timer));
  },
  '/huge': (_req, res) => res.end(`{"value":"${'x'.repeat(MAX_TOKEN_ANSWER_BYTES)}"}`),
  '/not-json': (_req, res) => res.end('<html>proxy login</html>'),
  '/no-value': (_req, res) => res.end('{"count":1}'),
};

const seen: { url: string; authorization?: string }[] = [];
const server = createServer((req, res) => {
  seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
  HANDLERS[new URL(req.url ?? '/', 'http://x').pathname]?.(req, res);
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const request = (path: string, signal = AbortSignal.timeout(2_000)) =>
  tokenRequester(`${base}${path}?api-version=2.0`, 'bearer-secret')('sts.example/x y', signal);

describe('tokenRequester', () => {
  it('sends the bearer and the audience, and returns the value', async () => {
    await expect(request('/ok')).resolves.toBe('the-token');
    expect(seen.at(-1)).toEqual({
      url: '/ok?api-version=2.0&audience=sts.example%2Fx%20y',
      authorization: 'Bearer bearer-secret',
    });
  });

  it.each<[string, (error: unknown) => void]>([
    ['/503', (e) => expect(e).toEqual(new TokenHttpError(503))],
    ['/huge', (e) => expect(e).toBeInstanceOf(MalformedResponse)],
    [
      '/no-value',
      (e) => expect(e).toEqual(new MalformedResponse('the answer has no token (value)')),
    ],
    ['/not-json', (e) => expect(classifyError(e, 1, false)).toMatchObject({ kind: 'malformed' })],
  ])('%s fails with what classifyError reads', async (path, check) => {
    const error = await request(path).catch((e: unknown) => e);
    check(error);
    expect(String(error)).not.toContain('proxy login');
  });

  it.each(['/hang', '/trickle'])('%s ends at the deadline, body included', async (path) => {
    const started = Date.now();
    const signal = AbortSignal.timeout(300);
    const error = await request(path, signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(signal.aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('fails at once on an aborted signal', async () => {
    const before = seen.length;
    await expect(request('/ok', AbortSignal.abort())).rejects.toThrow();
    expect(seen.length - before).toBeLessThanOrEqual(1);
  });

  it.each(['not a url', 'ftp://example.com/x?y=1'])(
    'refuses ACTIONS_ID_TOKEN_REQUEST_URL=%s without echoing it',
    (url) => {
      const make = () => tokenRequester(url, 'bearer-secret');
      expect(make).toThrow(ActionError);
      expect(make).toThrow(/ACTIONS_ID_TOKEN_REQUEST_URL is not an http\(s\) URL/);
    },
  );
});
