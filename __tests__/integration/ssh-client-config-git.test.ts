// Issue 14, git-repositories end to end: after the action, a later step's `git ls-remote` of every
// URL form of a listed repository goes to that repository's ssh alias, which resolves to the real
// host with this key alone; other repositories are not rewritten; the post step takes it all back.
// git runs a stand-in for ssh (GIT_SSH_COMMAND) that records the host and never touches the network.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Job } from '../../harness/action-runner.js';
import { runProcess } from '../../harness/run-process.js';
import { type GitSshStub, resolvedSshConfig, writeGitSshStub } from '../helpers/ssh-client.js';
import { describeStep, test } from './kit.js';

/** The alias of the shared design: stable per repository, so several calls compose. */
const gitAlias = (host: string, owner: string, repo: string) =>
  `tcssh-${createHash('sha256').update(`${host}/${owner}/${repo}`).digest('hex').slice(0, 8)}.${host}`;

/**
 * `git ls-remote <url>` as a later `run:` step: the job's HOME (its ~/.gitconfig), the stub for
 * ssh, and only ssh allowed (checked after insteadOf), so an https URL left alone fails offline.
 */
async function gitLsRemote(job: Job, stub: GitSshStub, url: string) {
  const env = job.environment({
    GIT_SSH_COMMAND: stub.command,
    GIT_ALLOW_PROTOCOL: 'ssh',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
  });
  const before = stub.invocations().length;
  const result = await runProcess('git', ['ls-remote', url], { env, timeoutMs: 30_000 });
  return { stderr: result.stderr, invocations: stub.invocations().slice(before) };
}

/** The one ssh invocation `git ls-remote <url>` made. */
async function lsRemote(job: Job, stub: GitSshStub, url: string) {
  const { stderr, invocations } = await gitLsRemote(job, stub, url);
  expect(invocations, `${url}: ${stderr}`).toHaveLength(1);
  return invocations[0];
}

const APP_URLS = [
  ['https://github.com/acme/app', "'acme/app'"],
  ['git@github.com:acme/app.git', "'acme/app.git'"],
  ['ssh://git@github.com/acme/app', "'acme/app'"],
] as const;
const OTHER_URLS = ['git@github.com:acme/other.git', 'ssh://git@github.com/acme/other'];

test('git-repositories: every URL form of acme/app goes to its alias, acme/other does not', async ({
  kit,
}) => {
  const record = kit.seed();
  const job = kit.newJob();
  const stub = writeGitSshStub(kit.scratchDir());
  const main = await job.runMain(
    kit.inputs({ 'secret-name': record.name, 'git-repositories': 'acme/app' }),
  );
  expect(main.failed, describeStep(main)).toBe(false);
  const alias = gitAlias('github.com', 'acme', 'app');

  for (const [url, path] of APP_URLS) {
    const asked = await lsRemote(job, stub, url);
    expect(asked, url).toMatchObject({ user: 'git', host: alias, port: undefined });
    expect(asked?.command, url).toEqual([`git-upload-pack ${path}`]);
  }
  for (const url of OTHER_URLS) {
    expect(await lsRemote(job, stub, url), url).toMatchObject({ user: 'git', host: 'github.com' });
  }
  const otherHttps = await gitLsRemote(job, stub, 'https://github.com/acme/other');
  expect(otherHttps.invocations).toEqual([]);
  expect(otherHttps.stderr).toContain("transport 'https' not allowed");

  // The alias is the real host with this key alone, taken from the agent by its public key.
  const resolved = await resolvedSshConfig(alias, job.environment());
  expect(resolved).toMatchObject({
    hostname: ['github.com'],
    user: ['git'],
    identitiesonly: ['yes'],
  });
  const pubFile = resolved.identityfile?.[0] ?? '';
  const [type, blob] = record.publicKey.split(' ');
  expect(readFileSync(pubFile, 'utf8')).toContain(`${type} ${blob}`);

  const post = await job.runPost(main);
  expect(post.exitCode, describeStep(post)).toBe(0);
  expect(post.commands.warnings).toEqual([]);
  expect(existsSync(pubFile)).toBe(false);
  for (const url of ['git@github.com:acme/app.git', 'ssh://git@github.com/acme/app']) {
    expect(await lsRemote(job, stub, url), url).toMatchObject({ host: 'github.com' });
  }
  expect(existsSync(`${job.home}/.gitconfig`)).toBe(false);
  expect(existsSync(`${job.home}/.ssh/config`)).toBe(false);
});

test('git-repositories on GitHub Enterprise: host/owner/repo keeps its host', async ({ kit }) => {
  const record = kit.seed();
  const job = kit.newJob();
  const stub = writeGitSshStub(kit.scratchDir());
  const main = await job.runMain(
    kit.inputs({ 'secret-name': record.name, 'git-repositories': 'git.example.com/acme/app.git' }),
  );
  expect(main.failed, describeStep(main)).toBe(false);
  const alias = gitAlias('git.example.com', 'acme', 'app');
  const asked = await lsRemote(job, stub, 'git@git.example.com:acme/app.git');
  expect(asked).toMatchObject({ user: 'git', host: alias });
  const resolved = await resolvedSshConfig(alias, job.environment());
  expect(resolved.hostname).toEqual(['git.example.com']);
  const github = await lsRemote(job, stub, 'git@github.com:acme/app.git');
  expect(github).toMatchObject({ host: 'github.com' });
  expect((await job.runPost(main)).exitCode).toBe(0);
});
