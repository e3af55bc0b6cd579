import * as http from 'node:http';
import * as https from 'node:https';
import { ActionError } from '../errors.js';
import { MalformedResponse } from '../tencent-api/failure.js';
import { agentFor } from '../tencent-api/connections.js';
import { routeTo } from '../tencent-api/proxy.js';

/** A GitHub ID token answer is about 2 kB; anything much larger is not one. */
export const MAX_TOKEN_ANSWER_BYTES = 64 * 1024;

/** One request for a token for `audience`; settles only once the whole answer is in. */
export type TokenRequest = (audience: string, signal: AbortSignal) => Promise<string>;

/** A non-2xx answer; `httpCode` is what classifyError reads. */
export class TokenHttpError extends Error {
  constructor(readonly httpCode: number) {
    super(`HTTP ${httpCode}`);
    this.name = 'TokenHttpError';
  }
}

/**
 * Requests to the runner's token endpoint with Node's own http client: no retries of its own, the
 * proxy variables honoured as for the Tencent endpoints, and one agent for all attempts.
 */
export function tokenRequester(requestUrl: string, bearer: string): TokenRequest {
  const base = parseRequestUrl(requestUrl);
  const protocol = base.protocol === 'https:' ? 'https://' : 'http://';
  const endpoint = { protocol, host: base.host } as const;
  routeTo(endpoint); // a bad proxy variable fails here, not inside the retried request
  return async (audience, signal) => {
    // What @actions/core appends: the runner's URL always carries a query (api-version).
    const url = new URL(`${requestUrl}&audience=${encodeURIComponent(audience)}`);
    return getToken(url, { bearer, agent: await agentFor(endpoint), signal });
  };
}

function parseRequestUrl(text: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
    throw new ActionError(
      'ACTIONS_ID_TOKEN_REQUEST_URL is not an http(s) URL: check that nothing in the job ' +
        'overrides it (the runner sets it for jobs with permissions: id-token: write).',
    );
  }
  return url;
}

interface GetOptions {
  bearer: string;
  agent: http.Agent;
  signal: AbortSignal;
}

/**
 * GET `url` and read `value` from the JSON answer. The signal ends the request wherever it is,
 * connecting or halfway through a trickling body, so the caller's deadline bounds the whole answer.
 */
function getToken(url: URL, { bearer, agent, signal }: GetOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown, token?: string): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error === undefined) resolve(token ?? '');
      else reject(error instanceof Error ? error : new Error(String(error)));
    };
    const get = url.protocol === 'https:' ? https.get : http.get;
    const headers = { authorization: `Bearer ${bearer}`, accept: 'application/json' };
    const req = get(url, { agent, headers }, (res) => {
      // Destroying the request mid-answer makes the response emit an error too.
      res.on('error', (error) => settle(error));
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        settle(new TokenHttpError(status));
        req.destroy();
        return;
      }
      readBody(res, (error, body = '') => {
        if (error) {
          settle(error);
          req.destroy();
          return;
        }
        try {
          settle(undefined, tokenOf(body));
        } catch (malformed) {
          settle(malformed);
        }
      });
    });
    const onAbort = (): void => {
      settle(new Error('timed out'));
      req.destroy();
    };
    req.on('error', (error) => settle(error));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The body, or an error once it passes MAX_TOKEN_ANSWER_BYTES. */
function readBody(
  res: http.IncomingMessage,
  done: (error: Error | undefined, body?: string) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_TOKEN_ANSWER_BYTES) {
      done(new MalformedResponse(`the answer is larger than ${MAX_TOKEN_ANSWER_BYTES} bytes`));
    } else chunks.push(chunk);
  });
  res.on('end', () => done(undefined, Buffer.concat(chunks).toString('utf8')));
}

/** Throws SyntaxError (classified as "not JSON") or MalformedResponse; never quotes the body. */
function tokenOf(body: string): string {
  const value = (JSON.parse(body) as { value?: unknown } | null)?.value;
  if (typeof value !== 'string' || value === '') {
    throw new MalformedResponse('the answer has no token (value)');
  }
  return value;
}
