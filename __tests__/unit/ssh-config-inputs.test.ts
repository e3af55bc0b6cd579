import { describe, expect, it } from 'vitest';
import {
  parseGitRepositories,
  parseJumpHost,
  parseSshClientInputs,
  parseSshHosts,
  type SshClientValues,
} from '../../src/settings/ssh-config-inputs.js';
import { InputError } from '../../src/settings/validate.js';

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}

const HOST =
  "with host a DNS name (letters, digits, '-' and '.'), an IPv4 address or an IPv6 address in " +
  'brackets, without wildcards';
const USER = "with user of letters, digits, '.', '_' and '-', not starting with '-'";
const PORT = 'with port a whole number from 1 to 65535';
const ALIAS =
  "with alias of letters, digits, '.', '_' and '-', not starting with '-' or 'tcssh-', without " +
  'wildcards (* ? !)';
const ONE_EQUALS = "with one '=' at most, between the alias and the host";
const SSH_FORM = '[alias=][user@]host[:port], one a line';
const JUMP_FORM = '[user@]host[:port]';
const REPO_FORM = '[host/]owner/repo (such as acme/app or git.example.com/acme/app), one a line';
const PARTS = "with two or three parts separated by '/'";
const GIT_HOST =
  "with host a DNS name (letters, digits, '-' and '.') or an IPv4 address, without a port";
const NAME = "with owner and repo of letters, digits, '.', '_' and '-', not '.' or '..'";

describe('parseSshHosts accepts', () => {
  it.each([
    ['prod.example.com', { alias: 'prod.example.com', hostName: 'prod.example.com' }],
    [
      'prod=deploy@10.0.0.5:2222',
      { alias: 'prod', hostName: '10.0.0.5', user: 'deploy', port: 2222 },
    ],
    ['web_1=web-1.internal', { alias: 'web_1', hostName: 'web-1.internal' }],
    ['[::1]:22', { alias: '::1', hostName: '::1', port: 22 }],
    ['v6=root@[2001:db8::10]', { alias: 'v6', hostName: '2001:db8::10', user: 'root' }],
    ['git@github.com', { alias: 'github.com', hostName: 'github.com', user: 'git' }],
    [
      '.hidden=_svc.user@h:65535',
      { alias: '.hidden', hostName: 'h', user: '_svc.user', port: 65535 },
    ],
    ['  padded=host  ', { alias: 'padded', hostName: 'host' }],
    ['localhost:1', { alias: 'localhost', hostName: 'localhost', port: 1 }],
  ])('%j', (value, expected) => {
    expect(parseSshHosts(value)).toEqual([expected]);
  });

  it('takes one entry a line, skipping blank and # lines', () => {
    const value = '# servers\nweb=web.example.com\n\r\n  # db\ndb=db.example.com\r\n';
    expect(parseSshHosts(value).map((h) => h.alias)).toEqual(['web', 'db']);
  });

  it('yields nothing for an empty value', () => {
    expect(parseSshHosts('')).toEqual([]);
  });
});

