import { describe, expect, it } from 'vitest';
import {
  fieldProblem,
  firstProblem,
  freeText,
  requestIdOf,
  unixTimeProblem,
  type ShapedField,
} from '../../src/tencent-api/answer-fields.js';

const HOSTILE = ['x\n::warning::planted', 'x\r\n::stop-commands::tok', '\n::save-state name=a::b'];

describe('fieldProblem', () => {
  it.each<[ShapedField, unknown]>([
    ['RequestId', '6ac8a5d5-fb3a-4f2a-9b8b-6d1e2c3a4b5c'],
    ['RequestId', 'rid-7'],
    ['SSHKeyID', 'skey-abcd1234'],
    ['SecretName', 'deploy_key-1'],
    ['Expiration', '2026-12-03T07:00:00Z'],
    ['Expiration', '2026-12-03T07:00:00.123+08:00'],
    ['RequestId', undefined],
    ['SecretName', ''],
    ['Expiration', null],
  ])('%s %j has its shape (or is absent)', (field, value) => {
    expect(fieldProblem(field, value)).toBeUndefined();
  });

  it.each<[ShapedField, unknown, string]>([
    ['RequestId', 'rid 7', 'RequestId is not a request ID (letters, digits and dashes)'],
    ['RequestId', 'r'.repeat(65), 'RequestId is not a request ID (letters, digits and dashes)'],
    ['RequestId', 42, 'RequestId is not a request ID (letters, digits and dashes)'],
    ['SSHKeyID', 'skey-abc', 'SSHKeyID is not an SSH key ID (skey- and 8 letters or digits)'],
    ['SSHKeyID', { id: 1 }, 'SSHKeyID is not an SSH key ID (skey- and 8 letters or digits)'],
    ['SecretName', '-leading', 'SecretName is not a secret name (A-Z a-z 0-9 _ -, at most 128)'],
    ['Expiration', '2026-12-03', 'Expiration is not an ISO 8601 time'],
    ['Expiration', '2026-13-45T99:99:99Z', 'Expiration is not an ISO 8601 time'],
    ...HOSTILE.flatMap((text) =>
      (['RequestId', 'SSHKeyID', 'SecretName', 'Expiration'] as const).map(
        (field): [ShapedField, unknown, string] => [
          field,
          `skey-abcd1234${text}`,
          `${field} is not`,
        ],
      ),
    ),
  ])('%s %j: %s', (field, value, problem) => {
    expect(fieldProblem(field, value)).toContain(problem);
  });

  it('names a required field that is missing, and never quotes a value', () => {
    expect(fieldProblem('SSHKeyID', '', true)).toBe('SSHKeyID is missing');
    for (const text of HOSTILE) expect(fieldProblem('RequestId', text)).not.toContain('::');
  });
});

describe('requestIdOf', () => {
  it.each([
    ['rid-7', 'rid-7'],
    [HOSTILE[0], undefined],
    [7, undefined],
    ['', undefined],
  ])('%j -> %j', (value, expected) => {
    expect(requestIdOf(value)).toBe(expected);
  });
});

describe('unixTimeProblem', () => {
  it.each([[1_800_000_000], [undefined], [null]])('%j is fine', (value) => {
    expect(unixTimeProblem('ExpiredTime', value)).toBeUndefined();
  });

  it.each([['1800000000'], [1.5], [-1], [0], [1e20], [HOSTILE[0]]])('%j is not', (value) => {
    expect(unixTimeProblem('ExpiredTime', value)).toBe('ExpiredTime is not a time in unix seconds');
  });
});

describe('freeText', () => {
  it.each([
    ['deploy', 'deploy'],
    ['x\n::warning::planted', 'x ::warning::planted'],
    ['a\u001bb', 'a\\u001bb'],
    [7, ''],
  ])('%j -> %j', (value, expected) => {
    expect(freeText(value)).toBe(expected);
  });

  it('caps long text', () => {
    expect(freeText('n'.repeat(500))).toBe(`${'n'.repeat(128)}...`);
  });
});

it('firstProblem takes the first one in order', () => {
  expect(firstProblem(undefined, 'b', 'c')).toBe('b');
  expect(firstProblem(undefined)).toBeUndefined();
});
