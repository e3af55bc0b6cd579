// The import rule of src/ (README, "Architecture"): imports point down
//   entries -> main.ts / post.ts -> feature folders (auth, ssm, certificate, delivery)
//   -> tencent-api -> shared (settings, ssh-key, top-level modules such as constants and secrets),
// and pure ssh-key/ touches nothing with side effects. `npm run lint` fails on a violation.
const FEATURES = '^src/(auth|ssm|certificate|delivery)/';
const STEPS = '^src/(main|post)\\.ts$';
const SHARED_TOP = '^src/[^/]+\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle means two modules are one concern, or one of them is in the wrong layer.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'only-entries-import-steps',
      severity: 'error',
      comment: 'main.ts and post.ts are the steps; only the entry files call their run().',
      from: { pathNot: '^src/entries/' },
      to: { path: STEPS },
    },
    {
      name: 'nothing-imports-entries',
      severity: 'error',
      from: {},
      to: { path: '^src/entries/' },
    },
    {
      name: 'features-do-not-import-steps',
      severity: 'error',
      from: { path: FEATURES },
      to: { path: [STEPS, '^src/entries/'] },
    },
    {
      name: 'tencent-api-is-below-features',
      severity: 'error',
      comment: 'The call path serves SSM, STS and KMS alike; it knows none of their callers.',
      from: { path: '^src/tencent-api/' },
      to: { path: [FEATURES, STEPS] },
    },
    {
      name: 'shared-never-imports-upward',
      severity: 'error',
      comment: 'settings/, ssh-key/ and the top-level shared modules sit at the bottom.',
      from: { path: ['^src/(settings|ssh-key)/', SHARED_TOP], pathNot: [STEPS] },
      to: { path: ['^src/(tencent-api|auth|ssm|certificate|delivery|entries)/', STEPS] },
    },
    {
      name: 'ssh-key-is-pure',
      severity: 'error',
      comment: 'Parsing, formats, fingerprints and mask lines: no I/O, no runner, no settings.',
      from: { path: '^src/ssh-key/' },
      to: {
        pathNot: ['^src/ssh-key/', '^src/printable\\.ts$', '^(node:)?crypto$'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A module nothing imports is dead code (knip reports unused exports).',
      from: { orphan: true, pathNot: ['^src/entries/', '\\.d\\.ts$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
