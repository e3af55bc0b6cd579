import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/server.js';
import { errorCodeOf, rejectionOf, ssmClient } from './helpers.js';

const CLI = fileURLToPath(new URL('../../emulator/cli.js', import.meta.url));

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

async function admin(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${emulator.url}/__emulator/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('admin API', () => {
  it('seeds secrets without revealing their private keys', async () => {
    const { status, json } = await admin('POST', 'secrets', [
      { name: 'seeded-1', encoding: 'base64' },
      { name: 'seeded-2', keyType: 'ed25519' },
    ]);
    expect(status).toBe(200);
    const secrets = json.secrets as Record<string, unknown>[];
    expect(secrets.map((secret) => secret.name)).toEqual(['seeded-1', 'seeded-2']);
    expect(secrets[0]).toMatchObject({
      encoding: 'base64',
      sshKeyId: expect.stringMatching(/^skey-/),
      fingerprint: expect.stringMatching(/^SHA256:/),
    });
    expect(JSON.stringify(json)).not.toMatch(/PRIVATE KEY|privateKey/);
    const value = await ssmClient(emulator).GetSSHKeyPairValue({ SecretName: 'seeded-1' });
    expect(Buffer.from(value.PrivateKey ?? '', 'base64').toString()).toBe(
      emulator.getSecret('seeded-1')?.privateKey,
    );
    const listed = await admin('GET', 'secrets');
    expect(JSON.stringify(listed.json)).not.toMatch(/PRIVATE KEY/);
  });

  it('arms, lists and clears faults', async () => {
    expect(
      (await admin('POST', 'faults', { type: 'throttle', action: 'GetSSHKeyPairValue', times: 2 }))
        .json.faults,
    ).toHaveLength(1);
    expect((await admin('GET', 'faults')).json.faults).toMatchObject([
      { type: 'throttle', remaining: 2 },
    ]);
    expect(
      await errorCodeOf(ssmClient(emulator).GetSSHKeyPairValue({ SecretName: 'seeded-1' })),
    ).toBe('RequestLimitExceeded');
    await admin('DELETE', 'faults');
    expect(
      await errorCodeOf(ssmClient(emulator).GetSSHKeyPairValue({ SecretName: 'seeded-1' })),
    ).toBe('resolved');
  });

  it('refuses an unknown fault type with 400', async () => {
    const { status, json } = await admin('POST', 'faults', { type: 'explode' });
    expect(status).toBe(400);
    expect(json.error).toMatch(/unknown fault type/);
  });

  it('reports and resets the call log', async () => {
    await admin('DELETE', 'calls');
    await errorCodeOf(ssmClient(emulator).GetSSHKeyPairValue({ SecretName: 'missing' }));
    const { json } = await admin('GET', 'calls');
    expect(json.calls).toMatchObject([
      {
        action: 'GetSSHKeyPairValue',
        code: 'ResourceNotFound',
        region: 'ap-guangzhou',
        secretId: emulator.credentials.secretId,
        params: { SecretName: 'missing' },
      },
    ]);
    expect(emulator.calls).toHaveLength(1);
  });

  it('sets and lifts the rate limit', async () => {
    await admin('POST', 'rate-limit', { rateLimit: 1 });
    const client = ssmClient(emulator);
    const codes = [
      await errorCodeOf(client.GetSSHKeyPairValue({ SecretName: 'seeded-1' })),
      await errorCodeOf(client.GetSSHKeyPairValue({ SecretName: 'seeded-1' })),
    ];
    expect(codes).toEqual(['resolved', 'RequestLimitExceeded']);
    await admin('POST', 'rate-limit', { rateLimit: null });
    expect(await errorCodeOf(client.GetSSHKeyPairValue({ SecretName: 'seeded-1' }))).toBe(
      'resolved',
    );
  });

  it('adds credentials that can sign requests', async () => {
    const { json } = await admin('POST', 'credentials', {
      allowedActions: ['CreateSSHKeyPairSecret'],
    });
    const credential = { secretId: String(json.secretId), secretKey: String(json.secretKey) };
    expect(
      (
        await rejectionOf(
          ssmClient(emulator, credential).GetSSHKeyPairValue({ SecretName: 'seeded-1' }),
        )
      ).code,
    ).toBe('UnauthorizedOperation');
  });

  it('adds roles and switches OIDC behaviour', async () => {
    expect(
      (
        await admin('POST', 'roles', {
          roleArn: 'qcs::cam::uin/1:roleName/x',
          providerId: 'p',
          subjectPattern: 'repo:*',
        })
      ).status,
    ).toBe(200);
    expect(emulator.roles.map((role) => role.roleArn)).toContain('qcs::cam::uin/1:roleName/x');
    expect((await admin('POST', 'oidc', { expired: true })).json).toMatchObject({ expired: true });
    expect(emulator.oidc.behavior.expired).toBe(true);
    await admin('POST', 'oidc', { expired: false });
  });

  it('answers 404 for an unknown route and reports health', async () => {
    expect((await admin('GET', 'nope')).status).toBe(404);
    expect((await admin('GET', 'health')).json).toEqual({ ok: true });
  });
});

describe.each([
  ['this node', () => process.execPath],
  ['node 24', () => inject('node24')],
])('the CLI on %s', (_name, nodeBinary) => {
  it('prints one JSON line without key material, serves, and stops on SIGTERM', async () => {
    const child = spawn(
      nodeBinary(),
      [CLI, '--port', '0', '--rate-limit', '50', '--seed', 'cli-a', 'cli-b'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const lines = createInterface({ input: child.stdout });
    const [firstLine] = (await once(lines, 'line')) as [string];
    output += firstLine;
    lines.on('line', (line) => (output += line));
    const summary = JSON.parse(firstLine) as Record<string, unknown>;
    expect(summary).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      secretId: expect.stringMatching(/^AKID/),
      secretKey: expect.any(String),
      oidcRequestUrl: expect.stringMatching(/\/__oidc\/token\?/),
      oidcRequestToken: expect.any(String),
      seeded: ['cli-a', 'cli-b'],
    });
    const port = Number(new URL(String(summary.url)).port);
    const client = ssmClient({ port } as Emulator, {
      secretId: String(summary.secretId),
      secretKey: String(summary.secretKey),
    });
    const value = await client.GetSSHKeyPairValue({ SecretName: 'cli-b' });
    expect(value.PrivateKey).toMatch(/BEGIN RSA PRIVATE KEY/);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(output + errors).not.toMatch(/PRIVATE KEY|AAAAB3/);
  });

  it('exits 1 with a message on an unknown flag', async () => {
    const child = spawn(nodeBinary(), [CLI, '--bogus'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(errors).toMatch(/unknown argument --bogus/);
  });
});
