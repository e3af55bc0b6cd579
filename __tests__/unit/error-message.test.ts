import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/errors.js';
import { sentence } from '../../src/printable.js';

describe('errorMessage', () => {
  it.each<[string, unknown, string]>([
    ['an Error', new Error('disk full'), 'disk full'],
    ['an Error subclass', new TypeError('not a function'), 'not a function'],
    ['an empty Error', new Error(''), ''],
    ['a thrown string', 'plain', 'plain'],
    ['a thrown number', 42, '42'],
    ['undefined', undefined, 'undefined'],
    ['an object', { code: 'E' }, '[object Object]'],
  ])('%s', (_label, error, expected) => {
    expect(errorMessage(error)).toBe(expected);
  });
});

describe('sentence', () => {
  it.each([
    ['no stop', 'no stop.'],
    ['a stop.', 'a stop.'],
    ['a question?', 'a question?'],
    ['a cry!', 'a cry!'],
    ['', '.'],
  ])('%j -> %j', (text, expected) => {
    expect(sentence(text)).toBe(expected);
  });
});
