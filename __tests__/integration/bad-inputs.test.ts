// Every input's invalid forms, through the bundled action: each fails the step before any API
// call, with a message that names the input, shows a non-secret value and never a secret one.
import { describe, expect } from 'vitest';
import type { Emulator } from '../../emulator/server.js';
import { REGION, STACK_TRACE, describeStep, errorText, test, visibleLog } from './kit.js';

const SECRET_KEY = 'BadInputSecretKey0123456789abcdef';
const SESSION_TOKEN = 'bad-input-session-token-0123456789abcdefABCDEF';
const ENV_KEY = 'EnvSecretKeyForBadInputs0123456789';
const PASSWORD = 'Pr0xyPassw0rd-in-endpoint';
const KEY_FILE = '/nonexistent/bad-inputs/deploy_key';
const HOST_KEY =
  'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

type Values = Record<string, string>;

interface BadCase {
  label: string;
  /** Overrides of the valid base inputs; '' unsets one. */
  inputs: Values;
  env?: Values;
  /** The input the message must name. */
  names: string;
  /** Text of the bad value the message must show. */
  shows?: string;
}

const long = (n: number, c = 'x') => c.repeat(n);
const CREATE: Values = { mode: 'create' };
const KEYLESS: Values = {
  'secret-id': '',
  'secret-key': '',
  'session-token': '',
  'role-arn': 'qcs::cam::uin/100000000001:roleName/deploy',
  'oidc-provider-id': 'github',
};
const CERT: Values = {
  mode: 'certificate',
  'secret-name': '',
  'ca-kms-key-id': 'ca-key-0001',
  'certificate-principals': 'deploy',
};
const NO_STATIC: Values = { 'secret-id': '', 'secret-key': '', 'session-token': '' };

/** Plain bad values, each shown in the message; `context` makes them reachable. */
const BAD_VALUES: { input: string; context?: Values; values: string[] }[] = [
  { input: 'secret-name', values: [long(129), 'deploy key', 'deploy.key', '-key', 'clé'] },
  { input: 'ssh-key-id', context: { 'secret-name': '' }, values: ['skey-123', 'key-12345678'] },
  { input: 'mode', values: ['fetch', 'GET', 'get_or_create', 'true'] },
  { input: 'ssh-agent', values: ['yes', '1', 'on'] },
  { input: 'output-private-key', values: ['no', '0'] },
  {
    input: 'key-lifetime',
    context: { 'ssh-agent': 'true' },
    values: ['0', '-60', '1.5', 'hour', '31536001'],
  },
  { input: 'key-file', values: ['~other/.ssh/id', 'keys/', '~'] },
  { input: 'region', values: ['Guangzhou', 'ap_guangzhou', 'ap guangzhou'] },
  {
    input: 'endpoint',
    values: ['https://ssm.tencentcloudapi.com/v3', 'ftp://ssm.example.com', 'ssm example.com'],
  },
  { input: 'secret-id', values: ['AKID with space', 'AKID!', long(129, 'A')] },
  { input: 'role-arn', context: KEYLESS, values: ['arn:aws:iam::123:role/x', 'deploy'] },
  { input: 'oidc-provider-id', context: KEYLESS, values: ['git hub', long(129)] },
  { input: 'role-session-name', context: KEYLESS, values: ['a', 'gh/run'] },
  { input: 'role-duration-seconds', values: ['899', '43201', 'hour'] },
  { input: 'sts-endpoint', values: ['ftp://sts.example.com', 'sts host'] },
  { input: 'allow-plain-http', values: ['yes', '1'] },
  { input: 'audience', values: ['my audience'] },
  { input: 'project-id', context: CREATE, values: ['-1', '1.5', 'default', '2147483648'] },
  { input: 'kms-key-id', context: CREATE, values: ['my key', '-kms'] },
  { input: 'ssh-key-name', context: CREATE, values: [long(26, 'k'), 'deploy-key', '_key'] },
  { input: 'tags', context: CREATE, values: ['team', '=infra', 'qcloud:app=x', 'Project=x'] },
  { input: 'max-attempts', values: ['0', '21', '2.5', 'five'] },
  { input: 'timeout-seconds', values: ['0', '601', '30s'] },
  // What a config file line is made of: none of these may reach ssh's or git's config.
  {
    input: 'ssh-host',
    values: [
      'bad host!',
      'host Include /etc/x',
      'a=b=c@host',
      '*.example.com',
      'web*=web.example.com',
      'prod=-oProxyCommand=x',
      '[::1',
      'h:0',
      'h:65536',
      'h:abc',
    ],
  },
  {
    input: 'ssh-jump-host',
    context: { 'ssh-host': 'prod', 'key-file': KEY_FILE },
    values: ['jump host', 'bastion:0'],
  },
  { input: 'git-repositories', values: ['not-a-repo', 'github.com/a/b/c', 'a/.', '../x'] },
  { input: 'ca-kms-key-id', context: CERT, values: ['my key', '-ca'] },
  { input: 'kms-endpoint', context: CERT, values: ['ftp://kms.example.com', 'kms host'] },
  { input: 'certificate-lifetime', context: CERT, values: ['0', '86401', '15m', '-1'] },
  {
    input: 'certificate-source-address',
    context: CERT,
    values: ['example.com', '10.0.0.1/8', '10.0.0.0/33', '10.0.0.0/8 10.1.0.0/16'],
  },
];

