import * as core from '@actions/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseEnvFile, parseKeyValueFile, parsePathFile } from '../../harness/file-commands.js';

describe('file command parsing', () => {
  it.each([
    ['legacy name=value', 'a=1\nb=x=y\n', { a: '1', b: 'x=y' }],
    ['heredoc', 'k<<EOF\nline1\nline2\nEOF\n', { k: 'line1\nline2' }],
    ['empty heredoc', 'k<<EOF\nEOF\n', { k: '' }],
    ['CRLF heredoc', 'k<<EOF\r\nv\r\nEOF\r\n', { k: 'v' }],
    ['blank lines between entries', '\na=1\n\nb<<D\n2\nD\n\n', { a: '1', b: '2' }],
    ['later entry wins', 'a=1\na=2\n', { a: '2' }],
    ['= before << is legacy', 'a=b<<c\n', { a: 'b<<c' }],
    ['empty file', '', {}],
    ['last delimiter without newline', 'k<<EOF\nv\nEOF', { k: 'v' }],
  ])('%s', (_name, text, expected) => {
    expect(parseKeyValueFile(text)).toEqual(expected);
  });

  it('reads what @actions/core writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'file-cmd-'));
    const file = join(dir, 'output');
    writeFileSync(file, '');
    vi.stubEnv('GITHUB_OUTPUT', file);
    try {
      const value = '-----BEGIN X-----\nabc\n-----END X-----\n';
      core.setOutput('private-key', value);
      core.setOutput('n', 1);
      expect(parseKeyValueFile(readFileSync(file, 'utf8'))).toEqual({
        'private-key': value,
        n: '1',
      });
    } finally {
      vi.unstubAllEnvs();
      rmSync(dir, { recursive: true });
    }
  });

  it.each([
    ['missing delimiter', 'k<<EOF\nvalue\n', /Matching delimiter not found/],
    ['value ending the file', 'k<<EOF\nvalue', /EOF marker missing new line/],
    ['no separator', 'garbage\n', /line 1/],
    ['empty name', '=v\n', /name must not be empty/],
  ])('rejects %s', (_name, text, error) => {
    expect(() => parseKeyValueFile(text)).toThrow(error);
  });

  it('never quotes the offending line (it may be a secret)', () => {
    expect(() => parseKeyValueFile('ok=1\nSECRETVALUE\n')).toThrow(
      /^Invalid file command on line 2/,
    );
    expect(() => parseKeyValueFile('ok=1\nSECRETVALUE\n')).not.toThrow(/SECRETVALUE/);
  });

  it('refuses NODE_OPTIONS in GITHUB_ENV as the runner does', () => {
    expect(() => parseEnvFile('node_options=--inspect\n')).toThrow(/NODE_OPTIONS|node_options/);
    expect(parseEnvFile('SSH_AUTH_SOCK=/tmp/s\n')).toEqual({ SSH_AUTH_SOCK: '/tmp/s' });
  });

  it('puts the last GITHUB_PATH entry first', () => {
    expect(parsePathFile('/a\n\n/b\n')).toEqual(['/b', '/a']);
  });
});
