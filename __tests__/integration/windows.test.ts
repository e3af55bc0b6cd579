// Windows runners, as far as Linux can play one: an ssh-add older than OpenSSH 8.4 (Windows
// Server ships one), and the bundle told it runs on win32 with icacls stood in for by a script.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { agentAdd, agentFingerprints, startAgent } from '../../harness/ssh-tools.js';
import { describeStep, normalisedKey, test, type Kit } from './kit.js';

const realSshAdd = execFileSync('sh', ['-c', 'command -v ssh-add'], { encoding: 'utf8' }).trim();

/** A bin directory whose ssh-add treats `-d -` as a file named "-", as OpenSSH < 8.4 does. */
function oldSshAddBin(kit: Kit): string {
  const bin = kit.scratchDir();
  const script = `#!/bin/sh
prev=
for arg in "$@"; do
  if [ "$prev" = "-d" ] && [ "$arg" = "-" ]; then
    echo "Bad key file -: No such file or directory" >&2
    exit 1
  fi
  prev=$arg
done
exec ${realSshAdd} "$@"
`;
  writeFileSync(join(bin, 'ssh-add'), script);
  chmodSync(join(bin, 'ssh-add'), 0o755);
  return bin;
}

/**
 * Env that makes the bundle believe it runs on Windows (process.platform is all it asks) and
 * puts an `icacls` on PATH that logs its arguments and the file's size, then exits `exitCode`.
 */
function windowsEnv(kit: Kit, exitCode = 0) {
  const dir = kit.scratchDir();
  const preload = join(dir, 'win32.cjs');
  writeFileSync(preload, "Object.defineProperty(process, 'platform', { value: 'win32' });\n");
  const log = join(dir, 'icacls.log');
  const script = `#!/bin/sh
printf '%s|' "$@" >> '${log}'
printf 'size=%s\\n' "$(wc -c < "$1")" >> '${log}'
echo "$1: Access is denied." >&2
exit ${exitCode}
`;
  writeFileSync(join(dir, 'icacls'), script);
  chmodSync(join(dir, 'icacls'), 0o755);
  const env = {
    NODE_OPTIONS: `--require ${preload}`,
    PATH: `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    USERDOMAIN: 'RUNNER',
  };
  return { env, icaclsLog: () => (existsSync(log) ? readFileSync(log, 'utf8') : '') };
}

describe('an ssh-add older than OpenSSH 8.4', () => {
  test('the post step still removes the key from a reused agent', async ({ kit }) => {
    const [ours, theirs] = [kit.seed(), kit.seed()];
    const agent = await startAgent(join(kit.scratchDir(), 'agent.sock'));
    try {
      await agentAdd(agent.sock, theirs.privateKey);
      const bin = oldSshAddBin(kit);
      const job = kit.newJob({
        SSH_AUTH_SOCK: agent.sock,
        PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      });
      const main = await job.runMain(kit.inputs({ 'secret-name': ours.name }));
      expect(main.failed, describeStep(main)).toBe(false);
      expect(await agentFingerprints(agent.sock)).toEqual([theirs.fingerprint, ours.fingerprint]);

      const post = await job.runPost(main);
      expect(post.exitCode, describeStep(post)).toBe(0);
      expect(post.commands.warnings).toEqual([]);
      expect(await agentFingerprints(agent.sock)).toEqual([theirs.fingerprint]);
    } finally {
      await agent.stop();
    }
  });
});

describe('on a Windows runner', () => {
  test('key-lifetime is refused before any API call, naming the real reason', async ({ kit }) => {
    const record = kit.seed();
    const { env } = windowsEnv(kit);
    const job = kit.newJob(env);
    const main = await job.runMain(
      kit.inputs({ 'secret-name': record.name, 'key-lifetime': '600' }),
    );
    expect(main.failed).toBe(true);
    expect(main.commands.errors.map((error) => error.message)).toEqual([
      expect.stringMatching(
        /^Input 'key-lifetime' \('600'\) is not supported on Windows runners: the OpenSSH agent service that ships with Windows refuses key constraints/,
      ),
    ]);
    expect(kit.callsFor(record.name)).toEqual([]);
  });

  test('the key file is restricted to the current user before the key is written', async ({
    kit,
  }) => {
    const record = kit.seed();
    const { env, icaclsLog } = windowsEnv(kit);
    const job = kit.newJob(env);
    const inputs = { 'secret-name': record.name, 'ssh-agent': 'false', 'key-file': 'keys/id' };
    const main = await job.runMain(kit.inputs(inputs));
    expect(main.failed, describeStep(main)).toBe(false);
    const file = join(job.workspace, 'keys', 'id');
    const account = `RUNNER\\${execFileSync('id', ['-un'], { encoding: 'utf8' }).trim()}`;
    // Set on the empty temp file the key is written to, then linked into place as `file`.
    const [target, ...rest] = icaclsLog().split('|');
    expect(target).toMatch(/\/keys\/\.id\.[0-9a-f]{16}\.tmp$/);
    expect(rest.join('|')).toBe(`/inheritance:r|/grant:r|${account}:F|size=0\n`);
    expect(readFileSync(file, 'utf8')).toBe(normalisedKey(record));
    expect(main.stdout).toContain(`Wrote the key to ${file} (readable only by ${account}).`);

    const post = await job.runPost(main);
    expect(post.exitCode, describeStep(post)).toBe(0);
    expect(existsSync(join(job.workspace, 'keys'))).toBe(false);
  });

  test('a failing icacls fails the step and leaves no key file', async ({ kit }) => {
    const record = kit.seed();
    const { env } = windowsEnv(kit, 5);
    const job = kit.newJob(env);
    const inputs = { 'secret-name': record.name, 'ssh-agent': 'false', 'key-file': 'keys/id' };
    const main = await job.runMain(kit.inputs(inputs));
    expect(main.failed).toBe(true);
    const file = join(job.workspace, 'keys', 'id');
    expect(main.commands.errors.map((error) => error.message)).toEqual([
      expect.stringContaining(`Input 'key-file': could not restrict ${file} to RUNNER\\`),
    ]);
    expect(main.outputs).not.toHaveProperty('key-file');
    expect(existsSync(join(job.workspace, 'keys'))).toBe(false);
  });
});