const bad = (label: string, names: string, inputs: Values, more: Partial<BadCase> = {}) => ({
  label,
  names,
  inputs,
  ...more,
});

/** Missing values, contradictions, malformed lines, secret values and environment fallbacks. */
const SPECIAL: BadCase[] = [
  bad('secret-name missing (get)', 'secret-name', { 'secret-name': '' }),
  bad('secret-name missing (create)', 'secret-name', { ...CREATE, 'secret-name': '' }),
  bad('ssh-key-id with mode create', 'ssh-key-id', { ...CREATE, 'ssh-key-id': 'skey-abcd1234' }),
  bad('ssh-key-id and secret-name', 'ssh-key-id', { 'ssh-key-id': 'skey-abcd1234' }),
  bad('key-lifetime without the agent', 'key-lifetime', { 'key-lifetime': '60' }, { shows: '60' }),
  bad('a key-file with a control character', 'key-file', { 'key-file': 'a\u0007b' }),
  bad('known-hosts without a key', 'known-hosts', { 'known-hosts': 'github.com' }),
  bad('known-hosts with a bad key', 'known-hosts', { 'known-hosts': 'github.com ssh-ed25519 !!' }),
  bad('known-hosts, a bad second line', 'known-hosts', {
    'known-hosts': `${HOST_KEY}\n@bogus ${HOST_KEY}`,
  }),
  bad('region missing', 'region', { region: '' }),
  bad(
    'TENCENTCLOUD_REGION malformed',
    'region',
    { region: '' },
    {
      env: { TENCENTCLOUD_REGION: 'Mars 1' },
      shows: 'Mars 1',
    },
  ),
  bad('endpoint with credentials', 'endpoint', {
    endpoint: `https://me:${PASSWORD}@ssm.example.com`,
  }),
  bad('secret-key with whitespace', 'secret-key', { 'secret-key': `${SECRET_KEY} x` }),
  bad('secret-key too long', 'secret-key', { 'secret-key': SECRET_KEY.repeat(130) }),
  bad('secret-key without secret-id', 'secret-id', { 'secret-id': '' }),
  bad('secret-id without secret-key', 'secret-key', { 'secret-key': '' }),
  bad('session-token with a line break', 'session-token', {
    'session-token': `${SESSION_TOKEN}\nx`,
  }),
  bad('session-token without keys', 'session-token', {
    ...NO_STATIC,
    'session-token': SESSION_TOKEN,
  }),
  bad('no credentials at all', 'secret-id', NO_STATIC),
  bad('TENCENTCLOUD_SECRET_ID malformed', 'TENCENTCLOUD_SECRET_ID', NO_STATIC, {
    env: { TENCENTCLOUD_SECRET_ID: 'bad id', TENCENTCLOUD_SECRET_KEY: ENV_KEY },
    shows: 'bad id',
  }),
  bad('TENCENTCLOUD_SECRET_KEY with whitespace', 'TENCENTCLOUD_SECRET_KEY', NO_STATIC, {
    env: { TENCENTCLOUD_SECRET_ID: 'AKIDenv0123', TENCENTCLOUD_SECRET_KEY: `${ENV_KEY} x` },
  }),
  bad('role-arn without oidc-provider-id', 'oidc-provider-id', {
    ...KEYLESS,
    'oidc-provider-id': '',
  }),
  bad('oidc-provider-id without role-arn', 'role-arn', { ...KEYLESS, 'role-arn': '' }),
  bad('role-session-name without keyless auth', 'role-session-name', {
    'role-session-name': 'deploy-run',
  }),
  bad('description over 2048 bytes', 'description', { ...CREATE, description: long(683, '中') }),
  bad('tags with a repeated key', 'tags', { ...CREATE, tags: 'team=a\nteam=b' }),
  bad('a tag key of 128 characters', 'tags', { ...CREATE, tags: `${long(128, 'k')}=v` }),
  bad(
    'ssh-host, a Match smuggled on a second line',
    'ssh-host',
    { 'ssh-host': 'prod\nMatch all' },
    {
      shows:
        "got 'Match all' on line 2; expected [alias=][user@]host[:port], one a line, with host",
    },
  ),
  bad(
    'ssh-host with ssh-agent false and no key-file',
    'ssh-host',
    { 'ssh-host': 'prod' },
    {
      shows: "expected to be set only when 'ssh-agent' is true or 'key-file' is set",
    },
  ),
  bad('git-repositories with ssh-agent false and no key-file', 'git-repositories', {
    'git-repositories': 'acme/app',
  }),
  bad(
    'ssh-jump-host without ssh-host',
    'ssh-jump-host',
    {
      'ssh-jump-host': 'bastion.example.com',
      'key-file': KEY_FILE,
    },
    { shows: "expected to be set only with 'ssh-host'" },
  ),
  bad('ca-kms-key-id missing', 'ca-kms-key-id', { ...CERT, 'ca-kms-key-id': '' }),
  bad('certificate-principals missing', 'certificate-principals', {
    ...CERT,
    'certificate-principals': '',
  }),
  ...[
    ['deploy\nops team', 'ops team'],
    ['deploy\nops,root', "got 'ops,root'"],
    ['deploy,ops team', "got 'ops team'"],
    ['deploy,deploy', 'entry 2 repeats it'],
  ].map(([value, shows]) =>
    bad(
      `certificate-principals: ${JSON.stringify(value)}`,
      'certificate-principals',
      {
        ...CERT,
        'certificate-principals': value!,
      },
      { shows },
    ),
  ),
  bad('a principal with a control character', 'certificate-principals', {
    ...CERT,
    'certificate-principals': 'de\u0007ploy',
  }),
  ...[
    ['secret-name', 'deploy-key'],
    ['ssh-key-id', 'skey-abcd1234'],
    ['description', 'x'],
    ['kms-key-id', 'k1'],
    ['ssh-key-name', 'deploy'],
    ['tags', 'team=infra'],
    ['project-id', '7'],
  ].map(([input, value]) =>
    bad(`${input} in mode certificate`, input!, { ...CERT, [input!]: value! }, { shows: value }),
  ),
  ...[
    ['ca-kms-key-id', 'ca-key-0001'],
    ['kms-endpoint', 'kms.internal.example'],
    ['certificate-principals', 'deploy'],
    ['certificate-lifetime', '60'],
    ['certificate-source-address', '10.0.0.0/8'],
  ].map(([input, value]) =>
    bad(`${input} in mode get`, input!, { [input!]: value! }, { shows: "mode 'certificate'" }),
  ),
  ...['description', 'kms-key-id', 'ssh-key-name', 'tags', 'project-id'].map((input) => {
    const value = input === 'tags' ? 'team=infra' : '7';
    return bad(`${input} in mode get`, input, { [input]: value }, { shows: value });
  }),
];