/** [value, 1-based line of the bad entry, the bad entry as shown, the detail of the form]. */
const BAD_SSH_HOSTS: [string, number, string, string][] = [
  ['bad host!', 1, 'bad host!', HOST],
  ['prod\nMatch all', 2, 'Match all', HOST],
  ['prod\rMatch all', 1, 'prod Match all', HOST],
  ['prod\u2028Match all', 1, 'prod Match all', HOST],
  ['host Include /etc/x', 1, 'host Include /etc/x', HOST],
  ['a=b=c@host', 1, 'a=b=c@host', ONE_EQUALS],
  ['prod=-oProxyCommand=x', 1, 'prod=-oProxyCommand=x', ONE_EQUALS],
  ['-oProxyCommand=x', 1, '-oProxyCommand=x', ALIAS],
  ['*.example.com', 1, '*.example.com', HOST],
  ['web*=web.example.com', 1, 'web*=web.example.com', ALIAS],
  ['web?=h', 1, 'web?=h', ALIAS],
  ['!prod=h', 1, '!prod=h', ALIAS],
  ['=h', 1, '=h', ALIAS],
  ['tcssh-jump-abc=h', 1, 'tcssh-jump-abc=h', ALIAS],
  ['"prod"=h', 1, '"prod"=h', ALIAS],
  ['%h=h', 1, '%h=h', ALIAS],
  ['prod=%h', 1, 'prod=%h', HOST],
  ['prod=h%p', 1, 'prod=h%p', HOST],
  ['prod=h#x', 1, 'prod=h#x', HOST],
  ['prod=h # comment', 1, 'prod=h # comment', HOST],
  ["prod='h'", 1, "prod='h'", HOST],
  ['prod=h\tProxyCommand x', 1, 'prod=h ProxyCommand x', HOST],
  ['-h', 1, '-h', HOST],
  ['h.', 1, 'h.', HOST],
  ['a..b', 1, 'a..b', HOST],
  ['host_name', 1, 'host_name', HOST],
  ['999.1.1.1', 1, '999.1.1.1', HOST],
  ['1.2.3', 1, '1.2.3', HOST],
  [`${'a'.repeat(64)}.com`, 1, `${'a'.repeat(64)}.com`, HOST],
  ['[::1', 1, '[::1', HOST],
  ['::1', 1, '::1', HOST],
  ['[::1]x', 1, '[::1]x', HOST],
  ['[fe80::1%eth0]', 1, '[fe80::1%eth0]', HOST],
  ['[example.com]', 1, '[example.com]', HOST],
  ['[]', 1, '[]', HOST],
  ['h:0', 1, 'h:0', PORT],
  ['h:65536', 1, 'h:65536', PORT],
  ['h:abc', 1, 'h:abc', PORT],
  ['h:', 1, 'h:', PORT],
  ['h:+22', 1, 'h:+22', PORT],
  ['h:022222', 1, 'h:022222', PORT],
  ['[::1]:0', 1, '[::1]:0', PORT],
  ['h:22:33', 1, 'h:22:33', HOST],
  ['-l@h', 1, '-l@h', USER],
  ['@h', 1, '@h', USER],
  ['a b@h', 1, 'a b@h', USER],
  ['%u@h', 1, '%u@h', USER],
  ['a@b@h', 1, 'a@b@h', USER],
  ['root"@h', 1, 'root"@h', USER],
  ['ok=h\nbad host', 2, 'bad host', HOST],
  ['web=a\nWEB=b', 2, 'WEB=b', "each entry once ('WEB' is on line 1 already)"],
  ['h1\n\nh1', 3, 'h1', "each entry once ('h1' is on line 1 already)"],
];

describe('parseSshHosts refuses', () => {
  it.each(BAD_SSH_HOSTS)('%j', (value, line, shown, detail) => {
    const error = inputError(() => parseSshHosts(value));
    expect(error.input).toBe('ssh-host');
    expect(error.message).toBe(
      `Input 'ssh-host' is invalid: got '${shown}' on line ${line}; expected ${SSH_FORM}, ${detail}.`,
    );
    expect(error.message).not.toMatch(/[\n\r\u2028\t]/);
  });

  it('shows a long entry in part', () => {
    const error = inputError(() => parseSshHosts(`${'h'.repeat(300)}!`));
    expect(error.message).toContain(`got '${'h'.repeat(200)}...' on line 1`);
  });
});

describe('parseJumpHost', () => {
  it.each([
    ['bastion.example.com', { hostName: 'bastion.example.com' }],
    ['jump@10.0.0.1:2200', { hostName: '10.0.0.1', user: 'jump', port: 2200 }],
    ['[2001:db8::1]:22', { hostName: '2001:db8::1', port: 22 }],
  ])('accepts %j', (value, expected) => {
    expect(parseJumpHost(value)).toEqual(expected);
  });

  it('is undefined when empty', () => {
    expect(parseJumpHost('')).toBeUndefined();
  });

  it.each([
    ['bastion host', HOST],
    ['bastion.example.com\nMatch all', HOST],
    ['j1,j2', HOST],
    ['alias=bastion', HOST],
    ['-oProxyCommand=x', HOST],
    ['*.example.com', HOST],
    ['[::1', HOST],
    ['bastion:0', PORT],
    ['bastion:65536', PORT],
    ['bastion:abc', PORT],
    ['-l@bastion', USER],
    ['jump user@bastion', USER],
  ])('refuses %j', (value, detail) => {
    const error = inputError(() => parseJumpHost(value));
    expect(error.input).toBe('ssh-jump-host');
    expect(error.message).toMatch(/^Input 'ssh-jump-host' is invalid: got '[^\n]*'; /);
    expect(error.message).toContain(`; expected ${JUMP_FORM}, ${detail}.`);
    expect(error.message).not.toContain(' on line ');
    expect(error.message).not.toMatch(/[\n\r]/);
  });
});

