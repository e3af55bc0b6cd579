// Every mode and auth method, with and without proxy variables, through the bundled action. The
// paths that read the run context (keyless auth without 'role-session-name', a created secret
// without 'description') are the ones that once reached a stand-in when HTTPS_PROXY was set.
import { describe, expect } from 'vitest';
import type { Emulator } from '../../emulator/server.js';
import { startProxy } from './proxy-support.js';
import { PROVIDER, REGION, ROLE, describeStep, freshName, test } from './kit.js';
/** What the harness's runner environment (GITHUB_REPOSITORY, GITHUB_RUN_ID, ...) names. */
const SESSION_NAME = 'gh-octo-org-octo-repo-1234567890-1';
const DESCRIPTION =
  'SSH key created by GitHub Actions for octo-org/octo-repo, run 1234567890 ' +
  '(https://github.com/octo-org/octo-repo/actions/runs/1234567890)';

type Mode = 'get' | 'create' | 'get-or-create (exists)' | 'get-or-create (new)';
type Auth = 'secret-id inputs' | 'TENCENTCLOUD_* variables' | 'keyless (OIDC)';
type Proxying = 'no proxy' | 'proxy, emulator in NO_PROXY' | 'proxy for everything';

const MODES: Mode[] = ['get', 'create', 'get-or-create (exists)', 'get-or-create (new)'];
const AUTHS: Auth[] = ['secret-id inputs', 'TENCENTCLOUD_* variables', 'keyless (OIDC)'];
const PROXYING: Proxying[] = ['no proxy', 'proxy, emulator in NO_PROXY', 'proxy for everything'];
const MATRIX = MODES.flatMap((mode) =>
  AUTHS.flatMap((auth) => PROXYING.map((proxying) => ({ mode, auth, proxying }))),
);

/** The file's emulator: the kit scans every job's log for its keys and temporary credentials. */
let emulator: Emulator;

test.beforeAll(({ emulator: fileEmulator }) => {
  emulator = fileEmulator;
});

function modeInputs(mode: Mode, name: string): Record<string, string> {
  if (mode === 'get' || mode === 'get-or-create (exists)') emulator.addSecret({ name });
  return { 'secret-name': name, mode: mode.split(' ')[0] ?? mode, 'ssh-agent': 'false' };
}

function authSetup(auth: Auth): { inputs: Record<string, string>; env: Record<string, string> } {
  const { secretId, secretKey } = emulator.credentials;
  if (auth === 'secret-id inputs') {
    return { inputs: { 'secret-id': secretId, 'secret-key': secretKey }, env: {} };
  }
  if (auth === 'TENCENTCLOUD_* variables') {
    return {
      inputs: {},
      env: { TENCENTCLOUD_SECRET_ID: secretId, TENCENTCLOUD_SECRET_KEY: secretKey },
    };
  }
  return {
    inputs: { 'sts-endpoint': emulator.url, 'role-arn': ROLE, 'oidc-provider-id': PROVIDER },
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: emulator.oidc.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.oidc.requestToken,
    },
  };
}

function proxyEnv(proxying: Proxying, proxyUrl: string): Record<string, string> {
  if (proxying === 'no proxy') return {};
  const both = { HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl, https_proxy: proxyUrl };
  return proxying === 'proxy for everything' ? both : { ...both, NO_PROXY: '127.0.0.1' };
}

describe.concurrent('modes x auth methods x proxy variables', () => {
  test.for(MATRIX)('$mode, $auth, $proxying', async ({ mode, auth, proxying }, { kit }) => {
    const proxy = await startProxy();
    const name = freshName('matrix');
    const setup = authSetup(auth);
    const inputs = { region: REGION, endpoint: emulator.url, ...setup.inputs };
    const env = { ...setup.env, ...proxyEnv(proxying, `http://${proxy.url}`) };
    try {
      const { main, post } = await kit.runJob({ ...inputs, ...modeInputs(mode, name) }, { env });
      expect(main.failed, describeStep(main)).toBe(false);
      expect(post?.failed, post && describeStep(post)).toBe(false);
      const record = emulator.getSecret(name);
      expect(main.outputs.fingerprint).toBe(record?.fingerprint);
      const calls = emulator.calls.filter((call) => call.params.SecretName === name);
      const create = calls.find((call) => call.action === 'CreateSSHKeyPairSecret');
      const creates = mode === 'create' || mode === 'get-or-create (new)';
      expect(create?.params.Description).toBe(creates ? DESCRIPTION : undefined);
      if (auth === 'keyless (OIDC)') {
        const issued = emulator.temporaryCredentials().map((c) => c.secretId);
        expect(issued).toContain(calls[0]?.secretId);
        const sessions = emulator.calls
          .filter((call) => call.action === 'AssumeRoleWithWebIdentity')
          .map((call) => call.params.RoleSessionName);
        expect(new Set(sessions)).toEqual(new Set([SESSION_NAME]));
      }
      const through = proxy.tunnels.map((tunnel) => tunnel.target);
      const host = new URL(emulator.url).host;
      if (proxying === 'proxy for everything') {
        expect(through.length).toBeGreaterThan(0);
        expect(new Set(through)).toEqual(new Set([host]));
      } else expect(through).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
