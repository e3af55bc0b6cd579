import { describe, expect, it } from 'vitest';
import {
  appendBlock,
  beginMarker,
  endMarker,
  lineBreakOf,
  prependBlock,
  removeBlock,
} from '../../src/delivery/config-block.js';

const A = 'aaaaaaaaaaaa';
const B = 'bbbbbbbbbbbb';
const LINES = ['Host x', '  HostName x.example'];

const FILES: [string, string][] = [
  ['an empty file', ''],
  ['one line with a newline', 'Host a\n'],
  ['no trailing newline', 'Host a\n  User me'],
  ['CRLF lines', 'Host a\r\n  User me\r\n'],
  ['CRLF without a trailing line break', 'Host a\r\n  User me'],
  ['only blank lines', '\n\n'],
  ['a comment and a global line', '# mine\nUser global\n'],
];

describe('prependBlock / appendBlock then removeBlock', () => {
  it.each(FILES)('%s comes back byte for byte (prepend)', (_name, text) => {
    const inserted = prependBlock(text, A, LINES);
    expect(inserted.text.startsWith(`${beginMarker(A)}${lineBreakOf(text)}`)).toBe(true);
    expect(inserted.text.endsWith(text)).toBe(true);
    expect(removeBlock(inserted.text, A, inserted.separator)).toEqual({ text });
  });

  it.each(FILES)('%s comes back byte for byte (append)', (_name, text) => {
    const inserted = appendBlock(text, A, LINES);
    expect(inserted.text.startsWith(text)).toBe(true);
    expect(inserted.text.endsWith(`${endMarker(A)}${lineBreakOf(text)}`)).toBe(true);
    expect(removeBlock(inserted.text, A, inserted.separator)).toEqual({ text });
  });

  it.each(FILES)('%s: two blocks of two calls, removed in reverse order (append)', (_n, text) => {
    const first = appendBlock(text, A, LINES);
    const second = appendBlock(first.text, B, LINES);
    const afterB = removeBlock(second.text, B, second.separator);
    expect(afterB).toEqual({ text: first.text });
    expect(removeBlock(first.text, A, first.separator)).toEqual({ text });
  });

  it.each(FILES)('%s: two blocks of two calls, removed in reverse order (prepend)', (_n, text) => {
    const first = prependBlock(text, A, LINES);
    const second = prependBlock(first.text, B, LINES);
    expect(removeBlock(second.text, B)).toEqual({ text: first.text });
    expect(removeBlock(first.text, A)).toEqual({ text });
  });

  it('removed in call order, the other block stays whole on lines of its own', () => {
    const first = appendBlock('last', A, LINES);
    const second = appendBlock(first.text, B, LINES);
    const afterA = removeBlock(second.text, A, first.separator) as { text: string };
    expect(afterA.text).toBe(`last\n${beginMarker(B)}\n${LINES.join('\n')}\n${endMarker(B)}\n`);
    expect(removeBlock(afterA.text, B, second.separator)).toEqual({ text: 'last\n' });
  });

  it('keeps what the user added after our block', () => {
    const inserted = appendBlock('a\n', A, LINES);
    const edited = `${inserted.text}[safe]\n\tdirectory = /w\n`;
    expect(removeBlock(edited, A)).toEqual({ text: 'a\n[safe]\n\tdirectory = /w\n' });
  });

  it('writes CRLF lines into a CRLF file', () => {
    expect(prependBlock('x\r\n', A, ['Host y']).text).toBe(
      `${beginMarker(A)}\r\nHost y\r\n${endMarker(A)}\r\nx\r\n`,
    );
    expect(appendBlock('x', A, ['[u]'])).toEqual({
      text: 'x\n' + `${beginMarker(A)}\n[u]\n${endMarker(A)}\n`,
      separator: '\n',
    });
  });
});

describe('removeBlock refuses to guess', () => {
  const block = prependBlock('mine\n', A, LINES).text;
  it.each([
    ['markers edited away', 'Host x\n  HostName x.example\nmine\n', /marker lines are gone/],
    ['the end marker gone', block.replace(`${endMarker(A)}\n`, ''), /exactly once/],
    ['a marker twice', `${block}${beginMarker(A)}\n`, /exactly once/],
    [
      'markers swapped',
      `${endMarker(A)}\nx\n${beginMarker(A)}\n`,
      /end marker comes before its begin marker/,
    ],
    ['another step only', prependBlock('mine\n', B, LINES).text, /marker lines are gone/],
  ])('%s: a problem, no text', (_name, text, problem) => {
    const result = removeBlock(text, A);
    expect('problem' in result && result.problem).toMatch(problem);
  });
});
