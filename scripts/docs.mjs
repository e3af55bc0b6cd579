// Writes the README's input and output tables from action.yml; with --check, fails when the
// README differs from what it would write.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readmePath = path.join(root, 'README.md');
const action = parse(readFileSync(path.join(root, 'action.yml'), 'utf8'));

const cell = (text) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\|/g, '\\|');

function inputsTable() {
  const rows = Object.entries(action.inputs).map(([name, spec]) => {
    const fallback = spec.default === undefined ? '' : `\`${cell(spec.default)}\``;
    return `| \`${name}\` | ${fallback} | ${cell(spec.description)} |`;
  });
  return ['| input | default | description |', '| --- | --- | --- |', ...rows].join('\n');
}

function outputsTable() {
  const rows = Object.entries(action.outputs).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  );
  return ['| output | description |', '| --- | --- |', ...rows].join('\n');
}

function replaceBlock(text, name, table) {
  const start = `<!-- ${name}:start (generated from action.yml by npm run docs) -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} ... ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`;
}

const current = readFileSync(readmePath, 'utf8');
const replaced = replaceBlock(
  replaceBlock(current, 'inputs', inputsTable()),
  'outputs',
  outputsTable(),
);
// Formatted as `prettier --check` wants it, so the two checks agree.
const options = (await prettier.resolveConfig(readmePath)) ?? {};
const wanted = await prettier.format(replaced, { ...options, filepath: readmePath });
if (process.argv.includes('--check')) {
  if (wanted !== current) {
    console.error(
      "README.md's input/output tables differ from action.yml: run 'npm run docs' and commit.",
    );
    process.exitCode = 1;
  } else {
    console.log('README.md tables match action.yml');
  }
} else if (wanted !== current) {
  writeFileSync(readmePath, wanted);
  console.log('README.md tables updated from action.yml');
}
