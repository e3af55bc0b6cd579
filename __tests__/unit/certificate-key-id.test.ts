import { describe, expect, it } from 'vitest';
import { certificateKeyId } from '../../src/certificate/key-id.js';
import {
  type JobRevision,
  type RunContext,
  readJobRevision,
} from '../../src/settings/run-context.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const run = (repository: string, runId = 42, runAttempt = 1): RunContext => ({
  repository,
  runId,
  runAttempt,
  serverUrl: 'https://github.com',
});
const revision = (ref: string, sha = SHA): JobRevision => ({ ref, sha });

describe('certificateKeyId', () => {
  it.each<[string, RunContext, JobRevision, string]>([
    [
      'a branch push',
      run('octo/hello-world', 42, 2),
      revision('refs/heads/main'),
      `repo=octo/hello-world run=42 attempt=2 ref=refs/heads/main sha=${SHA}`,
    ],
    [
      'outside a runner',
      run('unknown/unknown', 0),
      revision('unknown', 'unknown'),
      'repo=unknown/unknown run=0 attempt=1 ref=unknown sha=unknown',
    ],
    [
      'a ref with spaces, a newline and non-ASCII',
      run('o/r'),
      revision('refs/heads/a b\nforged ID é'),
      `repo=o/r run=42 attempt=1 ref=refs/heads/a?b?forged?ID?? sha=${SHA}`,
    ],
    ['an empty ref', run('o/r'), revision(''), `repo=o/r run=42 attempt=1 ref=? sha=${SHA}`],
  ])('%s', (_label, ctx, rev, expected) => {
    expect(certificateKeyId(ctx, rev)).toBe(expected);
  });

  it('is one line of printable ASCII of bounded length for the longest names', () => {
    const id = certificateKeyId(
      run(`${'o'.repeat(39)}/${'r'.repeat(100)}`, 9_999_999_999, 99),
      revision(`refs/heads/${'x'.repeat(300)}`, 'f'.repeat(64)),
    );
    expect(id).toMatch(/^[\x20-\x7e]+$/);
    expect(id.length).toBeLessThanOrEqual(500);
    expect(id).toContain('run=9999999999 attempt=99');
    expect(id).toContain(`sha=${'f'.repeat(64)}`);
  });
});

describe('readJobRevision', () => {
  it.each<[string, Record<string, string>, JobRevision]>([
    [
      'the runner variables',
      { GITHUB_REF: 'refs/pull/7/merge', GITHUB_SHA: SHA },
      revision('refs/pull/7/merge'),
    ],
    [
      'a SHA-256 commit, upper case',
      { GITHUB_REF: 'refs/tags/v1', GITHUB_SHA: 'A'.repeat(64) },
      revision('refs/tags/v1', 'a'.repeat(64)),
    ],
    ['nothing set', {}, revision('unknown', 'unknown')],
    [
      'a commit that is not hex',
      { GITHUB_REF: 'r', GITHUB_SHA: 'not-a-sha' },
      revision('r', 'unknown'),
    ],
  ])('%s', (_label, env, expected) => {
    expect(readJobRevision(env)).toEqual(expected);
  });
});
