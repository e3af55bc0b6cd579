import * as path from 'node:path';
import * as core from '@actions/core';
import { State } from '../constants.js';
import { STEP_ID } from './config-block.js';
import type { JournalEntry } from './journal-types.js';

export type { JournalEntry } from './journal-types.js';

export type SaveState = (name: string, value: string) => void;
export type GetState = (name: string) => string;

export interface LoadedJournal {
  journal: Journal;
  /** Why (part of) the saved state was unusable; empty when it was fine or absent. */
  warnings: string[];
}

/**
 * What the main step is about to change, in order. Every record() and update() saves the whole
 * list at once (the runner keeps the last value), so a step killed at any instant still leaves
 * the post step a complete account. Entries hold no secrets.
 */
export class Journal {
  private readonly list: JournalEntry[];

  constructor(
    private readonly saveState: SaveState = (name, value) => core.saveState(name, value),
    entries: readonly JournalEntry[] = [],
  ) {
    this.list = [...entries];
  }

  get entries(): readonly JournalEntry[] {
    return this.list;
  }

  record(entry: JournalEntry) {
    this.list.push(entry);
    this.saveState(State.Journal, JSON.stringify(this.list));
  }

  /** Adds what became known after the change started (a PID) to an entry already recorded. */
  update<E extends JournalEntry>(entry: E, patch: Partial<E>) {
    const index = this.list.indexOf(entry);
    if (index === -1) throw new Error('update of an entry that was never recorded');
    const updated = { ...entry, ...patch };
    this.list[index] = updated;
    this.saveState(State.Journal, JSON.stringify(this.list));
    return updated;
  }

  /** Reads the journal the main step saved; unusable state yields no entries and a warning. */
  static load(getState: GetState = (name) => core.getState(name)): LoadedJournal {
    const raw = getState(State.Journal);
    const noSave: SaveState = () => undefined;
    if (raw.trim() === '') return { journal: new Journal(noSave), warnings: [] };
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { journal: new Journal(noSave), warnings: ['the saved journal is not valid JSON'] };
    }
    if (!Array.isArray(parsed)) {
      return { journal: new Journal(noSave), warnings: ['the saved journal is not a list'] };
    }
    const valid = parsed.filter(isJournalEntry);
    const skipped = parsed.length - valid.length;
    const warnings = skipped > 0 ? [`skipped ${skipped} unrecognised journal entries`] : [];
    return { journal: new Journal(noSave, valid), warnings };
  }
}

type Fields = Record<string, unknown>;

const isString = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isStringList = (value: unknown) => Array.isArray(value) && value.every(isString);
const isAbsolute = (value: unknown) => isString(value) && path.isAbsolute(value);
const isAbsoluteList = (value: unknown) => Array.isArray(value) && value.every(isAbsolute);

const isPid = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 1;
const optional = (check: (value: unknown) => boolean) => (value: unknown) =>
  value === undefined || check(value);
const isHex64 = (value: unknown) => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);

const validators: Record<JournalEntry['kind'], (entry: Fields) => boolean> = {
  'agent-started': (e) => optional(isPid)(e.pid) && isAbsolute(e.socket) && isAbsolute(e.socketDir),
  'key-added': (e) => isString(e.socket) && isString(e.publicKey) && optional(isPid)(e.adderPid),
  'file-written': (e) =>
    isAbsolute(e.path) &&
    isAbsoluteList(e.createdDirs) &&
    optional(isHex64)(e.sha256) &&
    optional(isAbsolute)(e.temp),
  'known-hosts-added': (e) =>
    isAbsolute(e.path) &&
    isStringList(e.lines) &&
    typeof e.createdFile === 'boolean' &&
    isAbsoluteList(e.createdDirs) &&
    optional(isAbsolute)(e.temp),
  'config-block-added': (e) =>
    (e.which === 'ssh' || e.which === 'git') &&
    isAbsolute(e.path) &&
    typeof e.stepId === 'string' &&
    STEP_ID.test(e.stepId) &&
    typeof e.createdFile === 'boolean' &&
    isAbsoluteList(e.createdDirs) &&
    optional(isAbsolute)(e.temp) &&
    (e.separator === undefined || e.separator === '\n' || e.separator === '\r\n'),
  'temp-dir-created': (e) => isAbsolute(e.dir),
};

/** The post step deletes files and signals PIDs from these, so every field is checked. */
export function isJournalEntry(value: unknown): value is JournalEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Fields;
  if (typeof entry.kind !== 'string' || !Object.hasOwn(validators, entry.kind)) return false;
  return validators[entry.kind as JournalEntry['kind']](entry);
}