describe('parseGitRepositories', () => {
  it.each([
    ['acme/app', { host: 'github.com', owner: 'acme', repo: 'app' }],
    ['acme/app.git', { host: 'github.com', owner: 'acme', repo: 'app' }],
    ['git.example.com/Acme/App', { host: 'git.example.com', owner: 'Acme', repo: 'App' }],
    ['10.0.0.7/a_b/c.d-e', { host: '10.0.0.7', owner: 'a_b', repo: 'c.d-e' }],
    ['acme/app.git.git', { host: 'github.com', owner: 'acme', repo: 'app.git' }],
    ['acme/.github', { host: 'github.com', owner: 'acme', repo: '.github' }],
  ])('accepts %j', (value, expected) => {
    expect(parseGitRepositories(value)).toEqual([expected]);
  });

  it('takes one a line, skipping blank and # lines', () => {
    const value = 'acme/app\n\n# tools\nghe.corp/acme/tools\r\n';
    expect(parseGitRepositories(value)).toHaveLength(2);
  });

  it.each([
    ['not-a-repo', 1, PARTS],
    ['github.com/a/b/c', 1, PARTS],
    ['https://github.com/acme/app', 1, PARTS],
    ['git@github.com:acme/app', 1, NAME],
    ['a/.', 1, NAME],
    ['../x', 1, NAME],
    ['a/..', 1, NAME],
    ['a/.git', 1, NAME],
    ['a/', 1, NAME],
    ['/a', 1, NAME],
    ['acme/app tools', 1, NAME],
    ['acme/app#x', 1, NAME],
    ['acme/app"', 1, NAME],
    ['acme/%h', 1, NAME],
    ['acme/*', 1, NAME],
    ['acme/app\nMatch all', 2, PARTS],
    ['ghe.corp:8443/acme/app', 1, GIT_HOST],
    ['[::1]/acme/app', 1, GIT_HOST],
    ['bad host/acme/app', 1, GIT_HOST],
    ['*.corp/acme/app', 1, GIT_HOST],
    ['-oProxyCommand=x/acme/app', 1, GIT_HOST],
    ['acme/app\nACME/App.git', 2, "each entry once ('github.com/ACME/App' is on line 1 already)"],
  ])('refuses %j', (value, line, detail) => {
    const error = inputError(() => parseGitRepositories(value));
    expect(error.input).toBe('git-repositories');
    expect(error.message).toMatch(/^Input 'git-repositories' is invalid: got '[^\n]*' on line/);
    expect(error.message).toContain(` on line ${line}; expected ${REPO_FORM}, ${detail}.`);
  });
});

describe('parseSshClientInputs: the rules between the inputs', () => {
  const none: SshClientValues = {
    sshHost: '',
    sshJumpHost: '',
    gitRepositories: '',
    sshAgent: true,
  };

  it('reads nothing when nothing is set, with or without a key', () => {
    expect(parseSshClientInputs({ ...none, sshAgent: false })).toEqual({
      sshHosts: [],
      jumpHost: undefined,
      gitRepositories: [],
    });
  });

  it.each([
    { sshAgent: true },
    { sshAgent: false, keyFile: '~/.ssh/deploy' },
    { sshAgent: true, keyFile: '~/.ssh/deploy' },
  ])('accepts hosts, a jump host and repositories with %j', (delivery) => {
    const values = { sshHost: 'prod', sshJumpHost: 'bastion', gitRepositories: 'acme/app' };
    expect(parseSshClientInputs({ ...values, ...delivery })).toEqual({
      sshHosts: [{ alias: 'prod', hostName: 'prod' }],
      jumpHost: { hostName: 'bastion' },
      gitRepositories: [{ host: 'github.com', owner: 'acme', repo: 'app' }],
    });
  });

  it.each([
    [
      { sshHost: 'prod\nweb' },
      "Input 'ssh-host' is invalid: got 'prod web'; expected to be set only when 'ssh-agent' " +
        "is true or 'key-file' is set (ssh takes the key from one of them).",
    ],
    [
      { gitRepositories: 'acme/app' },
      "Input 'git-repositories' is invalid: got 'acme/app'; expected to be set only when " +
        "'ssh-agent' is true or 'key-file' is set (ssh takes the key from one of them).",
    ],
  ])('refuses %j with ssh-agent false and no key-file', (values, message) => {
    const error = inputError(() => parseSshClientInputs({ ...none, ...values, sshAgent: false }));
    expect(error.message).toBe(message);
  });

  it('refuses ssh-jump-host without ssh-host, naming both', () => {
    const error = inputError(() =>
      parseSshClientInputs({ ...none, sshJumpHost: 'bastion', gitRepositories: 'acme/app' }),
    );
    expect(error.input).toBe('ssh-jump-host');
    expect(error.message).toBe(
      "Input 'ssh-jump-host' is invalid: got 'bastion'; expected to be set only with " +
        "'ssh-host' (the jump host is how its entries are reached).",
    );
  });

  it('refuses a bad entry before a rule between the inputs', () => {
    const error = inputError(() =>
      parseSshClientInputs({ ...none, sshHost: 'bad host!', sshAgent: false }),
    );
    expect(error.message).toContain('on line 1');
  });
});
