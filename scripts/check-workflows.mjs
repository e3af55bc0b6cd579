#!/usr/bin/env node
// Checks every workflow under .github/workflows for two supply-chain rules:
//   - a third-party action (or reusable workflow) is pinned to a full 40-hex commit SHA and says
//     which release that is in a `# vX.Y.Z` comment (Dependabot keeps both up to date); a tag can
//     be moved to other code, a SHA cannot. Local `./` actions are fine; Docker images need a
//     `@sha256:` digest.
//   - the workflow declares top-level `permissions`, or every job declares its own, so no job
//     runs with the repository's default token scope; `write-all` is refused.
// Usage: node scripts/check-workflows.mjs [directory]   (default: .github/workflows)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';

const ACTION_PINNED = /^[\w.-]+\/[\w.-]+(\/[^@\s]+)?@[0-9a-f]{40}$/;
const DOCKER_PINNED = /^docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}$/;
const VERSION_COMMENT = /^\s*v?\d+(\.\d+)*\S*/;

/**
 * @typedef {{ line: number, message: string }} Problem
 * @typedef {import('yaml').Scalar} ScalarNode
 */

/**
 * What is wrong with one `uses:` reference, or null.
 * @param {string} ref
 * @param {string | null | undefined} comment  the comment on the same line, without `#`
 * @returns {string | null}
 */
export function pinProblem(ref, comment) {
  if (ref.startsWith('./')) return null;
  if (ref.startsWith('docker://')) {
    return DOCKER_PINNED.test(ref) ? null : `${ref}: pin the image by digest (@sha256:...)`;
  }
  if (!ACTION_PINNED.test(ref)) return `${ref}: pin the action to a full 40-hex commit SHA`;
  if (!comment || !VERSION_COMMENT.test(comment)) {
    return `${ref}: add the release the SHA stands for as a comment, e.g. "# v4.2.2"`;
  }
  return null;
}

/**
 * Every `uses:` value node of the workflow: job-level (reusable workflows) and step-level.
 * @param {import('yaml').YAMLMap} jobs
 * @returns {ScalarNode[]}
 */
function usesNodes(jobs) {
  /** @type {ScalarNode[]} */
  const found = [];
  for (const { value: job } of jobs.items) {
    if (!isMap(job)) continue;
    const jobUses = job.get('uses', true);
    if (isScalar(jobUses)) found.push(jobUses);
    const steps = job.get('steps', true);
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      const stepUses = isMap(step) ? step.get('uses', true) : undefined;
      if (isScalar(stepUses)) found.push(stepUses);
    }
  }
  return found;
}

/**
 * Top-level permissions, or permissions on every job; never `write-all`.
 * @param {import('yaml').YAMLMap} root
 * @param {import('yaml').YAMLMap} jobs
 * @param {(offset: number) => number} lineOf
 * @returns {Problem[]}
 */
function permissionProblems(root, jobs, lineOf) {
  /** @type {Problem[]} */
  const problems = [];
  const topLevel = root.get('permissions', true);
  for (const pair of jobs.items) {
    const job = pair.value;
    const own = isMap(job) ? job.get('permissions', true) : undefined;
    const name = isScalar(pair.key) ? String(pair.key.value) : '?';
    const line = lineOf(isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0);
    if (!topLevel && !own) {
      problems.push({ line, message: `job ${name}: declare permissions (or top-level ones)` });
    }
    if (isScalar(own) && own.value === 'write-all') {
      problems.push({ line, message: `job ${name}: name the permissions it needs, not write-all` });
    }
  }
  if (isScalar(topLevel) && topLevel.value === 'write-all') {
    problems.push({ line: lineOf(topLevel.range?.[0] ?? 0), message: 'top-level write-all' });
  }
  return problems;
}

/**
 * Problems of one workflow file's text.
 * @param {string} text
 * @returns {Problem[]}
 */
export function checkWorkflow(text) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  /** @param {number} offset */
  const lineOf = (offset) => lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    return doc.errors.map((error) => ({ line: lineOf(error.pos[0]), message: error.message }));
  }
  const root = doc.contents;
  const jobs = isMap(root) ? root.get('jobs', true) : undefined;
  if (!isMap(root) || !isMap(jobs)) return [{ line: 1, message: 'no jobs: not a workflow' }];
  const pins = usesNodes(jobs).flatMap((node) => {
    const message = pinProblem(String(node.value), node.comment);
    return message ? [{ line: lineOf(node.range?.[0] ?? 0), message }] : [];
  });
  return [...pins, ...permissionProblems(root, jobs, lineOf)];
}

/** @param {string} directory */
function main(directory) {
  const files = readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  let count = 0;
  for (const name of files) {
    const file = path.join(directory, name);
    for (const problem of checkWorkflow(readFileSync(file, 'utf8'))) {
      console.error(`${file}:${problem.line}: ${problem.message}`);
      count += 1;
    }
  }
  if (count > 0) {
    console.error(`${count} problem(s) in ${files.length} workflow(s)`);
    process.exitCode = 1;
  } else {
    console.log(`${files.length} workflow(s): actions pinned by SHA, permissions declared`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  main(path.resolve(process.argv[2] ?? path.join(root, '.github', 'workflows')));
}
