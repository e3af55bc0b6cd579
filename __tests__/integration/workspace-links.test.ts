// key-file and symbolic links planted in the checkout: the workspace holds what the repository
// checked out, so a pull request can put a link there. A key-file path through one is refused
// before any API call and nothing is written through it; links outside the workspace are not
// the repository's to plant, and a path without links works as before.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { describeStep, modeOf, normalisedKey, test } from './kit.js';

const errorOf = (step: { commands: { errors: { message: string }[] } }) =>
  step.commands.errors.map((e) => e.message).join('\n');

const planted = [
  { what: 'a linked directory', keyFile: 'keys/deploy', link: 'keys', linkTo: '' },
  { what: 'a linked directory deeper down', keyFile: 'a/b/c/deploy', link: 'a/b', linkTo: '' },
  { what: 'a link at the file itself', keyFile: 'deploy', link: 'deploy', linkTo: 'deploy' },
  { what: 'a link reached through ..', keyFile: 'x/../keys/deploy', link: 'keys', linkTo: '' },
];

test.for(planted)(
  '$what inside the workspace is refused before any API call',
  async ({ keyFile, link, linkTo }, { kit }) => {
    const record = kit.seed();
    const job = kit.newJob({ RUNNER_DEBUG: '1' });
    const elsewhere = kit.scratchDir();
    const linkPath = join(job.workspace, link);
    mkdirSync(join(linkPath, '..'), { recursive: true });
    symlinkSync(join(elsewhere, linkTo), linkPath);
    const target = join(job.workspace, keyFile);

    const inputs = { 'secret-name': record.name, 'ssh-agent': 'false', 'key-file': keyFile };
    const main = await job.runMain(kit.inputs(inputs));
    expect(main.exitCode, describeStep(main)).toBe(1);
    expect(errorOf(main)).toBe(
      `Input 'key-file': ${target} passes through ${linkPath}, a symbolic link inside the ` +
        `workspace (${job.workspace}); refusing to write the key through it. A checked-out ` +
        'repository can plant links there: choose a path outside the workspace, such as ' +
        '~/.ssh/deploy_key, or one without links.',
    );
    expect(kit.callsFor(record.name)).toEqual([]);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(main.outputs).toEqual({});
    expect(main.state).toEqual({});
    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
    expect(readdirSync(elsewhere)).toEqual([]);
  },
);

test('a link outside the workspace is the machine owner’s and is followed', async ({ kit }) => {
  const record = kit.seed();
  const job = kit.newJob();
  const scratch = kit.scratchDir();
  mkdirSync(join(scratch, 'real'));
  symlinkSync(join(scratch, 'real'), join(scratch, 'via'));
  const keyFile = join(scratch, 'via', 'deploy');
  const inputs = { 'secret-name': record.name, 'ssh-agent': 'false', 'key-file': keyFile };
  const main = await job.runMain(kit.inputs(inputs));
  expect(main.failed, describeStep(main)).toBe(false);
  expect(readFileSync(join(scratch, 'real', 'deploy'), 'utf8')).toBe(normalisedKey(record));
  expect((await job.runPost(main)).exitCode).toBe(0);
  expect(existsSync(join(scratch, 'real', 'deploy'))).toBe(false);
});

test('a workspace path without links is written, and a link beside it does not matter', async ({
  kit,
}) => {
  const record = kit.seed();
  const job = kit.newJob();
  symlinkSync(kit.scratchDir(), join(job.workspace, 'other'));
  const inputs = { 'secret-name': record.name, 'ssh-agent': 'false', 'key-file': 'keys/deploy' };
  const main = await job.runMain(kit.inputs(inputs));
  expect(main.failed, describeStep(main)).toBe(false);
  const target = join(job.workspace, 'keys', 'deploy');
  expect(main.outputs['key-file']).toBe(target);
  expect(modeOf(target)).toBe(0o600);
  expect((await job.runPost(main)).exitCode).toBe(0);
  expect(existsSync(join(job.workspace, 'keys'))).toBe(false);
});
