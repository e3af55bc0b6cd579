import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({
  setSecret: vi.fn(),
  getInput: vi.fn(() => ''),
  info: vi.fn(),
  debug: vi.fn(),
  warning: vi.fn(),
}));

import { readSettings, type InputSource } from '../../src/settings/read-settings.js';
import { cidrProblem, splitList } from '../../src/settings/certificate-inputs.js';
import { plainHttpWarnings } from '../../src/settings/endpoint.js';
import { InputError } from '../../src/settings/validate.js';
import { resetForTests } from '../../src/secrets.js';

type Values = Record<string, string>;

const CA_KEY = '23e80852-1e38-11e9-b129-5cb9019b4b01';
const BASE: Values = {
  mode: 'certificate',
  'ca-kms-key-id': CA_KEY,
  'certificate-principals': 'deploy',
  region: 'ap-guangzhou',
  'secret-id': 'AKIDexample0123456789',
  'secret-key': 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
  // What the runner passes for inputs left unset: action.yml's defaults.
  'kms-endpoint': 'kms.tencentcloudapi.com',
  'certificate-lifetime': '900',
  'project-id': '0',
};

function source(inputs: Values, platform?: NodeJS.Platform): InputSource {
  const merged = { ...BASE, ...inputs };
  return { input: (name) => merged[name] ?? '', env: () => '', platform };
}

