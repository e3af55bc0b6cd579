// The post step never fails the job: a broken journal, a PID that is no longer our agent and
// files that are gone or changed become warnings or notes, and nothing else is touched.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Job, StepResult } from '../../harness/action-runner.js';
import { isProcessAlive, waitForExit } from '../../harness/processes.js';
import { type Kit, describeStep, test } from './kit.js';

const DEBUG = [{ debug: false }, { debug: true }] as const;

/** A successful main step that changed nothing, so its post step runs only the given journal. */
async function postWithJournal(
  kit: Kit,
  job: Job,
  journal: string,
  keyFile = '',
): Promise<StepResult> {
  const record = kit.seed();
  const main = await job.runMain(kit.inputs({ 'secret-name': record.name, 'ssh-agent': 'false' }));
  expect(main.failed, describeStep(main)).toBe(false);
  expect(main.state).toEqual({});
  const inputEnv = { ...main.inputEnv, 'INPUT_KEY-FILE': keyFile };
  const post = await job.runPost({ ...main, inputEnv, state: { journal } });
  expect(post.exitCode, describeStep(post)).toBe(0);
  expect(post.commands.errors).toEqual([]);
  return post;
}

const warningsOf = (post: StepResult) => post.commands.warnings.map((w) => w.message).join('\n');

test.for(DEBUG)('a corrupt journal is a warning (debug: $debug)', async ({ debug }, { kit }) => {
  const job = kit.newJob(debug ? { RUNNER_DEBUG: '1' } : {});
  const post = await postWithJournal(kit, job, '[{"kind":"agent-started",');
  expect(warningsOf(post)).toContain('not valid JSON');
});

test('entries that fail validation are skipped with a warning; PID 1 is never signalled', async ({
  kit,
}) => {
  const job = kit.newJob({ RUNNER_DEBUG: '1' });
  const journal = [
    { kind: 'agent-started', pid: 1, socket: '/x/agent.sock', socketDir: '/x' },
    { kind: 'file-written', path: 'relative/id', createdDirs: [] },
    { kind: 'rm-rf', path: job.home },
  ];
  const post = await postWithJournal(kit, job, JSON.stringify(journal));
  expect(warningsOf(post)).toContain('skipped 3 unrecognised journal entries');
  expect(existsSync(job.home)).toBe(true);
});

test.for(DEBUG)(
  'a PID that is not our ssh-agent survives (debug: $debug)',
  async ({ debug }, { kit }) => {
    const job = kit.newJob(debug ? { RUNNER_DEBUG: '1' } : {});
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    const pid = sleeper.pid ?? -1;
    try {
      const socketDir = join(job.runnerTemp, 'ssh-agent-notours');
      const entry = {
        kind: 'agent-started',
        pid,
        socket: join(socketDir, 'agent.sock'),
        socketDir,
      };
      const post = await postWithJournal(kit, job, JSON.stringify([entry]));
      expect(warningsOf(post)).toContain(`PID ${pid} now belongs to another process`);
      expect(warningsOf(post)).toContain('sleep 60');
      expect(isProcessAlive(pid)).toBe(true);
    } finally {
      sleeper.kill('SIGKILL');
      await waitForExit(pid);
    }
  },
);

test('things already gone are noted; a directory where the key file was is left alone', async ({
  kit,
}) => {
  const gone = join(kit.scratchDir(), 'gone');
  const job = kit.newJob({ RUNNER_DEBUG: '1', SSH_AUTH_SOCK: join(gone, 'other.sock') });
  const socketDir = join(job.runnerTemp, 'ssh-agent-gone00');
  const replaced = join(job.workspace, 'id_now_a_dir');
  mkdirSync(join(replaced, 'keep'), { recursive: true });
  const journal = [
    { kind: 'agent-started', pid: 2 ** 22 + 7, socket: join(socketDir, 'agent.sock'), socketDir },
    { kind: 'key-added', socket: join(gone, 'other.sock'), publicKey: 'ssh-ed25519 AAAAC3Nz x' },
    { kind: 'file-written', path: replaced, createdDirs: [], sha256: 'a'.repeat(64) },
    {
      kind: 'known-hosts-added',
      path: join(job.home, '.ssh', 'known_hosts'),
      lines: ['gone.example ssh-ed25519 AAAAC3Nz'],
      createdFile: true,
      createdDirs: [],
    },
  ];
  const post = await postWithJournal(kit, job, JSON.stringify(journal), 'id_now_a_dir');
  expect(post.stdout).toContain(`is not running`);
  expect(post.stdout).toContain('is gone, and the ssh-ed25519 key (x) with it');
  expect(warningsOf(post)).toContain(`${replaced} is no longer a regular file; left it alone.`);
  expect(existsSync(join(replaced, 'keep'))).toBe(true);
});

test('a key file already gone is noted; one that cannot be reached is a warning', async ({
  kit,
}) => {
  const job = kit.newJob();
  const blocked = join(job.workspace, 'a-file');
  writeFileSync(blocked, 'not a directory\n');
  const entry = (path: string) => ({
    kind: 'file-written',
    path,
    createdDirs: [],
    sha256: 'a'.repeat(64),
  });
  const gone = join(job.workspace, 'keys', 'id');
  const post = await postWithJournal(kit, job, JSON.stringify([entry(gone)]), 'keys/id');
  expect(post.stdout).toContain(`The key file ${gone} is not there.`);
  const blockedPath = join(blocked, 'id');
  const post2 = await postWithJournal(kit, job, JSON.stringify([entry(blockedPath)]), 'a-file/id');
  expect(warningsOf(post2)).toContain(`Could not undo the key file ${blockedPath}`);
  expect(existsSync(blocked)).toBe(true);
});

test('no journal at all: nothing to clean up', async ({ kit }) => {
  const job = kit.newJob();
  const record = kit.seed();
  const main = await job.runMain(kit.inputs({ 'secret-name': record.name, 'ssh-agent': 'false' }));
  const post = await job.runPost(main);
  expect(post.exitCode).toBe(0);
  expect(post.stdout).toContain('Nothing to clean up.');
  expect(post.commands.warnings).toEqual([]);
});
