import * as core from '@actions/core';
import { parseInteger, type IntegerRange } from './validate.js';

/** Where inputs come from; the runner's INPUT_* variables by default, a map in tests. */
export interface InputSource {
  input(name: string): string;
  env(name: string): string;
  /** The runner's platform, for inputs a platform cannot honour; process.platform when unset. */
  platform?: NodeJS.Platform;
}

export const runnerSource: InputSource = {
  input: (name) => core.getInput(name),
  env: (name) => (process.env[name] ?? '').trim(),
};

/** A whole-number input, or its default when empty. */
export function readInteger(
  source: InputSource,
  name: string,
  fallback: string,
  range: IntegerRange,
): number {
  return parseInteger(name, source.input(name) || fallback, range);
}
