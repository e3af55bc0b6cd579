import { describe, expect, it } from 'vitest';
import {
  parseCommandLine,
  scanCommands,
  summarizeCommands,
  unescapeData,
  unescapeProperty,
} from '../../harness/workflow-commands.js';

describe('workflow command parsing', () => {
  it.each([
    ['::error::boom', 'error', {}, 'boom'],
    ['  ::warning::indented', 'warning', {}, 'indented'],
    ['::error file=a.ts,line=3::bad', 'error', { file: 'a.ts', line: '3' }, 'bad'],
    ['::notice title=a%3Ab%2Cc::x', 'notice', { title: 'a:b,c' }, 'x'],
    ['::debug::a%0Ab%0Dc%25d', 'debug', {}, 'a\nb\rc%d'],
    ['::add-mask::', 'add-mask', {}, ''],
    ['::group::Title', 'group', {}, 'Title'],
  ])('%j', (line, name, properties, message) => {
    expect(parseCommandLine(line)).toEqual({ name, properties, message, line: 0 });
  });

  it.each([['plain text'], [':: no name'], ['::unterminated'], ['x ::error::not at start'], ['']])(
    'ignores %j',
    (line) => {
      expect(parseCommandLine(line)).toBeUndefined();
    },
  );

  it('unescapes in one pass, so an escaped percent stays literal', () => {
    expect(unescapeData('%250A')).toBe('%0A');
    expect(unescapeProperty('%253A')).toBe('%3A');
  });

  it('honours stop-commands until the resume token', () => {
    const text = [
      '::add-mask::one',
      '::stop-commands::tok',
      '::add-mask::two',
      '::error::ignored',
      '::tok::',
      '::add-mask::three',
    ].join('\n');
    const masks = scanCommands(text).filter((c) => c.name === 'add-mask');
    expect(masks.map((c) => [c.message, c.line])).toEqual([
      ['one', 0],
      ['three', 5],
    ]);
  });

  it('sorts commands into a summary', () => {
    const text =
      '::error::e\n::warning::w\n::notice::n\n::debug::d\n::add-mask::m\n::group::g\n::endgroup::';
    const summary = summarizeCommands(scanCommands(text));
    expect(summary.errors).toEqual([{ message: 'e', properties: {} }]);
    expect(summary.warnings.map((a) => a.message)).toEqual(['w']);
    expect(summary.notices.map((a) => a.message)).toEqual(['n']);
    expect(summary.debugs).toEqual(['d']);
    expect(summary.masks).toEqual(['m']);
    expect(summary.groups).toEqual(['g']);
    expect(summary.other.map((c) => c.name)).toEqual(['endgroup']);
  });
});
