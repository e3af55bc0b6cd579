import { beforeEach, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => new Map<string, string>());
vi.mock('@actions/core', () => ({
  saveState: vi.fn((name: string, value: string) => state.set(name, value)),
  getState: vi.fn((name: string) => state.get(name) ?? ''),
}));

import { Journal, isJournalEntry } from '../../src/delivery/journal.js';
import type { JournalEntry } from '../../src/delivery/journal-types.js';
import { State } from '../../src/constants.js';

const AGENT: JournalEntry = {
  kind: 'agent-started',
  pid: 4242,
  socket: '/tmp/r/ssh-agent-x/agent.sock',
  socketDir: '/tmp/r/ssh-agent-x',
};
const KEY: JournalEntry = { kind: 'key-added', socket: '/tmp/s.sock', publicKey: 'ssh-rsa AAAA c' };
const FILE: JournalEntry = { kind: 'file-written', path: '/w/id_rsa', createdDirs: ['/w'] };
const HOSTS: JournalEntry = {
  kind: 'known-hosts-added',
  path: '/h/.ssh/known_hosts',
  lines: ['h ssh-ed25519 AAAA'],
  createdFile: true,
  createdDirs: [],
};

beforeEach(() => state.clear());

describe('Journal.record', () => {
  it('saves the whole list after every entry, so a half-finished main step leaves a full record', () => {
    const saved: string[] = [];
    const journal = new Journal((name, value) => {
      expect(name).toBe(State.Journal);
      saved.push(value);
    });
    journal.record(AGENT);
    journal.record(FILE);
    expect(saved.map((value) => JSON.parse(value) as unknown)).toEqual([[AGENT], [AGENT, FILE]]);
    expect(journal.entries).toEqual([AGENT, FILE]);
  });

  it('uses core.saveState by default, and Journal.load reads it back with core.getState', () => {
    const journal = new Journal();
    for (const entry of [AGENT, KEY, FILE, HOSTS]) journal.record(entry);
    const loaded = Journal.load();
    expect(loaded.warnings).toEqual([]);
    expect(loaded.journal.entries).toEqual([AGENT, KEY, FILE, HOSTS]);
  });
});

describe('Journal.load', () => {
  it.each([
    ['empty state', '', 0, []],
    ['whitespace', '  ', 0, []],
    ['invalid JSON', '{nope', 0, [/not valid JSON/]],
    ['not a list', '{"kind":"agent-started"}', 0, [/not a list/]],
    [
      'a mix of good and bad entries',
      JSON.stringify([AGENT, { kind: 'rm-rf', path: '/' }]),
      1,
      [/skipped 1/],
    ],
  ])('tolerates %s', (_, raw, count, warnings) => {
    const loaded = Journal.load(() => raw);
    expect(loaded.journal.entries).toHaveLength(count);
    expect(loaded.warnings).toHaveLength(warnings.length);
    warnings.forEach((pattern, i) => expect(loaded.warnings[i]).toMatch(pattern));
  });

  it('a loaded journal does not write state back', () => {
    const { journal } = Journal.load(() => JSON.stringify([AGENT]));
    journal.record(KEY);
    expect(journal.entries).toEqual([AGENT, KEY]);
    expect(state.size).toBe(0);
  });
});

describe('isJournalEntry', () => {
  it.each([AGENT, KEY, FILE, HOSTS])('accepts a well-formed $kind entry', (entry) => {
    expect(isJournalEntry(entry)).toBe(true);
  });

  it.each([
    ['an agent not yet given a PID', { ...AGENT, pid: undefined }],
    ['an ssh-add that may still run', { ...KEY, adderPid: 99 }],
    ['a key file with its hash and temp', { ...FILE, sha256: 'f'.repeat(64), temp: '/w/.id.tmp' }],
    ['known_hosts with its temp', { ...HOSTS, temp: '/h/.ssh/.known_hosts.0123456789abcdef.tmp' }],
  ])('accepts %s (written ahead of the change)', (_, value) => {
    expect(isJournalEntry(value)).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', 'agent-started'],
    ['an unknown kind', { kind: 'toString' }],
    ['a prototype key as kind', { kind: '__proto__' }],
    ['PID 1', { ...AGENT, pid: 1 }],
    ['a fractional PID', { ...AGENT, pid: 12.5 }],
    ['a PID as text', { ...AGENT, pid: '4242' }],
    ['a relative socket dir', { ...AGENT, socketDir: 'tmp/x' }],
    ['a key without its public key', { kind: 'key-added', socket: '/s' }],
    ['a relative file path', { ...FILE, path: 'id_rsa' }],
    ['created dirs that are not a list', { ...FILE, createdDirs: '/w' }],
    ['known_hosts lines that are not strings', { ...HOSTS, lines: [1] }],
    ['createdFile that is not a boolean', { ...HOSTS, createdFile: 'yes' }],
    ['a hash that is not sha256 hex', { ...FILE, sha256: 'abc' }],
    ['a relative temp', { ...FILE, temp: '.id.tmp' }],
    ['an ssh-add PID 1', { ...KEY, adderPid: 1 }],
    ['a relative socket', { ...AGENT, socket: 'agent.sock' }],
  ])('rejects %s', (_, value) => {
    expect(isJournalEntry(value)).toBe(false);
  });
});
