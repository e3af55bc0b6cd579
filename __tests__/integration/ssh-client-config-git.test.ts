// Issue 14, git-repositories end to end: after the action, a later step's `git ls-remote` of every
// URL form of a listed repository goes to that repository's ssh alias, which resolves to the real
// host with this key alone; other repositories are not rewritten; the post step takes it all back.
// git runs a stand-in for ssh (GIT_SSH_COMMAND) that records the host and never touches the network.
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Job } from '../../harness/action-runner.js';
import {
  type GitSshStub,
  gitAlias,
  gitLsRemote,
  resolvedSshConfig,
  writeGitSshStub,
} from '../helpers/ssh-client.js';
import { describeStep, test } from './kit.js';

/** The one ssh invocation `git ls-remote <url>` made. */
async function lsRemote(job: Job, stub: GitSshStub, url: string) {
  const { stderr, invocations } = await gitLsRemote(job.environment(), stub, url);
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
  const otherHttps = await gitLsRemote(job.environment(), stub, 'https://github.com/acme/other');
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