const CASES: BadCase[] = [
  ...BAD_VALUES.flatMap(({ input, context, values }) =>
    values.map((value) => ({
      label: `${input}: ${JSON.stringify(value.length > 24 ? `${value.slice(0, 8)}...` : value)}`,
      names: input,
      inputs: { ...context, [input]: value },
      shows: value.slice(0, 200),
    })),
  ),
  ...SPECIAL,
];

test.afterAll(({ emulator }) => {
  // Not one case reached the API.
  expect(emulator.calls).toEqual([]);
});

function baseInputs(emulator: Emulator): Values {
  return {
    'secret-name': 'bad-input-target',
    region: REGION,
    endpoint: emulator.url,
    'secret-id': emulator.credentials.secretId,
    'secret-key': SECRET_KEY,
    'session-token': SESSION_TOKEN,
    'ssh-agent': 'false',
  };
}

describe.concurrent('bad inputs fail before any API call, naming the input', () => {
  test.for(CASES)('$label', async (c, { kit }) => {
    const inputs = Object.fromEntries(
      Object.entries({ ...baseInputs(kit.emulator), ...c.inputs }).filter(([, v]) => v !== ''),
    );
    const { main, job } = await kit.runJob(inputs, { env: c.env, skipPost: true, debug: true });
    expect(main.exitCode, describeStep(main)).toBe(1);
    const error = errorText(main);
    expect(error).toContain(`'${c.names}'`);
    if (c.shows !== undefined) expect(error).toContain(c.shows);
    const log = visibleLog(job);
    for (const secret of [SECRET_KEY, SESSION_TOKEN, ENV_KEY, PASSWORD]) {
      expect(log).not.toContain(secret);
    }
    expect(log).not.toMatch(STACK_TRACE);
    expect(main.outputs).toEqual({});
    expect(main.state).toEqual({});
  });
});
