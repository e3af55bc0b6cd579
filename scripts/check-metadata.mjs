#!/usr/bin/env node
// Validates action.yml and every workflow under .github/workflows against the public JSON schemas
// for GitHub action and workflow files (SchemaStore's, as bundled by @action-validator/core), so
// the Marketplace and the runner never meet metadata they would refuse. Where that schema lags
// GitHub, it is extended here, and only here: `runs.using: node24` (which GitHub runs) is checked
// as the newest runtime the schema knows, with every other rule unchanged.
// Usage: node scripts/check-metadata.mjs [repository root]
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';

const require = createRequire(import.meta.url);
const validator = require('@action-validator/core');

/** Runtimes GitHub runs that the bundled schema does not list yet, and what to check them as. */
const RUNTIMES_THE_SCHEMA_LAGS = new Map([['node24', 'node20']]);

/**
 * The action's metadata as the schema can judge it: a lagging runtime name swapped for one it knows.
 * @param {string} text
 * @returns {string}
 */
export function extendForSchema(text) {
  const doc = parseDocument(text);
  const using = doc.getIn(['runs', 'using']);
  const stand = typeof using === 'string' ? RUNTIMES_THE_SCHEMA_LAGS.get(using) : undefined;
  if (!stand) return text;
  doc.setIn(['runs', 'using'], stand);
  return doc.toString();
}

/**
 * One readable line per leaf error (a oneOf is reported by the branch that got furthest).
 * @param {import('@action-validator/core').ValidationError[]} errors
 * @returns {string[]}
 */
export function describeErrors(errors) {
  return errors.flatMap((error) => {
    if ('states' in error && error.states?.length) {
      const closest = [...error.states].sort((a, b) => a.errors.length - b.errors.length)[0];
      return describeErrors(closest.errors);
    }
    const where = 'path' in error && error.path ? error.path : '/';
    return [`${where}: ${error.title}${error.detail ? ` (${error.detail})` : ''}`];
  });
}

/**
 * @param {string} text  action.yml
 * @returns {string[]}  problems, empty when valid
 */
export function checkAction(text) {
  return describeErrors(validator.validateAction(extendForSchema(text)).errors);
}

/**
 * @param {string} text  a workflow file
 * @returns {string[]}
 */
export function checkWorkflowSchema(text) {
  return describeErrors(validator.validateWorkflow(text).errors);
}

function main(root) {
  const files = [['action.yml', checkAction]];
  const workflows = path.join(root, '.github', 'workflows');
  for (const name of readdirSync(workflows)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()) {
    files.push([path.join('.github', 'workflows', name), checkWorkflowSchema]);
  }
  let failed = false;
  for (const [file, check] of files) {
    for (const problem of check(readFileSync(path.join(root, file), 'utf8'))) {
      failed = true;
      console.error(`${file}: ${problem}`);
    }
  }
  if (failed) process.exit(1);
  console.log(`${files.length} files match the GitHub action and workflow schemas.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(
    path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..')),
  );
}
