import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../harness/node24.js';

/**
 * A stand-in for the bundled action: main.mjs and post.mjs use the real @actions/core, so the
 * harness is tested against the formats the bundle will write. `mode` picks a behaviour.
 */

const coreUrl = pathToFileURL(join(repoRoot, 'node_modules/@actions/core/lib/core.js')).href;

const actionYml = `name: fake
inputs:
  secret-name:
    required: true
  mode:
    default: ok
  with space:
    default: sp
  ssh-agent:
    default: 'true'
runs:
  using: node24
  main: main.mjs
  post: post.mjs
  post-if: always()
`;

/** Prints one REPORT line a test can parse: what the step saw. */
const report = `
const initialEnv = { ...process.env };
const seen = (name) => initialEnv[name] ?? null;
const report = (extra) => console.log('REPORT ' + JSON.stringify({
  version: process.version,
  home: seen('HOME'),
  secretName: seen('INPUT_SECRET-NAME'),
  withSpace: seen('INPUT_WITH_SPACE'),
  mode: seen('INPUT_MODE'),
  sshAuthSock: seen('SSH_AUTH_SOCK'),
  exported: seen('FAKE_SOCK'),
  journal: seen('STATE_journal'),
  path: seen('PATH'),
  ...extra,
}));
`;

const mainScript = `import * as core from '${coreUrl}';
import { spawn } from 'node:child_process';
${report}
const name = core.getInput('secret-name', { required: true });
const mode = core.getInput('mode');
core.setSecret('masked-' + name);
core.setOutput('secret-name', name);
core.setOutput('multi', 'line1\\nline2');
core.exportVariable('FAKE_SOCK', '/tmp/sock-' + name);
core.addPath('/opt/fake-' + name + '/bin');
core.saveState('journal', JSON.stringify({ name }));
core.error('bad: 100%\\nsecond line', { file: 'src/x.ts', startLine: 3 });
core.warning('careful');
core.notice('fyi');
core.debug('dbg');
core.startGroup('grp');
core.endGroup();
console.error('to stderr');
await core.summary.addRaw('summary of ' + name).write();
let extra = {};
if (mode === 'fail') core.setFailed('failed on purpose');
if (mode === 'hang') setTimeout(() => undefined, 60_000);
if (mode === 'daemon') {
  const child = spawn('sleep', ['10'], { detached: true, stdio: 'inherit' });
  child.unref();
  extra = { daemonPid: child.pid };
}
if (mode === 'bad-output') (await import('node:fs')).appendFileSync(process.env.GITHUB_OUTPUT, 'x<<EOF\\nno end\\n');
if (mode === 'summary-mask') await core.summary.addRaw('\\n::add-mask::summary-secret-value\\n').write();
report(extra);
`;

const postScript = `import * as core from '${coreUrl}';
${report}
report({});
core.info('post for ' + core.getInput('secret-name'));
`;

/** Writes the fake action into a fresh temp dir and returns the path of its action.yml. */
export function writeFakeAction(using = 'node24'): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-action-'));
  writeFileSync(join(dir, 'action.yml'), actionYml.replace('node24', using));
  writeFileSync(join(dir, 'main.mjs'), mainScript);
  writeFileSync(join(dir, 'post.mjs'), postScript);
  return join(dir, 'action.yml');
}

export interface Report {
  version: string;
  home: string | null;
  secretName: string | null;
  withSpace: string | null;
  mode: string | null;
  sshAuthSock: string | null;
  exported: string | null;
  journal: string | null;
  path: string | null;
  daemonPid?: number;
}

export function reportOf(stdout: string): Report {
  const line = stdout.split('\n').find((l) => l.startsWith('REPORT '));
  if (!line) throw new Error(`no REPORT line in:\n${stdout}`);
  return JSON.parse(line.slice('REPORT '.length)) as Report;
}
