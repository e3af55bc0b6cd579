import * as https from 'node:https';
import { describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({
  info: vi.fn(),
  debug: vi.fn(),
  warning: vi.fn(),
  setSecret: vi.fn(),
}));

import * as core from '@actions/core';
import { ApiCallError, type RequestClient } from '../../src/tencent-api/call.js';
import { resetForTests } from '../../src/secrets.js';
import { ssmKeyStore, type SsmOptions } from '../../src/ssm/key-store.js';

const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi6Y8Ra2E7XgwjR0g8mlVeXyVpC',
  '-----END RSA PRIVATE KEY-----',
].join('\n');
const PUBLIC = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDdPPaavtJmIAx9DK68GMz0 skey-abcd1234';
/** PEM's body re-wrapped at 4 characters a line: 16 lines such as `MIIE`, each a mask. */
const REWRAPPED = [
  PEM.split('\n')[0],
  ...(PEM.split('\n')[1]?.match(/.{4}/g) ?? []),
  PEM.split('\n')[2],
].join('\n');
/** Random bytes as base64: the emulator's `invalid-key` fault. */
const NOT_A_KEY = Buffer.from(Array.from({ length: 96 }, (_, i) => (i * 37) % 256)).toString(
  'base64',
);

/** A key store over a fake client; `masked` records what reaches the runner's masker. */
function store(reply: unknown, fails?: Error) {
  resetForTests();
  const masked: string[] = [];
  vi.mocked(core.setSecret).mockImplementation((value) => void masked.push(value));
  const client: RequestClient = {
    request: () => (fails ? Promise.reject(fails) : Promise.resolve(reply)),
  };
  const options: SsmOptions = {
    region: 'ap-guangzhou',
    endpoint: { protocol: 'https://', host: 'ssm.tencentcloudapi.com' },
    agent: new https.Agent(),
    credentials: { secretId: 'AKID', secretKey: 'key', source: 'test' },
    maxAttempts: 1,
    timeoutSeconds: 5,
    call: { sleep: async () => undefined, log: () => undefined },
  };
  return { keyStore: ssmKeyStore(options, client), masked };
}

async function rejection(promise: Promise<unknown>): Promise<ApiCallError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiCallError);
    return error as ApiCallError;
  }
  throw new Error('expected a rejection');
}

const answer = (fields: Record<string, unknown>) => ({
  SSHKeyID: 'skey-abcd1234',
  PrivateKey: PEM,
  PublicKey: PUBLIC,
  ProjectID: 7,
  SSHKeyName: 'deploy',
  RequestId: 'rid-7',
  ...fields,
});

