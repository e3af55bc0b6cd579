// Malformed answers fail cleanly: one call (nothing here is retried but HTTP 5xx), one message
// that says what is wrong and what to do, no stack trace, and never the body. The emulator's
// own faults first, then a hostile endpoint that serves bodies carrying recognisable markers.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { fixtureDir } from '../fixtures/keys.js';
import {
  REGION,
  STACK_TRACE,
  callsOf,
  describeStep,
  emulatorInputs,
  errorText,
  retryLines,
  test,
  visibleLog,
} from './kit.js';

const GET = 'GetSSHKeyPairValue';

describe.concurrent('malformed answers from the emulator', () => {
  test.for([
    { type: 'malformed-json' as const, says: /malformed \(the response body is not JSON\)/ },
    {
      type: 'missing-response' as const,
      says: /malformed \(the response lacks the Response envelope\)/,
    },
    { type: 'missing-fields' as const, says: /malformed \(PrivateKey is missing, RequestId / },
    {
      type: 'invalid-key' as const,
      says: /no usable SSH key \(PrivateKey is neither PEM\/OpenSSH private key text nor base64 of it, RequestId /,
    },
  ])('$type fails after one call, cleanly', async ({ type, says }, { kit }) => {
    const emulator = await kit.startEmulator();
    const record = emulator.addSecret({ name: 'malformed' });
    emulator.injectFault({ type, action: GET, times: -1 });
    const inputs = emulatorInputs(emulator, { 'secret-name': record.name, 'ssh-agent': 'false' });
    const { main, job } = await kit.runJob(inputs, { debug: true });
    expect(main.exitCode, describeStep(main)).toBe(1);
    const calls = callsOf(emulator, GET);
    expect(calls).toHaveLength(1);
    const error = errorText(main);
    expect(error).toMatch(says);
    expect(error).toMatch(/SSM endpoint|SSM console/);
    if (type === 'missing-fields' || type === 'invalid-key') {
      expect(error).toContain(`RequestId ${calls[0]?.requestId}`);
    }
    const log = job.allOutputText();
    expect(log).not.toMatch(STACK_TRACE);
    // The malformed-json body is `<html>upstream proxy error <RequestId></html>`.
    expect(log).not.toContain('upstream proxy error');
    if (type === 'malformed-json') expect(log).not.toContain(calls[0]?.requestId);
    // The kit scans the log for record.privateKey (and every other key of its emulators).
  });
});

interface HostileReply {
  label: string;
  status?: number;
  body: (marker: string) => string;
  says: RegExp;
  /** Calls expected: 1, or max-attempts (2) for a retried HTTP 5xx. */
  calls?: number;
}

const PRIVATE_KEY = readFileSync(join(fixtureDir, 'rsa-pkcs1.pem'), 'utf8');
const OTHER_PUBLIC = readFileSync(join(fixtureDir, 'rsa-other-pkcs1.pem.pub'), 'utf8').trim();
const answer = (fields: Record<string, unknown>) =>
  JSON.stringify({
    Response: { SSHKeyID: 'skey-hostile1', ProjectID: 0, RequestId: 'rid-hostile', ...fields },
  });
const armored = (body: string) =>
  `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`;

const HOSTILE: HostileReply[] = [
  {
    label: 'an HTML page with status 200',
    body: (m) => `<html><body>Gateway says ${m}</body></html>`,
    says: /malformed \(the response body is not JSON\)/,
  },
  { label: 'an empty body', body: () => '', says: /malformed \(the response body is not JSON\)/ },
  {
    label: 'JSON without Response',
    body: (m) => JSON.stringify({ Secret: m }),
    says: /malformed \(the response lacks the Response envelope\)/,
  },
  {
    label: 'Response null',
    body: () => JSON.stringify({ Response: null }),
    says: /malformed \(the response lacks the Response envelope\)/,
  },
  {
    label: 'an Error without a Code',
    body: (m) => JSON.stringify({ Response: { Error: { Message: m }, RequestId: 'rid-nocode' } }),
    says: /malformed \(the error in the response has no Code, RequestId rid-nocode\)/,
  },
  {
    label: 'no PrivateKey',
    body: (m) => answer({ Note: m }),
    says: /malformed \(PrivateKey is missing, RequestId rid-hostile\)/,
  },
  {
    label: 'a PrivateKey of random base64',
    body: (m) => answer({ PrivateKey: Buffer.from(`${m}`).toString('base64') }),
    says: /no usable SSH key \(PrivateKey is neither .*, RequestId rid-hostile\)/,
  },
  {
    label: 'a PrivateKey of plain text',
    body: (m) => answer({ PrivateKey: `not a key ${m}` }),
    says: /no usable SSH key \(PrivateKey is neither .*, RequestId rid-hostile\)/,
  },
  {
    label: 'PEM armor around garbage',
    body: (m) => answer({ PrivateKey: armored(Buffer.from(m).toString('base64')) }),
    says: /The SSH key in the secret cannot be used: .*Check the secret in the SSM console/,
  },
  {
    label: 'a PublicKey of another key',
    body: () => answer({ PrivateKey: PRIVATE_KEY, PublicKey: OTHER_PUBLIC }),
    says: /cannot be used: PublicKey \(SHA256:[^)]+\) does not match PrivateKey \(SHA256:/,
  },
  {
    label: 'HTTP 500 with a body',
    status: 500,
    body: (m) => `Internal failure ${m}`,
    says: /failed after 2 attempts: HTTP 500 from .*retry later/,
    calls: 2,
  },
];

let server: Server;
let endpoint = '';
const replies = new Map<string, { reply: HostileReply; marker: string; calls: number }>();

beforeAll(async () => {
  // Replies by secret name, so the cases can run side by side on one server.
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const name = String(JSON.parse(Buffer.concat(chunks).toString()).SecretName);
      const entry = replies.get(name);
      if (!entry) return void res.writeHead(404).end();
      entry.calls += 1;
      res.writeHead(entry.reply.status ?? 200, { 'content-type': 'application/json' });
      res.end(entry.reply.body(entry.marker));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe.concurrent('a hostile endpoint', () => {
  test.for(HOSTILE)('$label: fails cleanly, never echoing the body', async (reply, { kit }) => {
    const name = `hostile-${randomUUID()}`;
    // Long, random and base64-like: a leak of any 24-character window of it would show.
    const marker = `MARKER${randomBytes(48).toString('base64url')}`;
    const entry = { reply, marker, calls: 0 };
    kit.scanFor(reply.body(marker), marker, PRIVATE_KEY);
    replies.set(name, entry);
    const inputs = {
      'secret-name': name,
      region: REGION,
      endpoint,
      'secret-id': 'AKIDhostile0123456789',
      'secret-key': 'HostileSecretKey0123456789abcdef',
      'ssh-agent': 'false',
      'max-attempts': '2',
    };
    const { main, job } = await kit.runJob(inputs, { debug: true });
    expect(main.exitCode, describeStep(main)).toBe(1);
    expect(entry.calls).toBe(reply.calls ?? 1);
    expect(retryLines(main)).toHaveLength((reply.calls ?? 1) - 1);
    expect(errorText(main)).toMatch(reply.says);
    const log = job.allOutputText();
    expect(log).not.toMatch(STACK_TRACE);
    expect(visibleLog(job)).not.toContain('MARKER');
  });
});
