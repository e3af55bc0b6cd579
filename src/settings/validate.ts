import { Modes, type Mode } from '../constants.js';
import { ActionError } from '../errors.js';
import { parseKnownHosts } from '../ssh-key/known-hosts.js';
import type { Tag } from './settings.js';

/**
 * A bad input: the message names the input, the value (unless secret) and the expected form.
 * An ActionError, so the top-level handler shows it as written: a long value is the user's own
 * text to recognise, not a run of key material to redact.
 */
export class InputError extends ActionError {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** Longer values are shown in part: enough to recognise, not a wall of text in the log. */
const SHOWN_MAX = 200;

export function fail(input: string, value: string, expected: string, secret = false): never {
  const part = value.length > SHOWN_MAX ? `${value.slice(0, SHOWN_MAX)}...` : value;
  const shown = secret ? '(value hidden)' : `'${part}'`;
  throw new InputError(input, `Input '${input}' is invalid: got ${shown}; expected ${expected}.`);
}

const BOOLEAN_TRUE = ['true', 'True', 'TRUE'];
const BOOLEAN_FALSE = ['false', 'False', 'FALSE'];

/** Accepts exactly what core.getBooleanInput accepts, with a message that shows the value. */
export function parseBoolean(input: string, value: string): boolean {
  if (BOOLEAN_TRUE.includes(value)) return true;
  if (BOOLEAN_FALSE.includes(value)) return false;
  return fail(input, value, 'one of true | True | TRUE | false | False | FALSE');
}

export interface IntegerRange {
  min: number;
  max: number;
}

export function parseInteger(input: string, value: string, range: IntegerRange): number {
  const expected = `a whole number from ${range.min} to ${range.max}`;
  if (!/^\d+$/.test(value)) fail(input, value, expected);
  const parsed = Number(value);
  if (parsed < range.min || parsed > range.max) fail(input, value, expected);
  return parsed;
}

export function parseMode(value: string): Mode {
  const mode = Modes.find((m) => m === value);
  return mode ?? fail('mode', value, `one of ${Modes.join(', ')}`);
}

export function checkPattern(
  input: string,
  value: string,
  pattern: RegExp,
  expected: string,
): string {
  if (!pattern.test(value)) fail(input, value, expected);
  return value;
}

export const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
export const SSH_KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9_]{0,24}$/;
export const SSH_KEY_ID = /^skey-[A-Za-z0-9]{8}$/;
export const REGION = /^[a-z]{2,}(-[a-z0-9]+){1,3}$/;
export const KMS_KEY_ID = /^[A-Za-z0-9][A-Za-z0-9_/-]{0,127}$/;
export const SECRET_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function parseSecretName(value: string): string {
  return checkPattern(
    'secret-name',
    value,
    SECRET_NAME,
    '1-128 characters of A-Z a-z 0-9 _ -, starting with a letter or digit',
  );
}

/** Checks a secret input without ever echoing it. */
export function checkSecretValue(input: string, value: string): string {
  if (/\s/.test(value)) fail(input, value, 'a single token without whitespace', true);
  if (value.length > 4096) fail(input, value, 'at most 4096 characters', true);
  return value;
}

export function checkMaxBytes(input: string, value: string, max: number): string {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > max) fail(input, `${value.slice(0, 40)}...`, `at most ${max} bytes (got ${bytes})`);
  return value;
}

const RESERVED_TAG_PREFIXES = ['qcloud', 'tencent', 'project'];

/** One `key=value` a line; blank lines are skipped; keys are unique. */
export function parseTags(value: string): Tag[] {
  const tags: Tag[] = [];
  const expected = 'one key=value a line, key 1-127 characters, value at most 255';
  value.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const at = line.indexOf('=');
    const key = at < 0 ? '' : line.slice(0, at).trim();
    const tagValue = at < 0 ? '' : line.slice(at + 1).trim();
    const where = `tags line ${index + 1}`;
    if (at < 0 || key === '' || key.length > 127 || tagValue.length > 255)
      fail('tags', line, `${expected} (${where})`);
    if (RESERVED_TAG_PREFIXES.some((p) => key.toLowerCase().startsWith(p))) {
      fail('tags', line, `a key not starting with ${RESERVED_TAG_PREFIXES.join(', ')} (${where})`);
    }
    if (tags.some((t) => t.TagKey === key))
      fail('tags', line, `each key once (${where} repeats '${key}')`);
    tags.push({ TagKey: key, TagValue: tagValue });
  });
  return tags;
}

/** The `known-hosts` input as canonical entries; a bad line throws an InputError naming it. */
export function parseKnownHostsInput(input: string, value: string): string[] {
  const result = parseKnownHosts(value);
  if (result.ok) return result.lines;
  throw new InputError(input, `Input '${input}' is invalid: ${result.error.message}.`);
}