describe('ssmKeyStore.get', () => {
  it('returns the raw key fields with the RequestId, masking the raw PrivateKey first', async () => {
    const { keyStore, masked } = store(answer({}));
    const secret = await keyStore.get({ secretName: 'deploy-key' });
    expect(secret).toEqual({
      secretName: 'deploy-key',
      sshKeyId: 'skey-abcd1234',
      sshKeyName: 'deploy',
      projectId: 7,
      rawPublicKey: PUBLIC,
      rawPrivateKey: PEM,
      requestId: 'rid-7',
    });
    expect(masked).toEqual([PEM]);
  });

  it('accepts base64 of the key text', async () => {
    const encoded = Buffer.from(PEM).toString('base64');
    const { keyStore } = store(answer({ PrivateKey: encoded }));
    expect((await keyStore.get({ secretName: 'k' })).rawPrivateKey).toBe(encoded);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'PrivateKey missing',
      { PrivateKey: undefined },
      /malformed \(PrivateKey is missing, RequestId rid-7\)/,
    ],
    ['SSHKeyID missing', { SSHKeyID: '' }, /malformed \(SSHKeyID is missing, RequestId rid-7\)/],
    [
      'PrivateKey not a key',
      { PrivateKey: NOT_A_KEY },
      /no usable SSH key \(PrivateKey is neither PEM\/OpenSSH private key text nor base64 of it, RequestId rid-7\)/,
    ],
    [
      'PrivateKey holding a public key',
      { PrivateKey: PUBLIC },
      /no usable SSH key \(PrivateKey holds an OpenSSH public key/,
    ],
    ['PublicKey not a key', { PublicKey: NOT_A_KEY }, /no usable SSH key \(PublicKey is neither/],
    [
      'PrivateKey re-wrapped at 4 characters a line',
      { PrivateKey: REWRAPPED },
      /no usable SSH key \(PrivateKey is laid out unlike any key \(16 lines 4 characters wide; .*\), RequestId rid-7\)/,
    ],
    [
      'SSHKeyID carrying a workflow command',
      { SSHKeyID: 'skey-abcd1234\n::warning::planted' },
      /malformed \(SSHKeyID is not an SSH key ID \(skey- and 8 letters or digits\), RequestId rid-7\)/,
    ],
    ['SSHKeyID not text', { SSHKeyID: 7 }, /malformed \(SSHKeyID is not an SSH key ID/],
    [
      'RequestId carrying stop-commands',
      { RequestId: 'rid\n::stop-commands::tok' },
      /malformed \(RequestId is not a request ID \(letters, digits and dashes\)\)\./,
    ],
  ])('fails cleanly when %s, never quoting the value', async (_label, fields, expected) => {
    const { keyStore, masked } = store(answer(fields));
    const error = await rejection(keyStore.get({ secretName: 'deploy-key' }));
    expect(error.message).toMatch(expected);
    expect(error.message).toContain("GetSSHKeyPairValue for secret 'deploy-key' failed");
    expect(error.message).not.toContain(NOT_A_KEY.slice(0, 24));
    expect(error.message).not.toContain('AAAAB3NzaC1yc2EAAAADAQABAAAB');
    expect(error.message).not.toContain('MIIE');
    expect(error.message).not.toMatch(/planted|::stop-commands/);
    if (typeof fields.PrivateKey === 'string') expect(masked).toEqual([fields.PrivateKey]);
  });

  it('fails cleanly on an empty envelope', async () => {
    const { keyStore } = store(undefined);
    const error = await rejection(keyStore.get({ sshKeyId: 'skey-abcd1234' }));
    expect(error.message).toMatch(/SSH key 'skey-abcd1234' failed: .*malformed/);
  });
});

describe('ssmKeyStore.get right after a create', () => {
  const notFound = Object.assign(new Error('The secret does not exist.'), {
    code: 'ResourceNotFound',
    requestId: 'rid-9',
  });

  it('waits for the secret to appear, then says it is still missing, not "use get-or-create"', async () => {
    const { keyStore } = store(undefined, notFound);
    const error = await rejection(keyStore.get({ secretName: 'new-key' }, { afterCreate: true }));
    expect(error.code).toBe('ResourceNotFound');
    expect(error.message).toContain("secret 'new-key' failed: it was just created");
    expect(error.message).toContain('ResourceNotFound, RequestId rid-9');
    expect(error.message).not.toContain("set 'mode: get-or-create'");
  });

  it('keeps the usual advice for a plain read', async () => {
    const { keyStore } = store(undefined, notFound);
    const error = await rejection(keyStore.get({ secretName: 'new-key' }));
    expect(error.message).toContain("set 'mode: get-or-create'");
  });
});

describe('ssmKeyStore.create', () => {
  it('returns the created key, neutralising its free-text name', async () => {
    const reply = { SecretName: 'k', SSHKeyID: 'skey-new00001', SSHKeyName: 'n\n::warning::x' };
    const { keyStore } = store(reply);
    const request = { secretName: 'k', projectId: 0, description: 'd', tags: [] };
    await expect(keyStore.create(request)).resolves.toEqual({
      sshKeyId: 'skey-new00001',
      sshKeyName: 'n ::warning::x',
    });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['SSHKeyID', { SSHKeyID: 'skey-1\n::warning::p' }, /SSHKeyID is not an SSH key ID/],
    ['SecretName', { SecretName: 'k\n::save-state name=x::y' }, /SecretName is not a secret name/],
    ['RequestId', { RequestId: 'r\r\n::warning::p' }, /RequestId is not a request ID/],
  ])('fails as malformed when the answer carries a hostile %s', async (_label, fields, says) => {
    const { keyStore } = store({ SecretName: 'k', SSHKeyID: 'skey-new00001', ...fields });
    const request = { secretName: 'k', projectId: 0, description: 'd', tags: [] };
    const error = await rejection(keyStore.create(request));
    expect(error.message).toMatch(/CreateSSHKeyPairSecret .* was malformed \(/);
    expect(error.message).toMatch(says);
    expect(error.message).not.toMatch(/[\r\n]|::warning|::save-state/);
  });

  it('fails cleanly without SSHKeyID', async () => {
    const { keyStore } = store({ RequestId: 'rid-8' });
    const request = { secretName: 'k', projectId: 0, description: 'd', tags: [] };
    const error = await rejection(keyStore.create(request));
    expect(error.message).toMatch(
      /CreateSSHKeyPairSecret .* malformed \(SSHKeyID is missing, RequestId rid-8\)/,
    );
  });
});
