import { describe, expect, it } from 'vitest';
import { oneLine } from '../../src/printable.js';

describe('oneLine', () => {
  it.each([
    ['plain text stays', 'skey-abc12345', 'skey-abc12345'],
    ['LF becomes a space', 'a\n::warning::x', 'a ::warning::x'],
    ['CRLF becomes one space', 'a\r\n::stop-commands::t', 'a ::stop-commands::t'],
    ['a lone CR becomes a space', 'a\r::error::x', 'a ::error::x'],
    ['NEL, LS and PS become spaces', 'a\u0085b\u2028c\u2029d', 'a b c d'],
    ['a tab becomes a space', 'a\tb', 'a b'],
    ['ESC is shown, not sent', 'a\u001b[31mb', 'a\\u001b[31mb'],
    ['NUL and DEL are shown', 'a\u0000b\u007f', 'a\\u0000b\\u007f'],
    ['C1 controls are shown', 'a\u009bb', 'a\\u009bb'],
  ])('%s', (_label, input, expected) => {
    expect(oneLine(input)).toBe(expected);
  });

  it('cuts long text with an ellipsis', () => {
    expect(oneLine('x'.repeat(10), 4)).toBe('xxxx...');
  });

  it('never leaves a line break, whatever the input', () => {
    const all = Array.from({ length: 0x2030 }, (_, code) => String.fromCharCode(code)).join('');
    expect(oneLine(all, Infinity)).not.toMatch(/[\n\r\u0085\u2028\u2029]/);
  });
});
