import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prependBlock } from '../../src/delivery/config-block.js';
import {
  configPath,
  gitAlias,
  jumpAlias,
  sshConfigLines,
  type SshConfigSpec,
} from '../../src/delivery/ssh-config-text.js';

const STEP = '0123456789ab';
const dir = mkdtempSync(path.join(os.tmpdir(), 'ssh-config-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPEC: SshConfigSpec = {
  stepId: STEP,
  identityFile: '/runner/temp/tcssh-0123456789ab/id.pub',
  hosts: [
    { alias: 'prod', hostName: '10.0.0.5', user: 'deploy', port: 2222 },
    { alias: 'web.example.com', hostName: 'web.example.com' },
    { alias: 'v6', hostName: '2001:db8::1', user: 'ops' },
  ],
  jumpHost: { hostName: 'bastion.example.com', user: 'jump', port: 22022 },
  repositories: [{ host: 'github.com', owner: 'acme', repo: 'app' }],
};

/** What `ssh -G` makes of `alias` with this config file alone: option -> values. */
function sshG(config: string, alias: string) {
  const file = path.join(dir, `config-${Math.random().toString(16).slice(2)}`);
  writeFileSync(file, config, { mode: 0o600 });
  const result = spawnSync('ssh', ['-G', '-F', file, alias], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  // ssh -G without a terminal says so (OpenSSH 9.x); anything else is a config problem.
  expect(result.stderr.replace(/Pseudo-terminal will not be allocated[^\n]*\n?/, '').trim()).toBe(
    '',
  );
  const options = new Map<string, string[]>();
  for (const line of result.stdout.split('\n')) {
    const [key = '', ...rest] = line.split(' ');
    options.set(key, [...(options.get(key) ?? []), rest.join(' ')]);
  }
  return options;
}

describe('sshConfigLines', () => {
  it('writes a Host block per entry, the jump host, the git alias, then Match all', () => {
    const identity = `  IdentityFile ${SPEC.identityFile}`;
    expect(sshConfigLines(SPEC)).toEqual([
      'Host prod',
      '  HostName 10.0.0.5',
      '  User deploy',
      '  Port 2222',
      '  IdentitiesOnly yes',
      identity,
      `  ProxyJump tcssh-jump-${STEP}`,
      'Host web.example.com',
      '  HostName web.example.com',
      '  IdentitiesOnly yes',
      identity,
      `  ProxyJump tcssh-jump-${STEP}`,
      'Host v6',
      '  HostName 2001:db8::1',
      '  User ops',
      '  IdentitiesOnly yes',
      identity,
      `  ProxyJump tcssh-jump-${STEP}`,
      `Host tcssh-jump-${STEP}`,
      '  HostName bastion.example.com',
      '  User jump',
      '  Port 22022',
      '  IdentitiesOnly yes',
      identity,
      `Host ${gitAlias(SPEC.repositories[0]!)}`,
      '  HostName github.com',
      '  User git',
      '  IdentitiesOnly yes',
      identity,
      'Match all',
    ]);
  });

  it.each([
    ['prod', { hostname: '10.0.0.5', user: 'deploy', port: '2222', proxyjump: jumpAlias(STEP) }],
    ['web.example.com', { hostname: 'web.example.com', proxyjump: jumpAlias(STEP) }],
    ['v6', { hostname: '2001:db8::1', user: 'ops', proxyjump: jumpAlias(STEP) }],
    [jumpAlias(STEP), { hostname: 'bastion.example.com', user: 'jump', port: '22022' }],
    [gitAlias(SPEC.repositories[0]!), { hostname: 'github.com', user: 'git' }],
  ])('ssh -G %s shows what we wrote, before the user lines', (alias, expected) => {
    const user = 'Host *\n  User someone-else\n  Port 2200\n  IdentityFile ~/.ssh/other\n';
    const options = sshG(prependBlock(user, STEP, sshConfigLines(SPEC)).text, alias);
    for (const [key, value] of Object.entries(expected)) expect(options.get(key)).toEqual([value]);
    expect(options.get('identitiesonly')).toEqual(['yes']);
    expect(options.get('identityfile')?.[0]).toBe(SPEC.identityFile);
    if (!('proxyjump' in expected)) expect(options.get('proxyjump')).toBeUndefined();
  });

  it("keeps the user's global lines global after our block (Match all)", () => {
    const user = 'User global-user\nPort 2201\n';
    const options = sshG(prependBlock(user, STEP, sshConfigLines(SPEC)).text, 'elsewhere');
    expect(options.get('user')).toEqual(['global-user']);
    expect(options.get('port')).toEqual(['2201']);
    expect(options.get('identitiesonly')).toEqual(['no']);
  });

  it('a key file with a space and a % reaches ssh as one argument', () => {
    const identityFile = path.join(dir, 'my keys', '100%', 'id');
    const spec = { ...SPEC, identityFile, jumpHost: undefined };
    const options = sshG(prependBlock('', STEP, sshConfigLines(spec)).text, 'prod');
    // -G shows the value before ssh expands its % tokens (%% -> %) when it loads the file.
    expect(options.get('identityfile')).toEqual([identityFile.replace('%', '%%')]);
    expect(options.get('proxyjump')).toBeUndefined();
  });

  it.each([
    ['a newline in a value', { ...SPEC, hosts: [{ alias: 'a\nMatch all', hostName: 'h' }] }],
    ['a space in a host', { ...SPEC, hosts: [{ alias: 'a', hostName: 'h Include x' }] }],
    ['an option as user', { ...SPEC, hosts: [{ alias: 'a', hostName: 'h', user: '-oX' }] }],
    ['a bad port', { ...SPEC, hosts: [{ alias: 'a', hostName: 'h', port: 70000 }] }],
    ['a quote in the path', { ...SPEC, identityFile: '/t/"x' }],
    ['a newline in the path', { ...SPEC, identityFile: '/t/x\nHost *' }],
  ])('refuses %s', (_name, spec) => {
    expect(() => sshConfigLines(spec)).toThrow(/cannot be written into the ssh config/);
  });
});

describe('gitAlias / configPath', () => {
  it('is stable, unique per repository and a host name ssh accepts', () => {
    const app = gitAlias({ host: 'github.com', owner: 'acme', repo: 'app' });
    expect(app).toMatch(/^tcssh-[0-9a-f]{8}\.github\.com$/);
    expect(gitAlias({ host: 'github.com', owner: 'acme', repo: 'app' })).toBe(app);
    expect(gitAlias({ host: 'github.com', owner: 'acme', repo: 'app-tools' })).not.toBe(app);
    expect(gitAlias({ host: '[::1]', owner: 'o', repo: 'r' })).toMatch(
      /^tcssh-[0-9a-f]{8}\.---1-$/,
    );
  });

  it.each([
    ['/r/t/id.pub', '/r/t/id.pub'],
    ['/r/my dir/id', '"/r/my dir/id"'],
    ['/r/50%/id', '/r/50%%/id'],
  ])('%s -> %s', (file, written) => expect(configPath(file)).toBe(written));
});
