import { expect } from 'vitest';
import { test } from './support.js';

test('smoke', async ({ kit }) => {
  const secret = kit.seed();
  const job = kit.newJob({ RUNNER_DEBUG: '1' });
  const t0 = Date.now();
  const main = await job.runMain(
    kit.inputs({
      'secret-name': secret.name,
      'key-file': '~/.ssh/id',
      'known-hosts': 'github.com ' + secret.publicKey.split(' ').slice(0, 2).join(' '),
    }),
  );
  const t1 = Date.now();
  const post = await job.runPost(main);
  console.log(t1 - t0, Date.now() - t1);
  console.log(main.stdout, main.stderr, main.outputs, main.state, post.stdout);
  expect(main.failed).toBe(false);
});
