import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkAction,
  checkWorkflowSchema,
  extendForSchema,
} from '../../scripts/check-metadata.mjs';

const ACTION = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8');

const withLine = (from: RegExp, to: string) => {
  expect(ACTION).toMatch(from);
  return ACTION.replace(from, to);
};

describe('checkAction', () => {
  it("accepts this repository's action.yml", () => {
    expect(checkAction(ACTION)).toEqual([]);
  });

  it.each([
    ['a Feather icon GitHub leaves out', /icon: \w+/, 'icon: key', /\/branding\/icon/],
    ['another left-out icon', /icon: \w+/, 'icon: x-octagon', /\/branding\/icon/],
    ['an unknown colour', /color: \w+/, 'color: pink', /\/branding\/color/],
    ['a runtime nobody runs', /using: node24/, 'using: node8', /\/runs\/using/],
    ['a misspelt key', /post-if:/, 'post_if:', /post_if/],
  ])('refuses %s', (_what, from, to, problem) => {
    const problems = checkAction(withLine(from, to));
    expect(problems.join('\n')).toMatch(problem);
  });
});

describe('extendForSchema', () => {
  it.each([
    ['runs:\n  using: node24\n  main: a.js\n', 'using: node20'],
    ['runs:\n  using: node20\n  main: a.js\n', 'using: node20'],
    ['runs:\n  using: composite\n  steps: []\n', 'using: composite'],
  ])('checks %j as %s', (text, expected) => {
    expect(extendForSchema(text)).toContain(expected);
  });
});

describe('checkWorkflowSchema', () => {
  it('accepts a minimal workflow', () => {
    const text =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n';
    expect(checkWorkflowSchema(text)).toEqual([]);
  });

  it('refuses a job without runs-on or uses', () => {
    const text = 'on: push\njobs:\n  a:\n    steps:\n      - run: echo\n';
    expect(checkWorkflowSchema(text)).not.toEqual([]);
  });
});
