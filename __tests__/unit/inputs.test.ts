import { beforeEach, describe, expect, it, vi } from 'vitest';

const recorded = vi.hoisted(() => ({ events: [] as string[], masked: [] as string[] }));

vi.mock('@actions/core', () => ({
  setSecret: vi.fn((value: string) => {
    recorded.events.push('mask');
    recorded.masked.push(value);
  }),
  getInput: vi.fn(() => ''),
  info: vi.fn(),
  debug: vi.fn(),
  warning: vi.fn(),
}));

import { readSettings, type InputSource } from '../../src/settings/read-settings.js';
import { InputError } from '../../src/settings/validate.js';
import { resetForTests } from '../../src/secrets.js';

const SECRET_KEY = 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';
const SESSION_TOKEN = 'tok3n-SESSION-value-0123456789abcdef';
const ENV_KEY = 'EnvSecretKey0123456789abcdefEXAMPLE';
const ENV_TOKEN = 'env-session-token-0123456789abcdef';
const ROLE_ARN = 'qcs::cam::uin/100000000001:roleName/deploy';
const GITHUB_HOST_KEY =
  'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const ALL_SECRETS = [SECRET_KEY, SESSION_TOKEN, ENV_KEY, ENV_TOKEN];

type Values = Record<string, string>;

const BASE: Values = {
  'secret-name': 'deploy-key',
  region: 'ap-guangzhou',
  'secret-id': 'AKIDexample0123456789',
  'secret-key': SECRET_KEY,
};
const OIDC: Values = {
  'secret-id': '',
  'secret-key': '',
  'role-arn': ROLE_ARN,
  'oidc-provider-id': 'github',
};
const ENV_CREDENTIALS: Values = {
  TENCENTCLOUD_SECRET_ID: 'AKIDenv0123',
  TENCENTCLOUD_SECRET_KEY: ENV_KEY,
};

/** A fake source over maps; an empty string means "not set", as core.getInput reports it. */
function source(inputs: Values, env: Values = {}): InputSource {
  return {
    input: (name) => {
      recorded.events.push(`input:${name}`);
      return inputs[name] ?? '';
    },
    env: (name) => {
      recorded.events.push(`env:${name}`);
      return env[name] ?? '';
    },
  };
}