function readError(inputs: Values): InputError {
  try {
    readSettings(source(inputs));
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected readSettings to reject the inputs');
}

beforeEach(() => resetForTests());

describe('mode certificate: good inputs', () => {
  it.each([
    ['one principal', { 'certificate-principals': 'deploy' }, ['deploy']],
    [
      'comma-separated',
      { 'certificate-principals': 'deploy, ops ,root' },
      ['deploy', 'ops', 'root'],
    ],
    [
      'one a line',
      { 'certificate-principals': 'deploy\n\nops\r\nroot\n' },
      ['deploy', 'ops', 'root'],
    ],
    ['dots, dashes, @', { 'certificate-principals': 'svc.deploy-1@corp' }, ['svc.deploy-1@corp']],
  ])('%s', (_label, inputs, principals) => {
    expect(readSettings(source(inputs)).certificate?.principals).toEqual(principals);
  });

  it('reads every field, with the defaults', () => {
    const settings = readSettings(source({ 'ssh-agent': 'true' }));
    expect(settings.certificate).toEqual({
      caKeyId: CA_KEY,
      kmsEndpoint: { protocol: 'https://', host: 'kms.tencentcloudapi.com' },
      principals: ['deploy'],
      lifetimeSeconds: 900,
      sourceAddresses: [],
    });
    expect(settings.mode).toBe('certificate');
  });

  it.each([
    ['the certificate lifetime by default', {}, 300],
    ['key-lifetime when given', { 'key-lifetime': '60' }, 60],
    ['none without the agent', { 'ssh-agent': 'false' }, undefined],
  ])('key-lifetime: %s', (_label, inputs, expected) => {
    const settings = readSettings(source({ 'certificate-lifetime': '300', ...inputs }));
    expect(settings.keyLifetimeSeconds).toBe(expected);
  });

  it('no default key-lifetime on Windows, whose agent refuses constraints', () => {
    expect(readSettings(source({}, 'win32')).keyLifetimeSeconds).toBeUndefined();
  });

  it.each([
    ['1', 1],
    ['86400', 86_400],
  ])('certificate-lifetime %s', (value, seconds) => {
    const settings = readSettings(source({ 'certificate-lifetime': value }));
    expect(settings.certificate?.lifetimeSeconds).toBe(seconds);
  });

  it.each([
    ['10.0.0.0/8', ['10.0.0.0/8']],
    ['203.0.113.7', ['203.0.113.7']],
    ['10.1.0.0/16,192.168.1.1/32', ['10.1.0.0/16', '192.168.1.1/32']],
    ['2001:db8::/32\n::1\n0.0.0.0/0', ['2001:db8::/32', '::1', '0.0.0.0/0']],
    ['::ffff:10.0.0.0/104', ['::ffff:10.0.0.0/104']],
  ])('certificate-source-address %j', (value, expected) => {
    const settings = readSettings(source({ 'certificate-source-address': value }));
    expect(settings.certificate?.sourceAddresses).toEqual(expected);
  });

  it('a kms-endpoint URL; plain http off-host only with the opt-in, then a warning', () => {
    const local = readSettings(source({ 'kms-endpoint': 'http://127.0.0.1:9000' }));
    expect(local.certificate?.kmsEndpoint).toEqual({ protocol: 'http://', host: '127.0.0.1:9000' });
    expect(plainHttpWarnings(local)).toEqual([]);
    const remote = readSettings(
      source({ 'kms-endpoint': 'http://kms.internal:80', 'allow-plain-http': 'true' }),
    );
    expect(plainHttpWarnings(remote).join('\n')).toContain("'kms-endpoint' is plain http");
  });

  it('other modes have no certificate settings', () => {
    const settings = readSettings(
      source({
        mode: 'get',
        'ca-kms-key-id': '',
        'certificate-principals': '',
        'secret-name': 'k',
      }),
    );
    expect(settings.certificate).toBeUndefined();
  });
});

const OTHER_MODE: Values = {
  mode: 'get',
  'secret-name': 'deploy-key',
  'ca-kms-key-id': '',
  'certificate-principals': '',
};

describe('mode certificate: refused before any API call, naming the input', () => {
  it.each<[string, Values, string, string?]>([
    ['secret-name', { 'secret-name': 'deploy-key' }, 'secret-name', 'deploy-key'],
    ['ssh-key-id', { 'ssh-key-id': 'skey-abcd1234' }, 'ssh-key-id', 'skey-abcd1234'],
    ['description', { description: 'x' }, 'description'],
    ['kms-key-id', { 'kms-key-id': 'k1' }, 'kms-key-id'],
    ['ssh-key-name', { 'ssh-key-name': 'deploy' }, 'ssh-key-name'],
    ['tags', { tags: 'a=b' }, 'tags'],
    ['project-id', { 'project-id': '7' }, 'project-id', '7'],
    ['no ca-kms-key-id', { 'ca-kms-key-id': '' }, 'ca-kms-key-id'],
    ['a bad ca-kms-key-id', { 'ca-kms-key-id': 'my key' }, 'ca-kms-key-id', 'my key'],
    ['no principals', { 'certificate-principals': '' }, 'certificate-principals'],
    ['blank principals', { 'certificate-principals': ' \n ' }, 'certificate-principals'],
    [
      'a principal with a space',
      { 'certificate-principals': 'deploy\nops team' },
      'certificate-principals',
      'ops team',
    ],
    [
      'a principal with a comma',
      { 'certificate-principals': 'deploy\nops,root' },
      'certificate-principals',
      'ops,root',
    ],
    [
      'a space between commas',
      { 'certificate-principals': 'deploy,ops team' },
      'certificate-principals',
      'ops team',
    ],
    [
      'an empty comma entry',
      { 'certificate-principals': 'deploy,,ops' },
      'certificate-principals',
      'entry 2',
    ],
    ['a tab', { 'certificate-principals': 'de\tploy' }, 'certificate-principals'],
    ['a control char', { 'certificate-principals': 'de\u0007ploy' }, 'certificate-principals'],
    [
      'a repeated principal',
      { 'certificate-principals': 'deploy,deploy' },
      'certificate-principals',
    ],
    ['a long principal', { 'certificate-principals': 'p'.repeat(257) }, 'certificate-principals'],
    ['lifetime 0', { 'certificate-lifetime': '0' }, 'certificate-lifetime', "'0'"],
    ['lifetime over 24 h', { 'certificate-lifetime': '86401' }, 'certificate-lifetime', '86401'],
    ['lifetime not a number', { 'certificate-lifetime': '15m' }, 'certificate-lifetime', '15m'],
    ['a bad kms-endpoint', { 'kms-endpoint': 'ftp://kms.example.com' }, 'kms-endpoint'],
    ['plain http off-host', { 'kms-endpoint': 'http://kms.example.com' }, 'kms-endpoint'],
    [
      'a hostname as source',
      { 'certificate-source-address': 'example.com' },
      'certificate-source-address',
      'example.com',
    ],
    [
      'host bits set',
      { 'certificate-source-address': '10.0.0.1/8' },
      'certificate-source-address',
      'host bits zero',
    ],
    [
      'prefix over 32',
      { 'certificate-source-address': '10.0.0.0/33' },
      'certificate-source-address',
    ],
    [
      'prefix over 128',
      { 'certificate-source-address': '2001:db8::/129' },
      'certificate-source-address',
    ],
    ['two slashes', { 'certificate-source-address': '10.0.0.0/8/8' }, 'certificate-source-address'],
    [
      'a space inside',
      { 'certificate-source-address': '10.0.0.0/8 10.1.0.0/16' },
      'certificate-source-address',
    ],
    [
      'a ca-kms-key-id in mode get',
      { ...OTHER_MODE, 'ca-kms-key-id': CA_KEY },
      'ca-kms-key-id',
      "mode 'certificate'",
    ],
    [
      'principals in mode get',
      { ...OTHER_MODE, 'certificate-principals': 'deploy' },
      'certificate-principals',
    ],
    [
      'a lifetime in mode create',
      { ...OTHER_MODE, mode: 'create', 'certificate-lifetime': '60' },
      'certificate-lifetime',
    ],
    [
      'a kms-endpoint in mode get',
      { ...OTHER_MODE, 'kms-endpoint': 'kms.internal' },
      'kms-endpoint',
    ],
    [
      'a source address in mode get',
      { ...OTHER_MODE, 'certificate-source-address': '10.0.0.0/8' },
      'certificate-source-address',
    ],
  ])('%s', (_label, inputs, names, shows) => {
    const error = readError(inputs);
    expect(error.input).toBe(names);
    expect(error.message).toContain(`'${names}'`);
    if (shows) expect(error.message).toContain(shows);
  });
});

describe('splitList and cidrProblem', () => {
  it.each([
    ['a,b', ['a', 'b']],
    [' a ', ['a']],
    ['a\n\nb\n', ['a', 'b']],
  ])('splitList(%j)', (value, expected) => {
    expect(splitList('x', value, 'names')).toEqual(expected);
  });

  it.each([
    ['10.0.0.0/8', undefined],
    ['10.128.0.0/9', undefined],
    ['10.192.0.0/9', 'host bits'],
    ['fe80::/10', undefined],
    ['fe80::1/64', 'host bits'],
    ['1.2.3.4/32', undefined],
    ['1.2.3.4/', 'prefix length'],
    ['1.2.3', 'CIDR'],
    ['::/0', undefined],
  ])('cidrProblem(%j)', (value, problem) => {
    const result = cidrProblem(value);
    if (problem === undefined) expect(result).toBeUndefined();
    else expect(result).toContain(problem);
  });
});
