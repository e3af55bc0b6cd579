import { existsSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { Job } from '../../harness/action-runner.js';
import { findLeaks } from '../helpers/leak-scan.js';
import { isProcessAlive } from '../../harness/processes.js';
import { reportOf, writeFakeAction } from './fake-action.js';

let actionYml: string;
const jobs: Job[] = [];
const newJob = () => {
  const job = new Job({ actionYml, node: inject('node24') });
  jobs.push(job);
  return job;
};

beforeAll(() => {
  actionYml = writeFakeAction();
});
afterEach(() => {
  vi.unstubAllEnvs();
  jobs.splice(0).forEach((job) => job.dispose());
});
afterAll(() => rmSync(dirname(actionYml), { recursive: true, force: true }));

describe('Job.runMain', () => {
  it('runs the script on Node 24 with INPUT_* from action.yml defaults and the given inputs', async () => {
    const step = await newJob().runMain({ 'secret-name': 'alpha' });
    const seen = reportOf(step.stdout);
    expect(seen.version).toMatch(/^v24\./);
    expect(seen.secretName).toBe('alpha');
    expect(seen.withSpace).toBe('sp');
    expect(seen.mode).toBe('ok');
    expect(step.inputEnv['INPUT_SSH-AGENT']).toBe('true');
  });

  it('parses outputs, exported env, state, summary, PATH and workflow commands', async () => {
    const step = await newJob().runMain({ 'secret-name': 'alpha' });
    expect(step).toMatchObject({
      exitCode: 0,
      failed: false,
      timedOut: false,
      stdioHeldOpen: false,
    });
    expect(step.outputs).toEqual({ 'secret-name': 'alpha', multi: 'line1\nline2' });
    expect(step.exportedEnv).toEqual({ FAKE_SOCK: '/tmp/sock-alpha' });
    expect(step.state).toEqual({ journal: '{"name":"alpha"}' });
    expect(step.summary).toBe('summary of alpha');
    expect(step.addedPath).toEqual(['/opt/fake-alpha/bin']);
    expect(step.commands.errors).toEqual([
      { message: 'bad: 100%\nsecond line', properties: { file: 'src/x.ts', line: '3' } },
    ]);
    expect(step.commands.warnings.map((w) => w.message)).toEqual(['careful']);
    expect(step.commands.notices.map((n) => n.message)).toEqual(['fyi']);
    expect(step.commands.debugs).toEqual(['dbg']);
    expect(step.commands.masks).toEqual(['masked-alpha']);
    expect(step.commands.groups).toEqual(['grp']);
    expect(step.stderr).toContain('to stderr');
  });

  it("does not pass the developer's environment through", async () => {
    vi.stubEnv('SSH_AUTH_SOCK', '/machine/agent.sock');
    const job = newJob();
    const seen = reportOf((await job.runMain({ 'secret-name': 'a' })).stdout);
    expect(seen.sshAuthSock).toBeNull();
    expect(seen.home).toBe(job.home);
    const passed = await job.runMain({ 'secret-name': 'a' }, { env: { SSH_AUTH_SOCK: '/given' } });
    expect(reportOf(passed.stdout).sshAuthSock).toBe('/given');
  });

  it('applies GITHUB_ENV and GITHUB_PATH of earlier steps to later ones', async () => {
    const job = newJob();
    await job.runMain({ 'secret-name': 'first' });
    const seen = reportOf((await job.runMain({ 'secret-name': 'second' })).stdout);
    expect(seen.exported).toBe('/tmp/sock-first');
    expect(seen.path?.split(':')[0]).toBe('/opt/fake-first/bin');
    expect(job.environment().FAKE_SOCK).toBe('/tmp/sock-second');
  });

  it.each([
    ['fail', { exitCode: 1, failed: true, timedOut: false }],
    ['hang', { exitCode: null, failed: true, timedOut: true }],
  ])('reports mode %s', async (mode, expected) => {
    const step = await newJob().runMain({ 'secret-name': 'a', mode }, { timeoutMs: 1_500 });
    expect(step).toMatchObject(expected);
  });

  it('cancels a step as the runner does: SIGINT, and still reads its state', async () => {
    const step = await newJob().runMain(
      { 'secret-name': 'a', mode: 'hang' },
      { interrupt: { afterMs: 300, killAfterMs: 1_000 } },
    );
    expect(step).toMatchObject({ signal: 'SIGINT', failed: true, timedOut: false });
    expect(step.fileCommandErrors).toEqual([]);
  });

  it('marks a step failed when a file command is malformed', async () => {
    const step = await newJob().runMain({ 'secret-name': 'a', mode: 'bad-output' });
    expect(step.exitCode).toBe(0);
    expect(step.failed).toBe(true);
    expect(step.fileCommandErrors[0]).toMatch(/^output: Matching delimiter not found/);
  });

  it('notices a daemon that keeps the step output pipe open', async () => {
    const step = await newJob().runMain({ 'secret-name': 'a', mode: 'daemon' });
    const pid = reportOf(step.stdout).daemonPid ?? -1;
    try {
      expect(step.stdioHeldOpen).toBe(true);
      expect(isProcessAlive(pid)).toBe(true);
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });

  it('says to build when the entry script is missing', async () => {
    const job = new Job({ actionYml, node: inject('node24'), mainScript: '/nonexistent/main.js' });
    jobs.push(job);
    await expect(job.runMain({ 'secret-name': 'a' })).rejects.toThrow(/npm run build/);
  });

  it('throws on an input action.yml does not declare', async () => {
    await expect(newJob().runMain({ secret_name: 'a' })).rejects.toThrow(/unknown input/);
  });

  it('refuses an action.yml that does not run on node24', () => {
    const old = writeFakeAction('node20');
    try {
      expect(() => new Job({ actionYml: old })).toThrow(/expected node24/);
    } finally {
      rmSync(dirname(old), { recursive: true, force: true });
    }
  });
});

describe('Job.runPost', () => {
  it('runs posts with their own main step state and inputs, in any order', async () => {
    const job = newJob();
    const first = await job.runMain({ 'secret-name': 'one' });
    const second = await job.runMain({ 'secret-name': 'two' });
    const postTwo = reportOf((await job.runPost(second)).stdout);
    const postOne = reportOf((await job.runPost(first)).stdout);
    expect([postTwo.journal, postTwo.secretName]).toEqual(['{"name":"two"}', 'two']);
    expect([postOne.journal, postOne.secretName]).toEqual(['{"name":"one"}', 'one']);
    expect(postOne.exported).toBe('/tmp/sock-two');
    expect(job.steps.map((s) => s.kind)).toEqual(['main', 'main', 'post', 'post']);
  });

  it('takes only main step results', async () => {
    const job = newJob();
    const post = await job.runPost(await job.runMain({ 'secret-name': 'a' }));
    await expect(job.runPost(post)).rejects.toThrow(/main step/);
  });
});

describe('Job output and cleanup', () => {
  it('collects every step log and summary, without honouring commands in a summary', async () => {
    const job = newJob();
    const main = await job.runMain({ 'secret-name': 'a', mode: 'summary-mask' });
    await job.runPost(main);
    const text = job.allOutputText();
    expect(text).toContain('to stderr');
    expect(text).toContain('post for a');
    expect(text).toContain('summary of a');
    expect(findLeaks(text, ['summary-secret-value'])).not.toEqual([]);
    expect(findLeaks(text, ['masked-a'])).toEqual([]);
  });

  it('removes its temp dirs on dispose', async () => {
    const job = new Job({ actionYml, node: inject('node24') });
    await job.runMain({ 'secret-name': 'a' });
    expect(existsSync(job.root)).toBe(true);
    job.dispose();
    expect(existsSync(job.root)).toBe(false);
  });
});