function readError(inputs: Values, env: Values = {}): InputError {
  try {
    readSettings(source(inputs, env));
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected readSettings to reject the inputs');
}

beforeEach(() => {
  resetForTests();
  recorded.events.length = 0;
  recorded.masked.length = 0;
});

interface BadCase {
  /** Overrides of BASE; '' unsets an input. */
  inputs: Values;
  env?: Values;
  /** The input the error must name. */
  names: string;
  /** Text of the bad value the message must show (non-secret inputs). */
  shows?: string;
  /** A secret value the message must never contain. */
  hides?: string;
}

const long = (n: number, c = 'x') => c.repeat(n);
const CREATE: Values = { mode: 'create' };

/** Plain bad values, shown in the message; `context` sets the inputs that make them reachable. */
const BAD_VALUES: { input: string; context?: Values; values: string[] }[] = [
  { input: 'secret-name', values: [long(129), 'deploy key', 'deploy.key', '-key', 'clé'] },
  {
    input: 'ssh-key-id',
    context: { 'secret-name': '' },
    values: ['skey-123', 'key-12345678', 'skey-1234567!'],
  },
  { input: 'mode', values: ['fetch', 'GET', 'get_or_create'] },
  { input: 'ssh-agent', values: ['yes', '1', 'tRUE', 'off'] },
  { input: 'output-private-key', values: ['no', '0', 'fALSE'] },
  { input: 'key-lifetime', values: ['0', '-60', '1.5', 'hour', '31536001'] },
  { input: 'region', values: ['Guangzhou', 'ap_guangzhou', 'ap-guangzhou-', 'ap guangzhou', 'x'] },
  {
    input: 'endpoint',
    values: [
      'https://ssm.tencentcloudapi.com/v3',
      'https://ssm.tencentcloudapi.com?x=1',
      'ftp://ssm.tencentcloudapi.com',
      'ssm tencentcloudapi.com',
      'ssm.tencentcloudapi.com/x',
      'http://ssm.tencentcloudapi.com',
      'http://emulator:8080',
      'http://10.0.0.5:8080',
    ],
  },
  { input: 'allow-plain-http', values: ['yes', '1', 'on'] },
  { input: 'secret-id', values: ['AKID with space', 'AKID!', long(129, 'A')] },
  { input: 'role-arn', context: OIDC, values: ['arn:aws:iam::123:role/x', 'deploy'] },
  { input: 'oidc-provider-id', context: OIDC, values: ['git hub', long(129)] },
  { input: 'role-session-name', context: OIDC, values: ['a', long(129), 'gh/run'] },
  {
    input: 'role-duration-seconds',
    context: OIDC,
    values: ['899', '43201', '900.5', '-900', 'hour'],
  },
  {
    input: 'sts-endpoint',
    context: OIDC,
    values: ['ftp://sts.tencentcloudapi.com', 'sts host', 'http://sts.tencentcloudapi.com'],
  },
  { input: 'project-id', context: CREATE, values: ['-1', '1.5', 'default', '2147483648'] },
  { input: 'kms-key-id', context: CREATE, values: ['my key', '-kms', long(129, 'k')] },
  {
    input: 'ssh-key-name',
    context: CREATE,
    values: [long(26, 'k'), 'deploy-key', '_key', 'my key'],
  },
  {
    input: 'tags',
    context: CREATE,
    values: ['team', '=infra', 'qcloud:app=x', 'tencent-app=x', 'Project=x'],
  },
  { input: 'max-attempts', values: ['0', '21', '2.5', '-3', 'five'] },
  { input: 'key-file', values: ['~other/.ssh/id', 'keys/', '~', 'a\u0007b', '~/.ssh/'] },
  // Keyless-only inputs are checked with static credentials too: a bad value is a mistake anyway.
  { input: 'role-duration-seconds', values: ['899', 'hour'] },
  { input: 'sts-endpoint', values: ['sts host', 'https://sts.tencentcloudapi.com/v1'] },
  { input: 'audience', values: ['my audience', 'aud\u0001ience'] },
  { input: 'timeout-seconds', values: ['0', '601', '1.5', '30s'] },
  {
    input: 'ssh-host',
    values: ['bad host!', 'a=b=c@host', '*.example.com', 'prod=-oProxyCommand=x', '[::1', 'h:0'],
  },
  { input: 'ssh-jump-host', context: { 'ssh-host': 'prod' }, values: ['jump host', 'j:65536'] },
  { input: 'git-repositories', values: ['not-a-repo', 'github.com/a/b/c', 'a/.', '../x'] },
];

/** A case: the input its error must name, the overrides of BASE, and what else to check. */
const bad = (
  label: string,
  names: string,
  inputs: Values,
  more: Omit<BadCase, 'names' | 'inputs'> = {},
): [string, BadCase] => [label, { names, inputs, ...more }];
const noStatic: Values = { 'secret-id': '', 'secret-key': '' };
const noName: Values = { 'secret-name': '' };
const KEY_ID = 'skey-abcd1234';
const GOC = 'get-or-create';

/** Missing values, contradictions, secrets and values shown only in part. */
const SPECIAL_CASES: [string, BadCase][] = [
  bad('secret-name missing in get', 'secret-name', noName),
  bad('secret-name missing in create', 'secret-name', { ...CREATE, ...noName }),
  bad('secret-name missing in get-or-create', 'secret-name', { mode: GOC, ...noName }),
  bad(
    'ssh-key-id with mode create',
    'ssh-key-id',
    { ...CREATE, ...noName, 'ssh-key-id': KEY_ID },
    { shows: KEY_ID },
  ),
  bad(
    'ssh-key-id with mode get-or-create',
    'ssh-key-id',
    { mode: GOC, 'ssh-key-id': KEY_ID },
    { shows: KEY_ID },
  ),
  bad('ssh-key-id and secret-name both', 'ssh-key-id', { 'ssh-key-id': KEY_ID }, { shows: KEY_ID }),
  bad(
    'key-lifetime with ssh-agent false',
    'key-lifetime',
    { 'ssh-agent': 'false', 'key-lifetime': '60' },
    { shows: '60' },
  ),
  bad('known-hosts without a key', 'known-hosts', { 'known-hosts': 'github.com' }),
  bad('region missing', 'region', { region: '' }),
  bad(
    'region malformed in TENCENTCLOUD_REGION',
    'region',
    { region: '' },
    { env: { TENCENTCLOUD_REGION: 'Mars 1' }, shows: 'Mars 1' },
  ),
  bad(
    'endpoint with credentials',
    'endpoint',
    { endpoint: 'https://me:Pr0xyPassw0rd@ssm.example.com' },
    { hides: 'Pr0xyPassw0rd' },
  ),
  ...[
    'https://deploy:Pr0xyPassw0rd@ssm.example.com',
    'https://Pr0xyPassw0rd@ssm.example.com',
    'deploy:Pr0xyPassw0rd@ssm.example.com',
  ].flatMap((value) =>
    ['endpoint', 'sts-endpoint'].map((input) =>
      bad(
        `${input} with user-info ${value.split('@')[0].replace('Pr0xyPassw0rd', '***')}`,
        input,
        { [input]: value, 'allow-plain-http': 'true' },
        { hides: 'Pr0xyPassw0rd', shows: "'***@ssm.example.com'" },
      ),
    ),
  ),
  bad(
    'sts-endpoint plain http without keyless auth',
    'sts-endpoint',
    { 'sts-endpoint': 'http://sts.emulator:8080' },
    { shows: "'allow-plain-http: true'" },
  ),
  bad('secret-key with whitespace', 'secret-key', { 'secret-key': `${SECRET_KEY} x` }),
  bad('secret-key too long', 'secret-key', { 'secret-key': SECRET_KEY.repeat(129) }),
  bad('secret-key without secret-id', 'secret-id', { 'secret-id': '' }),
  bad('secret-id without secret-key', 'secret-key', { 'secret-key': '' }),
  bad('session-token alone', 'session-token', { ...noStatic, 'session-token': SESSION_TOKEN }),
  bad(
    'session-token alone, env credentials set',
    'session-token',
    { ...noStatic, 'session-token': SESSION_TOKEN },
    { env: ENV_CREDENTIALS },
  ),
  bad('session-token with whitespace', 'session-token', { 'session-token': `${SESSION_TOKEN}\nx` }),
  bad('no credentials at all', 'secret-id', noStatic),
  bad('only TENCENTCLOUD_SECRET_ID', 'secret-id', noStatic, {
    env: { TENCENTCLOUD_SECRET_ID: 'AKIDenv0123' },
  }),
  bad('TENCENTCLOUD_SECRET_ID malformed', 'TENCENTCLOUD_SECRET_ID', noStatic, {
    env: { ...ENV_CREDENTIALS, TENCENTCLOUD_SECRET_ID: 'bad id' },
    shows: 'bad id',
  }),
  bad('TENCENTCLOUD_SECRET_KEY with whitespace', 'TENCENTCLOUD_SECRET_KEY', noStatic, {
    env: { ...ENV_CREDENTIALS, TENCENTCLOUD_SECRET_KEY: `${ENV_KEY} x` },
  }),
  bad('TENCENTCLOUD_SESSION_TOKEN with whitespace', 'TENCENTCLOUD_SESSION_TOKEN', noStatic, {
    env: { ...ENV_CREDENTIALS, TENCENTCLOUD_SESSION_TOKEN: `${ENV_TOKEN} x` },
  }),
  bad('role-arn without oidc-provider-id', 'oidc-provider-id', { ...OIDC, 'oidc-provider-id': '' }),
  bad('oidc-provider-id without role-arn', 'role-arn', { ...OIDC, 'role-arn': '' }),
  bad(
    'description over 2048 bytes',
    'description',
    { ...CREATE, description: long(683, '中') },
    { shows: long(40, '中') },
  ),
  bad(
    'tags with a duplicate key',
    'tags',
    { ...CREATE, tags: 'team=a\nteam=b' },
    { shows: 'team=b' },
  ),
  bad(
    'tags with a key of 128 characters',
    'tags',
    { ...CREATE, tags: `${long(128, 'k')}=v` },
    { shows: long(40, 'k') },
  ),
  bad('description in mode get', 'description', { description: 'hello' }, { shows: 'hello' }),
  bad('kms-key-id in mode get', 'kms-key-id', { 'kms-key-id': 'kms-1' }, { shows: 'kms-1' }),
  bad(
    'ssh-key-name in mode get',
    'ssh-key-name',
    { 'ssh-key-name': 'deploy' },
    { shows: 'deploy' },
  ),
  bad('tags in mode get', 'tags', { tags: 'team=infra' }, { shows: 'team=infra' }),
  bad('audience too long', 'audience', { audience: long(257, 'a') }, { shows: long(200, 'a') }),
  bad('project-id in mode get', 'project-id', { 'project-id': '1234' }, { shows: '1234' }),
  bad(
    'ssh-host, a bad second line',
    'ssh-host',
    { 'ssh-host': 'prod\nMatch all' },
    { shows: "got 'Match all' on line 2" },
  ),
  bad(
    'ssh-host with ssh-agent false and no key-file',
    'ssh-host',
    { 'ssh-agent': 'false', 'ssh-host': 'prod' },
    { shows: "'ssh-agent' is true or 'key-file' is set" },
  ),
  bad(
    'git-repositories with ssh-agent false and no key-file',
    'git-repositories',
    { 'ssh-agent': 'false', 'git-repositories': 'acme/app' },
    { shows: "'ssh-agent' is true or 'key-file' is set" },
  ),
  bad(
    'ssh-jump-host without ssh-host',
    'ssh-jump-host',
    { 'ssh-jump-host': 'bastion.example.com' },
    { shows: "to be set only with 'ssh-host'" },
  ),
  bad(
    'role-session-name without keyless auth',
    'role-session-name',
    { 'role-session-name': 'deploy-run' },
    { shows: 'deploy-run' },
  ),
];

const caseLabel = (input: string, value: string) =>
  `${input} ${JSON.stringify(value.length > 30 ? `${value.slice(0, 8)}...(${value.length})` : value)}`;

const BAD_CASES: [string, BadCase][] = [
  ...BAD_VALUES.flatMap(({ input, context, values }) =>
    values.map((value) =>
      bad(caseLabel(input, value), input, { ...context, [input]: value }, { shows: value }),
    ),
  ),
  ...SPECIAL_CASES,
];

describe('readSettings rejects bad inputs', () => {
  it.each(BAD_CASES)('%s', (_label, c) => {
    const error = readError({ ...BASE, ...c.inputs }, c.env);
    expect(error.input).toBe(c.names);
    expect(error.message).toContain(`'${c.names}'`);
    if (c.shows !== undefined) expect(error.message).toContain(c.shows);
    for (const secret of [...ALL_SECRETS, ...(c.hides ? [c.hides] : [])]) {
      expect(error.message).not.toContain(secret);
    }
  });
});

describe('readSettings shows long bad values in part', () => {
  it('shows the first 200 characters of a 5000-character value', () => {
    const error = readError({ ...BASE, 'secret-name': long(5000, 'n') });
    expect(error.message).toContain(`'${long(200, 'n')}...'`);
    expect(error.message.length).toBeLessThan(400);
  });

  it("accepts project-id '0' in mode get (action.yml's default)", () => {
    expect(readSettings(source({ ...BASE, 'project-id': '0' })).create.projectId).toBe(0);
  });
});

describe('readSettings masks secret values first', () => {
  const everySecret = {
    inputs: { ...BASE, 'session-token': SESSION_TOKEN },
    env: { ...ENV_CREDENTIALS, TENCENTCLOUD_SESSION_TOKEN: ENV_TOKEN },
  };

  it('masks secret-key, session-token and the TENCENTCLOUD_* secrets before reading anything else', () => {
    readSettings(source(everySecret.inputs, everySecret.env));
    expect(recorded.masked).toEqual(expect.arrayContaining(ALL_SECRETS));
    const firstOtherRead = recorded.events.findIndex(
      (e) => e.startsWith('input:') && e !== 'input:secret-key' && e !== 'input:session-token',
    );
    expect(recorded.events.lastIndexOf('mask')).toBeLessThan(firstOtherRead);
  });

  it.each([
    ['a bad mode', { mode: 'fetch' }],
    ['a bad secret-key', { 'secret-key': `${SECRET_KEY} x` }],
    ['a lone session-token', { 'secret-id': '', 'secret-key': '' }],
  ])('masks them even when the inputs are rejected (%s)', (_label, overrides) => {
    expect(() =>
      readSettings(source({ ...everySecret.inputs, ...overrides }, everySecret.env)),
    ).toThrow(InputError);
    expect(recorded.masked).toEqual(expect.arrayContaining([SESSION_TOKEN, ENV_KEY, ENV_TOKEN]));
  });

  it('does not mask empty values', () => {
    readSettings(source({ ...BASE, 'secret-key': SECRET_KEY }));
    expect(recorded.masked).toEqual([SECRET_KEY]);
  });
});

describe('readSettings happy paths', () => {
  it('applies the defaults', () => {
    expect(readSettings(source(BASE))).toEqual({
      mode: 'get',
      secret: { secretName: 'deploy-key' },
      sshAgent: true,
      keyLifetimeSeconds: undefined,
      outputPrivateKey: false,
      keyFile: undefined,
      knownHosts: [],
      sshHosts: [],
      gitRepositories: [],
      region: 'ap-guangzhou',
      endpoint: { protocol: 'https://', host: 'ssm.tencentcloudapi.com' },
      auth: {
        kind: 'static',
        source: 'inputs',
        secretId: 'AKIDexample0123456789',
        secretKey: SECRET_KEY,
        sessionToken: undefined,
      },
      create: {
        projectId: 0,
        description: undefined,
        kmsKeyId: undefined,
        sshKeyName: undefined,
        tags: [],
      },
      maxAttempts: 5,
      timeoutSeconds: 30,
    });
  });

  it('reads every input when set', () => {
    const settings = readSettings(
      source({
        ...BASE,
        mode: 'get-or-create',
        'ssh-agent': 'TRUE',
        'key-lifetime': '3600',
        'output-private-key': 'True',
        'key-file': '~/.ssh/deploy',
        'known-hosts': GITHUB_HOST_KEY,
        'ssh-host': 'prod=deploy@10.0.0.5:2222\nweb.example.com',
        'ssh-jump-host': 'jump@bastion.example.com',
        'git-repositories': 'acme/app\nghe.corp/acme/tools.git',
        'session-token': SESSION_TOKEN,
        'project-id': '1234',
        description: 'Deploy key for prod',
        'kms-key-id': '23e80852-1e38-11e9-b129-5cb9019b4b01',
        'ssh-key-name': 'deploy_key',
        tags: 'team=infra\nenv=prod',
        'max-attempts': '20',
        'timeout-seconds': '600',
      }),
    );
    expect(settings).toMatchObject({
      mode: 'get-or-create',
      sshAgent: true,
      keyLifetimeSeconds: 3600,
      outputPrivateKey: true,
      keyFile: '~/.ssh/deploy',
      knownHosts: [GITHUB_HOST_KEY],
      sshHosts: [
        { alias: 'prod', hostName: '10.0.0.5', user: 'deploy', port: 2222 },
        { alias: 'web.example.com', hostName: 'web.example.com' },
      ],
      jumpHost: { hostName: 'bastion.example.com', user: 'jump' },
      gitRepositories: [
        { host: 'github.com', owner: 'acme', repo: 'app' },
        { host: 'ghe.corp', owner: 'acme', repo: 'tools' },
      ],
      auth: { kind: 'static', source: 'inputs', sessionToken: SESSION_TOKEN },
      create: {
        projectId: 1234,
        description: 'Deploy key for prod',
        kmsKeyId: '23e80852-1e38-11e9-b129-5cb9019b4b01',
        sshKeyName: 'deploy_key',
        tags: [
          { TagKey: 'team', TagValue: 'infra' },
          { TagKey: 'env', TagValue: 'prod' },
        ],
      },
      maxAttempts: 20,
      timeoutSeconds: 600,
    });
  });

  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
  ])('accepts ssh-agent and output-private-key %s', (value, expected) => {
    const settings = readSettings(
      source({ ...BASE, 'ssh-agent': value, 'output-private-key': value }),
    );
    expect(settings.sshAgent).toBe(expected);
    expect(settings.outputPrivateKey).toBe(expected);
  });

  it('fetches by ssh-key-id in mode get', () => {
    const settings = readSettings(
      source({ ...BASE, 'secret-name': '', 'ssh-key-id': 'skey-abcd1234' }),
    );
    expect(settings.secret).toEqual({ sshKeyId: 'skey-abcd1234' });
  });

  it('falls back to the TENCENTCLOUD_* environment variables', () => {
    const settings = readSettings(
      source(
        { 'secret-name': 'deploy-key' },
        {
          ...ENV_CREDENTIALS,
          TENCENTCLOUD_REGION: 'ap-shanghai',
          TENCENTCLOUD_SESSION_TOKEN: ENV_TOKEN,
        },
      ),
    );
    expect(settings.region).toBe('ap-shanghai');
    expect(settings.auth).toEqual({
      kind: 'static',
      source: 'environment',
      secretId: 'AKIDenv0123',
      secretKey: ENV_KEY,
      sessionToken: ENV_TOKEN,
    });
  });

  it('prefers the region input to TENCENTCLOUD_REGION', () => {
    const settings = readSettings(source(BASE, { TENCENTCLOUD_REGION: 'ap-shanghai' }));
    expect(settings.region).toBe('ap-guangzhou');
  });

  const keys = { 'secret-id': BASE['secret-id'] ?? '', 'secret-key': SECRET_KEY };

  it.each([
    ['explicit keys beat role-arn and env', { ...BASE, ...OIDC, ...keys }, 'static', 'inputs'],
    ['role-arn beats env', { ...BASE, ...OIDC }, 'oidc', undefined],
    ['env when nothing else is set', { ...BASE, ...noStatic }, 'static', 'environment'],
  ])('credential precedence: %s', (_label, inputs, kind, from) => {
    const settings = readSettings(source(inputs, ENV_CREDENTIALS));
    expect(settings.auth.kind).toBe(kind);
    if (settings.auth.kind === 'static') expect(settings.auth.source).toBe(from);
  });

  it('reads keyless auth with its defaults', () => {
    expect(readSettings(source({ ...BASE, ...OIDC })).auth).toEqual({
      kind: 'oidc',
      roleArn: ROLE_ARN,
      providerId: 'github',
      audience: 'sts.tencentcloudapi.com',
      roleSessionName: undefined,
      durationSeconds: 900,
      stsEndpoint: { protocol: 'https://', host: 'sts.tencentcloudapi.com' },
    });
  });

  it('reads keyless auth with every option', () => {
    const settings = readSettings(
      source({
        ...BASE,
        ...OIDC,
        audience: 'my-audience',
        'role-session-name': 'deploy@run-1',
        'role-duration-seconds': '43200',
        'sts-endpoint': 'http://127.0.0.1:9000',
      }),
    );
    expect(settings.auth).toMatchObject({
      audience: 'my-audience',
      roleSessionName: 'deploy@run-1',
      durationSeconds: 43200,
      stsEndpoint: { protocol: 'http://', host: '127.0.0.1:9000' },
    });
  });

  it.each([
    ['ssm.intl.tencentcloudapi.com', 'https://', 'ssm.intl.tencentcloudapi.com'],
    ['ssm.ap-guangzhou.tencentcloudapi.com', 'https://', 'ssm.ap-guangzhou.tencentcloudapi.com'],
    ['localhost:8443', 'https://', 'localhost:8443'],
    ['http://127.0.0.1:8080', 'http://', '127.0.0.1:8080'],
    ['https://ssm.example.com/', 'https://', 'ssm.example.com'],
    ['https://ssm.example.com:8443', 'https://', 'ssm.example.com:8443'],
  ])('parses endpoint %s', (endpoint, protocol, host) => {
    expect(readSettings(source({ ...BASE, endpoint })).endpoint).toEqual({ protocol, host });
  });

  it.each(['true', 'True', 'TRUE'])(
    'takes plain http to any host for both endpoints with allow-plain-http %s',
    (allow) => {
      const inputs = {
        ...BASE,
        ...OIDC,
        'allow-plain-http': allow,
        endpoint: 'http://emulator:8080',
        'sts-endpoint': 'http://10.0.0.5:9000',
      };
      const settings = readSettings(source(inputs));
      expect(settings.endpoint).toEqual({ protocol: 'http://', host: 'emulator:8080' });
      expect(settings.auth).toMatchObject({
        stsEndpoint: { protocol: 'http://', host: '10.0.0.5:9000' },
      });
    },
  );
});

describe('readSettings: ssh-host and git-repositories need the key somewhere ssh can take it', () => {
  it.each([
    ['the agent', { 'ssh-agent': 'true' }],
    ['a key-file without the agent', { 'ssh-agent': 'false', 'key-file': '~/.ssh/deploy' }],
  ])('accepts them with %s', (_label, delivery) => {
    const settings = readSettings(
      source({ ...BASE, ...delivery, 'ssh-host': 'prod', 'git-repositories': 'acme/app' }),
    );
    expect(settings.sshHosts).toEqual([{ alias: 'prod', hostName: 'prod' }]);
    expect(settings.gitRepositories).toEqual([{ host: 'github.com', owner: 'acme', repo: 'app' }]);
  });
});
