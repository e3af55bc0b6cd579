// The scenarios of the leak suite: every way the action can succeed or fail, each set up on its
// own emulator. Each returns its inputs and any secret the emulator does not already know.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '../../emulator/server.js';
import { fixtureDir } from '../fixtures/keys.js';
import { emulatorInputs } from './kit.js';

export const SESSION_TOKEN = 'leak-suite-session-token-0123456789abcdefABCDEF';
const HOST_KEY =
  'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

type Fault = Parameters<Emulator['injectFault']>[0];
type SecretOptions = Omit<Parameters<Emulator['addSecret']>[0], 'name'>;

interface Setup {
  inputs: Record<string, string>;
  env?: Record<string, string>;
  /** Secrets beyond the emulator's keys and credentials (fixture keys, files). */
  secrets?: string[];
}

export interface Scenario {
  label: string;
  outcome: 'success' | 'failure';
  setup: (emulator: Emulator, scratch: string) => Setup;
}

const fixture = (name: string) => readFileSync(join(fixtureDir, name), 'utf8');

/** Inputs for one secret with a session token, plus `extra`. */
function withSecret(emulator: Emulator, extra: Record<string, string> = {}, name = 'leak-key') {
  return emulatorInputs(emulator, {
    'secret-name': name,
    'session-token': SESSION_TOKEN,
    ...extra,
  });
}

function seeded(label: string, options: SecretOptions, extra = {}): Scenario {
  return {
    label,
    outcome: 'success',
    setup: (emulator) => {
      emulator.addSecret({ ...options, name: 'leak-key' });
      return { inputs: withSecret(emulator, extra) };
    },
  };
}

function faulted(label: string, fault: Fault, extra: Record<string, string> = {}): Scenario {
  return {
    label,
    outcome: fault.times === undefined || fault.times < 0 ? 'failure' : 'success',
    setup: (emulator) => {
      emulator.addSecret({ name: 'leak-key' });
      emulator.injectFault({ ...fault, action: fault.action ?? 'GetSSHKeyPairValue' });
      return { inputs: withSecret(emulator, { 'max-attempts': '2', ...extra }) };
    },
  };
}

const SUCCESS: Scenario[] = [
  seeded('get into a new agent', {}),
  seeded(
    'get, base64 + CRLF, output-private-key',
    { encoding: 'base64', newline: 'crlf' },
    {
      'output-private-key': 'true',
    },
  ),
  seeded(
    'get an OpenSSH ed25519 key into a key-file',
    {
      privateKey: fixture('ed25519-openssh'),
      publicKey: fixture('ed25519-openssh.pub').trim(),
    },
    { 'key-file': '~/.ssh/deploy_key', 'ssh-agent': 'false' },
  ),
  seeded(
    'get with key-lifetime and known-hosts',
    {},
    {
      'key-lifetime': '600',
      'known-hosts': HOST_KEY,
    },
  ),
  {
    label: 'get by ssh-key-id',
    outcome: 'success',
    setup: (emulator) => {
      const { sshKeyId } = emulator.addSecret({ name: 'leak-key' });
      return { inputs: withSecret(emulator, { 'secret-name': '', 'ssh-key-id': sshKeyId }) };
    },
  },
  {
    label: 'create with every output',
    outcome: 'success',
    setup: (emulator) => ({
      inputs: withSecret(emulator, {
        mode: 'create',
        'output-private-key': 'true',
        'key-file': 'keys/new_key',
        tags: 'team=infra',
      }),
    }),
  },
  {
    label: 'get-or-create, missing',
    outcome: 'success',
    setup: (emulator) => ({ inputs: withSecret(emulator, { mode: 'get-or-create' }) }),
  },
  seeded('get-or-create, existing', {}, { mode: 'get-or-create', 'output-private-key': 'true' }),
  {
    label: 'credentials from TENCENTCLOUD_* variables',
    outcome: 'success',
    setup: (emulator) => {
      emulator.addSecret({ name: 'leak-key' });
      const { secretId, secretKey } = emulator.credentials;
      const inputs = withSecret(emulator, {
        'secret-id': '',
        'secret-key': '',
        'session-token': '',
      });
      const env = {
        TENCENTCLOUD_SECRET_ID: secretId,
        TENCENTCLOUD_SECRET_KEY: secretKey,
        TENCENTCLOUD_SESSION_TOKEN: SESSION_TOKEN,
      };
      return { inputs, env };
    },
  },
  {
    label: 'keyless auth (temporary credentials)',
    outcome: 'success',
    setup: (emulator) => {
      emulator.addSecret({ name: 'leak-key' });
      const [role] = emulator.roles;
      const inputs = withSecret(emulator, {
        'secret-id': '',
        'secret-key': '',
        'session-token': '',
        'role-arn': role?.roleArn ?? '',
        'oidc-provider-id': role?.providerId ?? '',
        'sts-endpoint': emulator.url,
      });
      const env = {
        ACTIONS_ID_TOKEN_REQUEST_URL: emulator.oidc.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.oidc.requestToken,
      };
      return { inputs, env };
    },
  },
  faulted('throttled, then served', { type: 'throttle', times: 1 }),
  faulted('reset, then served', { type: 'reset', times: 1 }),
  faulted('hung, then served', { type: 'hang', times: 1 }, { 'timeout-seconds': '2' }),
];

