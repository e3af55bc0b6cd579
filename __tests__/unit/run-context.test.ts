import { describe, expect, it } from 'vitest';
import {
  defaultDescription,
  defaultRoleSessionName,
  readRunContext,
  type RunContext,
} from '../../src/settings/run-context.js';

const context = (repository: string, runId = 9876543210, runAttempt = 1): RunContext => ({
  repository,
  runId,
  runAttempt,
  serverUrl: 'https://github.com',
});

const STS_SESSION_CHARS = /^[\w+=,.@-]+$/;

describe('defaultRoleSessionName', () => {
  it.each([
    ['a plain repository', context('octo/hello-world', 42, 2), 'gh-octo-hello-world-42-2'],
    ['dots and underscores', context('my.org/repo_name', 7), 'gh-my.org-repo_name-7-1'],
    ['characters STS refuses', context('octo/héllo wörld', 5), 'gh-octo-h-llo-w-rld-5-1'],
  ])('%s', (_label, ctx, expected) => {
    expect(defaultRoleSessionName(ctx)).toBe(expected);
  });

  it.each([
    ['a long owner and name', context(`${'o'.repeat(39)}/${'r'.repeat(100)}`)],
    [
      'a name of exactly 64 characters',
      context(`o/${'r'.repeat(64 - 'gh-o--9876543210-1'.length)}`),
    ],
    ['odd characters in a long name', context(`${'ö'.repeat(39)}/${'#'.repeat(100)}`, 1, 12)],
    ['unknown', context('unknown/unknown', 0)],
  ])('fits STS for %s and keeps the run id', (_label, ctx) => {
    const name = defaultRoleSessionName(ctx);
    expect(name).toMatch(STS_SESSION_CHARS);
    expect(name.length).toBeGreaterThanOrEqual(2);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name.endsWith(`-${ctx.runId}-${ctx.runAttempt}`)).toBe(true);
  });
});

describe('defaultDescription', () => {
  it('names the repository and the run, with a link to it', () => {
    const description = defaultDescription(context('octo/hello-world', 42));
    expect(description).toContain('octo/hello-world');
    expect(description).toContain('run 42');
    expect(description).toContain('https://github.com/octo/hello-world/actions/runs/42');
  });

  it('fits the 2048-byte limit for the longest repository names', () => {
    const description = defaultDescription(context(`${'o'.repeat(39)}/${'r'.repeat(100)}`));
    expect(Buffer.byteLength(description)).toBeLessThanOrEqual(2048);
  });
});

describe('readRunContext', () => {
  const RUNNER = {
    GITHUB_REPOSITORY: 'octo/hello-world',
    GITHUB_RUN_ID: '42',
    GITHUB_RUN_ATTEMPT: '3',
    GITHUB_SERVER_URL: 'https://github.example',
  };
  it.each<[string, Record<string, string>, RunContext]>([
    [
      'the runner variables',
      RUNNER,
      {
        repository: 'octo/hello-world',
        runId: 42,
        runAttempt: 3,
        serverUrl: 'https://github.example',
      },
    ],
    ['no variables (outside a runner)', {}, context('unknown/unknown', 0)],
    [
      'values that are not numbers or names',
      { GITHUB_REPOSITORY: 'nope', GITHUB_RUN_ID: 'x', GITHUB_RUN_ATTEMPT: '-1' },
      context('unknown/unknown', 0),
    ],
    [
      'a server URL with a trailing slash',
      { ...RUNNER, GITHUB_SERVER_URL: 'https://ghe.example/' },
      { ...context('octo/hello-world', 42, 3), serverUrl: 'https://ghe.example' },
    ],
  ])('%s', (_label, env, expected) => {
    expect(readRunContext(env)).toEqual(expected);
    expect(defaultRoleSessionName(readRunContext(env))).toMatch(STS_SESSION_CHARS);
  });

  it('reads process.env by default', () => {
    expect(readRunContext().repository).toBe(
      process.env.GITHUB_REPOSITORY?.includes('/')
        ? process.env.GITHUB_REPOSITORY
        : 'unknown/unknown',
    );
  });
});
