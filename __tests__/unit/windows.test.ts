// A Windows runner, faked: the OpenSSH agent service that ships with Windows Server images
// (8.1-era ssh-add, keys kept across jobs, no key constraints) and icacls.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({
  setSecret: vi.fn(),
  getInput: vi.fn(() => ''),
  getState: vi.fn(() => ''),
  info: vi.fn(),
  debug: vi.fn(),
  warning: vi.fn(),
}));

import { addKey, agentHasKey, keyIdentity, removeKey } from '../../src/delivery/agent-keys.js';
import { ensureAgent, WINDOWS_AGENT_PIPE } from '../../src/delivery/agent.js';
import { realBounds, realCleanupDeps } from '../../src/delivery/cleanup-deps.js';
import { run as runPost } from '../../src/post.js';
import { writeKeyFile } from '../../src/delivery/files.js';
import { readSettings } from '../../src/settings/read-settings.js';
import type { JournalEntry } from '../../src/delivery/journal-types.js';
import type { ProcessRunner, RunOptions, RunResult } from '../../src/process.js';
import { InputError } from '../../src/settings/validate.js';
import { currentAccount } from '../../src/delivery/windows-acl.js';

const ACCOUNT = 'RUNNER\\runneradmin';
const tempDirs: string[] = [];

function tempDir(prefix = 'windows-test-') {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const result = (code: number, stdout = '', stderr = ''): RunResult => ({
  code,
  stdout,
  stderr,
  timedOut: false,
});

interface Call {
  command: string;
  args: readonly string[];
  /** What a file argument held when the tool ran (ssh-add -d <file>, icacls <file>). */
  fileText?: string;
}

/** ssh-add as OpenSSH 8.1 for Windows behaves against the agent service; icacls as configured. */
class FakeWindowsRunner implements ProcessRunner {
  /** The agent service's keys: kept in the registry, so they outlive jobs. */
  readonly keys = new Set<string>();
  readonly calls: Call[] = [];
  icaclsResult = result(0, 'processed file: x\nSuccessfully processed 1 files');

  constructor(private readonly publicOf: (privateKey: string) => string) {}

  async run(command: string, args: readonly string[], options: RunOptions) {
    const file = command === 'icacls' ? args[0] : args[0] === '-d' ? args[1] : undefined;
    const fileText = file && existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    this.calls.push({ command, args, ...(fileText !== undefined ? { fileText } : {}) });
    if (command === 'icacls') return this.icaclsResult;
    if (options.env?.SSH_AUTH_SOCK !== WINDOWS_AGENT_PIPE) {
      return result(2, '', 'Error connecting to agent: No such file or directory\n');
    }
    return this.sshAdd(args, options.input ?? '', fileText);
  }

  private sshAdd(args: readonly string[], input: string, fileText: string | undefined) {
    const [flag, value] = args;
    if (flag === '-l' || flag === '-L') {
      if (this.keys.size === 0) return result(1, 'The agent has no identities.\n');
      return result(0, [...this.keys].map((key) => `${key} from-registry\n`).join(''));
    }
    if (flag === '-t') {
      return result(1, '', 'Could not add identity "(stdin)": agent refused operation\n');
    }
    if (flag === '-') {
      this.keys.add(keyIdentity(this.publicOf(input)) ?? '');
      return result(0, '', 'Identity added: (stdin) ((stdin))\n');
    }
    if (flag === '-d') {
      // Before OpenSSH 8.4, "-" is just a file name.
      if (fileText === undefined) return result(1, '', `Bad key file ${value}: No such file\n`);
      const wanted = keyIdentity(fileText) ?? '';
      if (!this.keys.delete(wanted)) {
        return result(1, '', `Could not remove identity "${value}": agent refused operation\n`);
      }
      return result(0, '', `Identity removed: ${value}\n`);
    }
    return result(1, '', `unexpected arguments ${args.join(' ')}\n`);
  }
}

let privateKey: string;
let publicKey: string;

beforeAll(() => {
  const file = path.join(tempDir('key-'), 'id');
  const made = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ci', '-f', file]);
  expect(made.status).toBe(0);
  privateKey = readFileSync(file, 'utf8');
  publicKey = readFileSync(`${file}.pub`, 'utf8').trim();
});

const fakeWindows = () => new FakeWindowsRunner(() => publicKey);

/** Runs the post step with the real cleanup code on the fake runner; returns its log. */
async function postStep(runner: ProcessRunner, entries: JournalEntry[]) {
  const logs = { info: [] as string[], warning: [] as string[] };
  await runPost({
    ...realCleanupDeps(runner),
    // The bounds a post step on Windows derives: the agent service counts as a reused agent.
    bounds: realBounds({ ...process.env, SSH_AUTH_SOCK: undefined }, 'win32'),
    getState: () => JSON.stringify(entries),
    logger: {
      info: (m) => logs.info.push(m),
      warning: (m) => logs.warning.push(m),
      debug: () => undefined,
    },
  });
  return logs;
}

describe('removing the key from the Windows agent service', () => {
  it('uses a public key file, which ssh-add before 8.4 can read', async () => {
    const runner = fakeWindows();
    runner.keys.add('ssh-rsa AAAAothers');
    await addKey(WINDOWS_AGENT_PIPE, privateKey, { runner });
    const scratch = tempDir();
    expect(await removeKey(WINDOWS_AGENT_PIPE, publicKey, runner, scratch)).toBe('removed');
    expect([...runner.keys]).toEqual(['ssh-rsa AAAAothers']);
    const removal = runner.calls.find((call) => call.args[0] === '-d');
    expect(removal?.args).toEqual(['-d', expect.stringMatching(/key\.pub$/)]);
    expect(removal?.args[1]?.startsWith(scratch)).toBe(true);
    expect(removal?.fileText).toBe(`${keyIdentity(publicKey)}\n`);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('the stdin form the post step used before fails on this ssh-add', async () => {
    const runner = fakeWindows();
    const env = { SSH_AUTH_SOCK: WINDOWS_AGENT_PIPE };
    const old = await runner.run('ssh-add', ['-d', '-'], { env, input: publicKey });
    expect(old.code).toBe(1);
  });

  it('the next job finds the agent without the key after the post step', async () => {
    const runner = fakeWindows();
    for (const job of [1, 2]) {
      const agent = await ensureAgent({ env: {}, runner, platform: 'win32' });
      expect(agent).toEqual({ socket: WINDOWS_AGENT_PIPE, started: false });
      expect(await agentHasKey(agent.socket, publicKey, runner), `job ${job}`).toBe(false);
      await addKey(agent.socket, privateKey, { runner });
      const logs = await postStep(runner, [{ kind: 'key-added', socket: agent.socket, publicKey }]);
      expect(logs.warning).toEqual([]);
      expect(logs.info).toEqual([
        `Removed the ssh-ed25519 key (ci) from the agent at ${agent.socket}.`,
      ]);
      expect(runner.keys.size).toBe(0);
    }
  });
});

describe('key-lifetime on Windows', () => {
  const inputs: Record<string, string> = {
    'secret-name': 'deploy-key',
    region: 'ap-guangzhou',
    'secret-id': 'AKIDexample0123456789',
    'secret-key': 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    'key-lifetime': '600',
  };
  const read = (platform: NodeJS.Platform) =>
    readSettings({ input: (name) => inputs[name] ?? '', env: () => '', platform });

  it.each(['linux', 'darwin'] as const)('is accepted on %s', (platform) => {
    expect(read(platform).keyLifetimeSeconds).toBe(600);
  });

  it('is refused on Windows, naming the input and the real reason', () => {
    let error: unknown;
    try {
      read('win32');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('key-lifetime');
    expect((error as Error).message).toMatch(/^Input 'key-lifetime' \('600'\) is not supported/);
    expect((error as Error).message).toContain('refuses key constraints');
  });

  it('an agent that refuses -t gets a hint about key-lifetime, not about the key', async () => {
    const runner = fakeWindows();
    const attempt = addKey(WINDOWS_AGENT_PIPE, privateKey, { lifetimeSeconds: 60, runner });
    await expect(attempt).rejects.toThrow(/agent refused operation\. .*'key-lifetime'/);
    await expect(attempt).rejects.not.toThrow(/unencrypted private key/);
  });
});

describe('key-file on Windows', () => {
  const windows = (runner: ProcessRunner) => ({
    platform: 'win32' as const,
    runner,
    account: ACCOUNT,
  });

  it('narrows the ACL to the current user while the file is still empty', async () => {
    const runner = fakeWindows();
    const home = tempDir();
    const written = await writeKeyFile('~/keys/id', privateKey, { home }, windows(runner));
    const file = path.join(home, 'keys', 'id');
    expect(written).toMatchObject({
      path: file,
      written: true,
      access: `readable only by ${ACCOUNT}`,
    });
    // Set on the temp file the key is written to before it is linked into place as `file`.
    const temp = expect.stringMatching(/[\\/]keys[\\/]\.id\.[0-9a-f]{16}\.tmp$/);
    expect(runner.calls).toEqual([
      {
        command: 'icacls',
        args: [temp, '/inheritance:r', '/grant:r', `${ACCOUNT}:F`],
        fileText: '',
      },
    ]);
    expect(readFileSync(file, 'utf8')).toBe(privateKey);
  });

  it('a failing icacls leaves no key file and no created directory behind', async () => {
    const runner = fakeWindows();
    runner.icaclsResult = result(5, '', 'keys\\id: Access is denied.\n');
    const home = tempDir();
    const attempt = writeKeyFile('~/keys/id', privateKey, { home }, windows(runner));
    await expect(attempt).rejects.toThrow(
      `could not restrict ${path.join(home, 'keys', 'id')} to ${ACCOUNT} with icacls (exit 5): ` +
        'keys\\id: Access is denied.. The key file was deleted.',
    );
    expect(readdirSync(home)).toEqual([]);
  });

  it('is a plain 0600 file elsewhere: icacls never runs', async () => {
    const runner = fakeWindows();
    const home = tempDir();
    const written = await writeKeyFile('~/id', privateKey, { home }, { platform: 'linux', runner });
    expect(written.access).toBe('mode 0600');
    expect(statSync(written.path).mode & 0o777).toBe(0o600);
    expect(runner.calls).toEqual([]);
  });

  it.each([
    [{ USERDOMAIN: 'RUNNER' }, 'runneradmin', 'RUNNER\\runneradmin'],
    [{ USERDOMAIN: ' ' }, 'runneradmin', 'runneradmin'],
    [{}, 'runneradmin', 'runneradmin'],
  ])('names the account %j + %s as %s', (env, user, expected) => {
    expect(currentAccount(env, user)).toBe(expected);
  });
});