const FAILURE: Scenario[] = [
  faulted('throttled throughout', { type: 'throttle', times: -1 }),
  faulted('internal errors throughout', { type: 'internal-error', times: -1 }),
  faulted('HTTP 502 throughout', { type: 'http-status', status: 502, times: -1 }),
  faulted('resets throughout', { type: 'reset', times: -1 }),
  faulted('hangs throughout (timeout)', { type: 'hang', times: -1 }, { 'timeout-seconds': '1' }),
  faulted('malformed JSON', { type: 'malformed-json', times: -1 }),
  faulted('no Response', { type: 'missing-response', times: -1 }),
  faulted('no PrivateKey', { type: 'missing-fields', times: -1 }),
  faulted('a PrivateKey that is not a key', { type: 'invalid-key', times: -1 }),
  faulted('UnauthorizedOperation', { type: 'error', code: 'UnauthorizedOperation', times: -1 }),
  faulted(
    'create throttled throughout',
    { type: 'throttle', action: 'CreateSSHKeyPairSecret', times: -1 },
    {
      mode: 'create',
      'secret-name': 'new-leak-key',
    },
  ),
  {
    label: 'a wrong secret-key',
    outcome: 'failure',
    setup: (emulator) => {
      emulator.addSecret({ name: 'leak-key' });
      const wrong = 'WrongSecretKey0123456789abcdefWRONG';
      return { inputs: withSecret(emulator, { 'secret-key': wrong }), secrets: [wrong] };
    },
  },
  {
    label: 'a missing secret (get)',
    outcome: 'failure',
    setup: (emulator) => ({ inputs: withSecret(emulator, {}, 'no-such-key') }),
  },
  {
    label: 'create over an existing secret',
    outcome: 'failure',
    setup: (emulator) => {
      emulator.addSecret({ name: 'leak-key' });
      return { inputs: withSecret(emulator, { mode: 'create' }) };
    },
  },
  seededFailure('a PublicKey of another key', {
    privateKey: fixture('rsa-pkcs1.pem'),
    publicKey: fixture('rsa-other-pkcs1.pem.pub').trim(),
  }),
  seededFailure('an encrypted key', {
    privateKey: fixture('rsa-pkcs1-encrypted.pem'),
    publicKey: fixture('rsa-pkcs1.pem.pub').trim(),
  }),
  seededFailure('an unsupported key type (DSA)', {
    privateKey: fixture('dsa-openssh'),
    publicKey: fixture('dsa-openssh.pub').trim(),
  }),
  {
    // Fails after the key arrived: the delivery error must not quote either key.
    label: 'a key-file that holds another key',
    outcome: 'failure',
    setup: (emulator, scratch) => {
      emulator.addSecret({ name: 'leak-key' });
      const other = fixture('rsa-other-pkcs1.pem');
      const file = join(scratch, 'id_deploy');
      writeFileSync(file, other, { mode: 0o600 });
      const inputs = withSecret(emulator, { 'key-file': file, 'ssh-agent': 'false' });
      return { inputs, secrets: [other] };
    },
  },
  {
    label: 'a key-file in a directory that cannot exist',
    outcome: 'failure',
    setup: (emulator) => {
      emulator.addSecret({ name: 'leak-key' });
      return { inputs: withSecret(emulator, { 'key-file': '/dev/null/id', 'ssh-agent': 'false' }) };
    },
  },
];

function seededFailure(label: string, options: SecretOptions): Scenario {
  return { ...seeded(label, options), outcome: 'failure' };
}

export const SCENARIOS: Scenario[] = [...SUCCESS, ...FAILURE];
