import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './node24.js';

export const defaultActionYml = join(repoRoot, 'action.yml');

interface ActionInput {
  name: string;
  /** undefined when action.yml declares no default (the runner then passes ''). */
  default: string | undefined;
}

export interface ActionManifest {
  path: string;
  inputs: Map<string, ActionInput>;
  using: string | undefined;
  /** Absolute paths of `runs.main` / `runs.post`, when declared. */
  main: string | undefined;
  post: string | undefined;
}

type YamlMap = Record<string, unknown>;

function asMap(value: unknown): YamlMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as YamlMap)
    : {};
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The failsafe schema keeps every scalar as its source text, as the runner does:
 * `default: 1.0` is the input "1.0", not "1".
 */
export function parseActionManifest(text: string, path: string): ActionManifest {
  const doc = asMap(parse(text, { schema: 'failsafe' }));
  const inputs = new Map<string, ActionInput>();
  for (const [name, spec] of Object.entries(asMap(doc.inputs))) {
    inputs.set(name, { name, default: asString(asMap(spec).default) });
  }
  const runs = asMap(doc.runs);
  const fromActionDir = (file: string | undefined) =>
    file === undefined ? undefined : resolve(dirname(path), file);
  return {
    path,
    inputs,
    using: asString(runs.using),
    main: fromActionDir(asString(runs.main)),
    post: fromActionDir(asString(runs.post)),
  };
}

export function readActionManifest(path = defaultActionYml): ActionManifest {
  return parseActionManifest(readFileSync(path, 'utf8'), path);
}

/** What `core.getInput(name)` reads: spaces become `_`, dashes stay. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

function defaultValue(input: ActionInput): string {
  const value = input.default ?? '';
  if (value.includes('${{')) {
    throw new Error(
      `input '${input.name}' defaults to an expression the harness cannot evaluate; pass it explicitly`,
    );
  }
  return value;
}

/**
 * INPUT_* variables for one step: every declared input with its default, overridden by `given`.
 * An undeclared name throws: a typo in a test would otherwise be silently ignored.
 */
export function inputEnvironment(
  manifest: ActionManifest,
  given: Record<string, string>,
): Record<string, string> {
  const unknown = Object.keys(given).filter((name) => !manifest.inputs.has(name));
  if (unknown.length > 0) {
    throw new Error(`unknown input(s) ${unknown.join(', ')}: not declared in ${manifest.path}`);
  }
  const env: Record<string, string> = {};
  for (const input of manifest.inputs.values()) {
    env[inputEnvName(input.name)] = given[input.name] ?? defaultValue(input);
  }
  return env;
}
