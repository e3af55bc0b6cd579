import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTempPathFor, tempPathFor, writeFileAtomically } from '../../src/delivery/atomic-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'atomic-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('temp names', () => {
  it.each([
    ['/a/.known_hosts.0123456789abcdef.tmp', '/a/known_hosts', true],
    ['/a/.known_hosts.0123456789ABCDEF.tmp', '/a/known_hosts', false],
    ['/b/.known_hosts.0123456789abcdef.tmp', '/a/known_hosts', false],
    ['/a/.config.0123456789abcdef.tmp', '/a/known_hosts', false],
    ['/a/known_hosts', '/a/known_hosts', false],
    ['/a/.known_hosts.0123.tmp', '/a/known_hosts', false],
  ])('%s for %s: %s', (temp, file, expected) => {
    expect(isTempPathFor(temp, file)).toBe(expected);
  });

  it('tempPathFor makes names isTempPathFor recognises, fresh each time', () => {
    const [a, b] = [tempPathFor('/x/id'), tempPathFor('/x/id')];
    expect(isTempPathFor(a, '/x/id')).toBe(true);
    expect(a).not.toBe(b);
  });
});

describe('writeFileAtomically', () => {
  it('replaces the content, keeps the mode and leaves no temp file', async () => {
    const file = path.join(dir, 'known_hosts');
    writeFileSync(file, 'old\n', { mode: 0o644 });
    await writeFileAtomically(file, 'new\n', { mode: 0o644 });
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir)).toEqual(['known_hosts']);
  });

  it('createOnly never replaces an existing file and removes its temp', async () => {
    const file = path.join(dir, 'id');
    writeFileSync(file, 'theirs');
    const attempt = writeFileAtomically(file, 'ours', { mode: 0o600, createOnly: true });
    await expect(attempt).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(file, 'utf8')).toBe('theirs');
    expect(readdirSync(dir)).toEqual(['id']);
  });

  it('a failure before the rename leaves the old content whole', async () => {
    const file = path.join(dir, 'known_hosts');
    writeFileSync(file, 'old\n');
    const temp = tempPathFor(file);
    writeFileSync(temp, 'a temp already there');
    const attempt = writeFileAtomically(file, 'new\n', { mode: 0o600, temp });
    await expect(attempt).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(readFileSync(temp, 'utf8')).toBe('a temp already there');
  });
});
