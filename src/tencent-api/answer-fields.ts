/**
 * The documented shapes of the fields the action takes from API answers. The server's words must
 * never become workflow commands: a field that has a shape and does not fit it makes the answer
 * malformed (the reason names the field, never quotes it); free text is made fit for one line.
 */
import { oneLine } from '../printable.js';
import { SECRET_NAME, SSH_KEY_ID } from '../settings/validate.js';

/**
 * Tencent Cloud's RequestIds are UUIDs; any run of letters, digits and dashes is accepted, so
 * that a change of format on the service's side does not fail every job.
 */
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** ISO 8601 UTC or offset time, as STS writes Expiration: 2026-12-03T07:00:00Z. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

interface Shape {
  pattern: RegExp;
  /** What the field should be, for "<field> is not <form>". */
  form: string;
}

const SHAPES = {
  RequestId: { pattern: REQUEST_ID, form: 'a request ID (letters, digits and dashes)' },
  SSHKeyID: { pattern: SSH_KEY_ID, form: 'an SSH key ID (skey- and 8 letters or digits)' },
  SecretName: { pattern: SECRET_NAME, form: 'a secret name (A-Z a-z 0-9 _ -, at most 128)' },
  Expiration: { pattern: ISO_TIME, form: 'an ISO 8601 time' },
} satisfies Record<string, Shape>;

export type ShapedField = keyof typeof SHAPES;

const absent = (value: unknown): boolean => value === undefined || value === null || value === '';

/**
 * Why a field does not have its documented shape, or undefined when it has it. An absent field
 * passes unless `required`: whether it may be missing is the caller's business.
 */
export function fieldProblem(
  field: ShapedField,
  value: unknown,
  required = false,
): string | undefined {
  if (absent(value)) return required ? `${field} is missing` : undefined;
  const { pattern, form } = SHAPES[field];
  if (typeof value === 'string' && pattern.test(value) && !isBadTime(field, value))
    return undefined;
  return `${field} is not ${form}`;
}

const isBadTime = (field: ShapedField, value: string): boolean =>
  field === 'Expiration' && Number.isNaN(Date.parse(value));

/** The RequestId when it has its shape: safe to quote in a message. */
export function requestIdOf(value: unknown): string | undefined {
  return typeof value === 'string' && REQUEST_ID.test(value) ? value : undefined;
}

/** Unix seconds up to the year 5000: an ExpiredTime any Date can print. */
const MAX_UNIX_SECONDS = 95_617_584_000;

/** Why ExpiredTime is not unix seconds, or undefined when it is (or is absent). */
export function unixTimeProblem(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const fits = Number.isSafeInteger(value) && (value as number) > 0;
  return fits && (value as number) < MAX_UNIX_SECONDS
    ? undefined
    : `${field} is not a time in unix seconds`;
}

/** Free text of the server (an SSH key's name): one line, capped, or '' when not text. */
export function freeText(value: unknown, max = 128): string {
  return typeof value === 'string' ? oneLine(value, max) : '';
}

/** The first problem of several checks, in order. */
export function firstProblem(...problems: (string | undefined)[]): string | undefined {
  return problems.find((problem) => problem !== undefined);
}
