// A journal is evidence, not orders: the post step acts only within bounds it derives from its
// own inputs and environment. A hostile or stale entry outside them is a warning and nothing is
// touched, even when it names a file whose content hash it gives correctly.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Job, StepResult } from '../../harness/action-runner.js';
import { type Kit, describeStep, test } from './kit.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A main step that changed nothing; its post step then runs `journal` with `keyFile` as input. */
async function postWithJournal(kit: Kit, job: Job, journal: unknown[], keyFile = '') {
  const record = kit.seed();
  const main = await job.runMain(kit.inputs({ 'secret-name': record.name, 'ssh-agent': 'false' }));
  expect(main.failed, describeStep(main)).toBe(false);
  const inputEnv = { ...main.inputEnv, 'INPUT_KEY-FILE': keyFile };
  const post = await job.runPost({
    ...main,
    inputEnv,
    state: { journal: JSON.stringify(journal) },
  });
  expect(post.exitCode, describeStep(post)).toBe(0);
  expect(post.commands.errors).toEqual([]);
  return post;
}

const warningsOf = (post: StepResult) => post.commands.warnings.map((w) => w.message);

/** A file with content, and what an entry naming it would claim. */
function victim(dir: string, name: string, text = 'precious\n') {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, text);
  return { path, text, sha256: sha256(text) };
}

test('a key-file entry is honoured only for the file the key-file input names', async ({ kit }) => {
  const job = kit.newJob();
  const other = victim(job.workspace, 'notes.txt');
  const named = victim(join(job.home, '.ssh'), 'deploy', 'someone else wrote this\n');
  const temp = victim(job.workspace, 'README.md');
  const journal = [
    { kind: 'file-written', path: other.path, createdDirs: [], sha256: other.sha256 },
    { kind: 'file-written', path: named.path, createdDirs: [], sha256: sha256('our key\n') },
    {
      kind: 'file-written',
      path: named.path,
      createdDirs: [job.workspace],
      sha256: named.sha256,
      temp: temp.path,
    },
  ];
  const post = await postWithJournal(kit, job, journal, '~/.ssh/deploy');
  expect(warningsOf(post)).toEqual([
    `Cleanup: left the key file ${named.path} alone: ${temp.path} is not a temp file of this action's naming beside ${named.path}.`,
    `${named.path} is not the file this step wrote; left it alone.`,
    `Cleanup: left the key file ${other.path} alone: ${other.path} is not the file the 'key-file' input names.`,
  ]);
  for (const file of [other, named, temp]) expect(readFileSync(file.path, 'utf8')).toBe(file.text);
});

test('agent entries outside RUNNER_TEMP or not of our naming touch nothing', async ({ kit }) => {
  const job = kit.newJob();
  const outside = victim(join(job.workspace, 'ssh-agent-abcdef'), 'agent.sock');
  const notOurs = victim(join(job.runnerTemp, 'cache'), 'agent.sock');
  const journal = [
    { kind: 'agent-started', socket: outside.path, socketDir: join(outside.path, '..') },
    { kind: 'agent-started', socket: notOurs.path, socketDir: join(notOurs.path, '..') },
    { kind: 'key-added', socket: '/tmp/elsewhere.sock', publicKey: 'ssh-ed25519 AAAA x' },
  ];
  const post = await postWithJournal(kit, job, journal);
  const warnings = warningsOf(post);
  expect(warnings).toHaveLength(3);
  expect(warnings[0]).toMatch(/is not the agent SSH_AUTH_SOCK names/);
  expect(warnings[1]).toMatch(/cache is not a socket directory of this action's naming/);
  expect(warnings[2]).toMatch(/ssh-agent-abcdef is not a socket directory of this action's naming/);
  expect(existsSync(outside.path) && existsSync(notOurs.path)).toBe(true);
});

test('known_hosts entries for other files, or with foreign directories, touch nothing', async ({
  kit,
}) => {
  const job = kit.newJob();
  const line =
    'host.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
  const config = victim(join(job.home, '.ssh'), 'config', `${line}\n`);
  const emptyDir = join(job.workspace, 'empty');
  mkdirSync(emptyDir);
  const knownHosts = victim(join(job.home, '.ssh'), 'known_hosts', `${line}\n`);
  const journal = [
    {
      kind: 'known-hosts-added',
      path: config.path,
      lines: [line],
      createdFile: true,
      createdDirs: [],
    },
    {
      kind: 'known-hosts-added',
      path: knownHosts.path,
      lines: [line],
      createdFile: true,
      createdDirs: [emptyDir],
    },
  ];
  const post = await postWithJournal(kit, job, journal);
  expect(warningsOf(post)).toEqual([
    `Cleanup: left the lines added to ${knownHosts.path} alone: ${emptyDir} is not a parent directory of ${knownHosts.path}.`,
    `Cleanup: left the lines added to ${config.path} alone: ${config.path} is not a known_hosts file this action edits.`,
  ]);
  expect(readFileSync(config.path, 'utf8')).toBe(config.text);
  expect(readFileSync(knownHosts.path, 'utf8')).toBe(knownHosts.text);
  expect(existsSync(emptyDir)).toBe(true);
});
