import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  defaultDescription,
  defaultRoleSessionName,
  loadRunContext,
  type RunContext,
} from '../../src/run-context.js';

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

describe('loadRunContext', () => {
  const VARS = ['GITHUB_REPOSITORY', 'GITHUB_RUN_ID', 'GITHUB_RUN_ATTEMPT', 'GITHUB_SERVER_URL'];
  const saved = Object.fromEntries(VARS.map((name) => [name, process.env[name]]));

  afterEach(() => {
    for (const name of VARS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    vi.resetModules();
  });

  it('reads the repository and run from the runner environment', async () => {
    Object.assign(process.env, {
      GITHUB_REPOSITORY: 'octo/hello-world',
      GITHUB_RUN_ID: '42',
      GITHUB_RUN_ATTEMPT: '3',
      GITHUB_SERVER_URL: 'https://github.example',
    });
    vi.resetModules();
    await expect(loadRunContext()).resolves.toEqual({
      repository: 'octo/hello-world',
      runId: 42,
      runAttempt: 3,
      serverUrl: 'https://github.example',
    });
  });

  it('falls back to unknown/unknown outside a runner', async () => {
    for (const name of VARS) delete process.env[name];
    vi.resetModules();
    const ctx = await loadRunContext();
    expect(ctx.repository).toBe('unknown/unknown');
    expect(defaultRoleSessionName(ctx)).toMatch(STS_SESSION_CHARS);
  });
});
