import { describe, expect, it } from 'vitest';
import { checkWorkflow, pinProblem } from '../../scripts/check-workflows.mjs';

const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';

describe('pinProblem', () => {
  it.each([
    ['./', undefined],
    ['./.github/actions/setup', undefined],
    [`actions/checkout@${SHA}`, ' v4.2.2'],
    [`github/codeql-action/init@${SHA}`, ' v3.28.18'],
    [`docker://alpine@sha256:${'a'.repeat(64)}`, undefined],
  ])('accepts %s', (ref, comment) => {
    expect(pinProblem(ref, comment)).toBeNull();
  });

  it.each([
    [`actions/checkout@v4`, ' v4', /40-hex/],
    [`actions/checkout@main`, undefined, /40-hex/],
    [`actions/checkout@${SHA.slice(0, 7)}`, ' v4', /40-hex/],
    [`actions/checkout@${SHA.toUpperCase()}`, ' v4', /40-hex/],
    [`actions/checkout@${SHA}`, undefined, /# v4\.2\.2/],
    [`actions/checkout@${SHA}`, ' pinned', /# v4\.2\.2/],
    ['docker://alpine:3', undefined, /sha256/],
  ])('refuses %s (comment %j)', (ref, comment, message) => {
    expect(pinProblem(ref, comment)).toMatch(message);
  });
});

const workflow = (topLevel: string, jobAPermissions: string, stepUses: string) =>
  [
    'on: push',
    ...topLevel.split('\n').filter(Boolean),
    'jobs:',
    '  a:',
    ...jobAPermissions.split('\n').filter(Boolean),
    '    runs-on: ubuntu-latest',
    '    steps:',
    `      - uses: ${stepUses}`,
    '  b:',
    `    uses: org/repo/.github/workflows/reusable.yml@${SHA} # v1.0.0`,
    '',
  ].join('\n');

describe('checkWorkflow', () => {
  const pinned = `actions/checkout@${SHA} # v4.2.2`;

  it.each([
    ['top-level permissions', 'permissions: {}', ''],
    ['permissions on every job but b', '', '    permissions:\n      contents: read'],
  ])('reports nothing wrong with %s when pinned', (_name, topLevel, jobA) => {
    const problems = checkWorkflow(workflow(topLevel, jobA, pinned));
    const missing = topLevel ? [] : [{ line: 9, message: expect.stringMatching(/job b/) }];
    expect(problems).toEqual(missing);
  });

  it.each([
    ['a tag', 'actions/checkout@v4', /40-hex/],
    ['a SHA without its release', `actions/checkout@${SHA}`, /comment/],
  ])('reports a step action pinned to %s, with its line', (_name, uses, message) => {
    expect(checkWorkflow(workflow('permissions: {}', '', uses))).toEqual([
      { line: 7, message: expect.stringMatching(message) },
    ]);
  });

  it('refuses write-all', () => {
    const problems = checkWorkflow(workflow('permissions: write-all', '', pinned));
    expect(problems.map((problem) => problem.message)).toEqual(['top-level write-all']);
  });

  it.each([
    ['broken YAML', 'on: push\njobs: [\n'],
    ['a file without jobs', 'name: not a workflow\n'],
  ])('reports %s', (_name, text) => {
    expect(checkWorkflow(text).length).toBeGreaterThan(0);
  });
});
