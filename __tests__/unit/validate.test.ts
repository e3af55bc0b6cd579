import { describe, expect, it } from 'vitest';
import {
  InputError,
  checkMaxBytes,
  checkSecretValue,
  parseBoolean,
  parseInteger,
  parseMode,
  parseSecretName,
  parseTags,
} from '../../src/settings/validate.js';

/** Runs `fn`, expecting an InputError; returns it for further checks. */
function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
  ])('accepts %j as %s', (value, expected) => {
    expect(parseBoolean('ssh-agent', value)).toBe(expected);
  });

  it.each(['yes', 'no', '1', '0', 'tRUE', 'fALSE', 'on', '', ' true'])('rejects %j', (value) => {
    const error = inputError(() => parseBoolean('ssh-agent', value));
    expect(error.input).toBe('ssh-agent');
    expect(error.message).toContain("'ssh-agent'");
    expect(error.message).toContain(`'${value}'`);
    expect(error.message).toContain('true | True | TRUE | false | False | FALSE');
  });
});

describe('parseInteger', () => {
  const range = { min: 1, max: 20 };

  it.each([
    ['1', 1],
    ['20', 20],
    ['007', 7],
  ])('accepts %j as %d', (value, expected) => {
    expect(parseInteger('max-attempts', value, range)).toBe(expected);
  });

  it.each(['0', '21', '-1', '1.5', '1e1', '0x10', 'five', '', ' 3', '+3', 'Infinity', 'NaN'])(
    'rejects %j',
    (value) => {
      const error = inputError(() => parseInteger('max-attempts', value, range));
      expect(error.input).toBe('max-attempts');
      expect(error.message).toContain(`'${value}'`);
      expect(error.message).toContain('a whole number from 1 to 20');
    },
  );

  it('rejects numbers beyond the safe integer range instead of rounding them', () => {
    const error = inputError(() =>
      parseInteger('project-id', '99999999999999999999', { min: 0, max: 2_147_483_647 }),
    );
    expect(error.message).toContain('99999999999999999999');
  });
});

describe('parseMode', () => {
  it.each(['get', 'create', 'get-or-create'])('accepts %s', (mode) => {
    expect(parseMode(mode)).toBe(mode);
  });

  it.each(['GET', 'fetch', 'get_or_create', 'getorcreate', ''])('rejects %j', (value) => {
    const error = inputError(() => parseMode(value));
    expect(error.input).toBe('mode');
    expect(error.message).toContain(`'${value}'`);
    expect(error.message).toContain('get, create, get-or-create');
  });
});

describe('parseSecretName', () => {
  it.each(['a', 'deploy-key', 'Deploy_Key_2', '9lives', 'x'.repeat(128)])('accepts %s', (name) => {
    expect(parseSecretName(name)).toBe(name);
  });

  it.each([
    ['too long', 'x'.repeat(129)],
    ['leading dash', '-key'],
    ['leading underscore', '_key'],
    ['dot', 'deploy.key'],
    ['space', 'deploy key'],
    ['slash', 'team/key'],
    ['non-ASCII', 'clé'],
    ['empty', ''],
  ])('rejects %s', (_label, value) => {
    const error = inputError(() => parseSecretName(value));
    expect(error.input).toBe('secret-name');
    expect(error.message).toContain(`'${value}'`);
  });
});

describe('checkSecretValue', () => {
  const secret = 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';

  it('returns a good value unchanged', () => {
    expect(checkSecretValue('secret-key', secret)).toBe(secret);
  });

  it.each([
    ['inner space', `${secret} x`],
    ['newline', `${secret}\nmore`],
    ['tab', `${secret}\t`],
    ['too long', secret.repeat(129)],
  ])('rejects %s without echoing the value', (_label, value) => {
    const error = inputError(() => checkSecretValue('secret-key', value));
    expect(error.input).toBe('secret-key');
    expect(error.message).toContain("'secret-key'");
    expect(error.message).not.toContain(secret);
    expect(error.message).toContain('(value hidden)');
  });
});

describe('checkMaxBytes', () => {
  it('counts bytes, not characters', () => {
    expect(checkMaxBytes('description', 'é'.repeat(1024), 2048)).toHaveLength(1024);
    const error = inputError(() => checkMaxBytes('description', '中'.repeat(683), 2048));
    expect(error.input).toBe('description');
    expect(error.message).toContain('2049');
    expect(error.message).toContain('中'.repeat(40));
  });
});

describe('parseTags', () => {
  it('parses one key=value a line, trims, skips blank lines and keeps = in values', () => {
    expect(parseTags(' team = infra \r\n\n  env=prod\nformula=a=b\nempty=')).toEqual([
      { TagKey: 'team', TagValue: 'infra' },
      { TagKey: 'env', TagValue: 'prod' },
      { TagKey: 'formula', TagValue: 'a=b' },
      { TagKey: 'empty', TagValue: '' },
    ]);
    expect(parseTags('')).toEqual([]);
  });

  it.each([
    ['no =', 'team', 'team'],
    ['an empty key', '=infra', '=infra'],
    ['a blank key', '  = infra', '= infra'],
    ['a duplicate key', 'team=a\nteam=b', 'team=b'],
    ['the qcloud prefix', 'qcloud:owner=me', 'qcloud:owner=me'],
    ['the tencent prefix', 'tencent-x=1', 'tencent-x=1'],
    ['the project prefix', 'project=1', 'project=1'],
    ['a reserved prefix in upper case', 'QCloud=1', 'QCloud=1'],
    ['a key of 128 characters', `${'k'.repeat(128)}=v`, 'k'.repeat(40)],
    ['a value of 256 characters', `k=${'v'.repeat(256)}`, 'v'.repeat(40)],
  ])('rejects %s', (_label, value, shown) => {
    const error = inputError(() => parseTags(value));
    expect(error.input).toBe('tags');
    expect(error.message).toContain(shown);
  });

  it('names the offending line number', () => {
    expect(inputError(() => parseTags('a=1\n\nbroken')).message).toContain('tags line 3');
  });
});
