import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({
  info: vi.fn(),
  debug: vi.fn(),
  warning: vi.fn(),
  setSecret: vi.fn(),
}));

import * as core from '@actions/core';
import type { Credentials } from '../../src/tencent-api/credentials.js';
import { resolveCredentials, type OidcExchange } from '../../src/auth/credentials.js';
import { resetForTests } from '../../src/secrets.js';
import type { OidcCallSettings } from '../../src/auth/sts.js';
import type { OidcAuth, StaticAuth } from '../../src/settings/settings.js';

const KEY = 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';
const TOKEN = 'session-token-0123456789abcdef';
const CALL: OidcCallSettings = { region: 'ap-guangzhou', maxAttempts: 3, timeoutSeconds: 10 };

const OIDC: OidcAuth = {
  kind: 'oidc',
  roleArn: 'qcs::cam::uin/100000000001:roleName/deploy',
  providerId: 'github',
  audience: 'sts.tencentcloudapi.com',
  durationSeconds: 900,
  stsEndpoint: { protocol: 'https://', host: 'sts.tencentcloudapi.com' },
};

const TEMPORARY: Credentials = {
  secretId: 'AKIDtmp',
  secretKey: 'tmp-secret-key-0123456789',
  token: 'tmp-token-0123456789',
  source: 'the role (GitHub OIDC)',
};

/** An OIDC loader that must not be reached on the static paths. */
function oidcLoader(exchange: OidcExchange = vi.fn(async () => TEMPORARY)) {
  return { load: vi.fn(async () => exchange), exchange };
}

beforeEach(() => {
  resetForTests();
  vi.mocked(core.setSecret).mockClear();
});

describe('resolveCredentials', () => {
  it.each<[string, StaticAuth, RegExp, string[]]>([
    [
      'static inputs with a session token',
      { kind: 'static', source: 'inputs', secretId: 'AKIDin', secretKey: KEY, sessionToken: TOKEN },
      /'secret-id'\/'secret-key' inputs/,
      [KEY, TOKEN],
    ],
    [
      'static inputs without a token',
      { kind: 'static', source: 'inputs', secretId: 'AKIDin', secretKey: KEY },
      /'secret-id'\/'secret-key' inputs/,
      [KEY],
    ],
    [
      'the environment',
      {
        kind: 'static',
        source: 'environment',
        secretId: 'AKIDenv',
        secretKey: KEY,
        sessionToken: TOKEN,
      },
      /TENCENTCLOUD_\* environment variables/,
      [KEY, TOKEN],
    ],
  ])('%s: returns them, masked, without touching OIDC', async (_label, auth, source, masked) => {
    const oidc = oidcLoader();
    const credentials = await resolveCredentials(auth, CALL, oidc.load);
    expect(credentials).toEqual({
      secretId: auth.secretId,
      secretKey: auth.secretKey,
      token: auth.sessionToken,
      source: expect.stringMatching(source),
    });
    expect(vi.mocked(core.setSecret).mock.calls.map(([value]) => value)).toEqual(masked);
    expect(credentials.source).not.toContain(KEY);
    expect(oidc.load).not.toHaveBeenCalled();
    expect(oidc.exchange).not.toHaveBeenCalled();
  });

  it('keyless auth: calls the injected exchange once with the settings', async () => {
    const oidc = oidcLoader();
    await expect(resolveCredentials(OIDC, CALL, oidc.load)).resolves.toEqual(TEMPORARY);
    expect(oidc.load).toHaveBeenCalledTimes(1);
    expect(oidc.exchange).toHaveBeenCalledTimes(1);
    expect(oidc.exchange).toHaveBeenCalledWith(OIDC, CALL);
  });

  it('keyless auth: passes the exchange failure on', async () => {
    const failure = new Error("add 'permissions: id-token: write'");
    const oidc = oidcLoader(vi.fn(async () => Promise.reject(failure)));
    await expect(resolveCredentials(OIDC, CALL, oidc.load)).rejects.toBe(failure);
  });
});
