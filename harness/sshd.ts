import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from './ssh-tools.js';
import { runProcess } from './run-process.js';

const SSHD_PATH = '/usr/sbin/sshd';
const HOST = '127.0.0.1';

export interface SshdOptions {
  authorizedKeys: string[];
  /** sshd_config lines after ours, e.g. `MaxAuthTries 2` (sshd takes the first value it reads). */
  extraConfig?: string[];
  sshdPath?: string;
  readyTimeoutMs?: number;
}

export interface Sshd {
  host: string;
  port: number;
  user: string;
  pid: number;
  /** `[127.0.0.1]:PORT ssh-ed25519 AAAA...` */
  hostKnownHostsLine: string;
  /** A file holding just hostKnownHostsLine. */
  knownHostsFile: string;
  logFile: string;
  /** AuthorizedKeysFile is read per connection, so this takes effect at once. */
  setAuthorizedKeys(keys: string[]): void;
  readLog(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function sshdConfig(dir: string, port: number, hostKey: string, extra: string[]): string {
  return [
    ...extra,
    `ListenAddress ${HOST}`,
    `Port ${port}`,
    `HostKey ${hostKey}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'StrictModes no',
    'UsePAM no',
    'PermitRootLogin prohibit-password',
    'UseDNS no',
    'PrintMotd no',
    'PrintLastLog no',
    'LogLevel VERBOSE',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
}

/** Resolves once the server sends its `SSH-2.0-` banner; rejects if sshd died or timed out. */
async function waitForBanner(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('sshd exited');
    const ready = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: HOST, port });
      socket.setTimeout(1_000, () => socket.destroy());
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString('latin1').startsWith('SSH-'));
      });
      socket.once('close', () => resolve(false));
      socket.once('error', () => resolve(false));
    });
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sshd did not answer on port ${port} within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

interface LaunchOptions {
  sshdPath: string;
  readyTimeoutMs: number;
  extraConfig: string[];
}

async function launch(dir: string, hostKey: string, options: LaunchOptions) {
  const { sshdPath, readyTimeoutMs } = options;
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(config, sshdConfig(dir, port, hostKey, options.extraConfig));
  const logFile = join(dir, 'sshd.log');
  const child = spawn(sshdPath, ['-D', '-f', config, '-E', logFile], {
    env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
    stdio: 'ignore',
  });
  child.on('error', () => undefined);
  try {
    await waitForBanner(port, child, readyTimeoutMs);
    return { port, child, logFile };
  } catch (error) {
    await stopChild(child);
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    throw new Error(`${(error as Error).message}\n--- sshd log ---\n${log}`, { cause: error });
  }
}

/** Another process may take the free port before sshd binds it: try a few ports. */
async function launchWithRetry<T>(attempt: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= attempts) throw error;
    }
  }
}

/** A real sshd on 127.0.0.1, on a free port, configured from scratch in a temp dir. */
export async function startSshd(options: SshdOptions): Promise<Sshd> {
  const sshdPath = options.sshdPath ?? SSHD_PATH;
  if (!existsSync(sshdPath)) {
    throw new Error(
      `${sshdPath} not found: install openssh-server (apt-get install openssh-server)`,
    );
  }
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'sshd-'));
  const authorizedKeysFile = join(dir, 'authorized_keys');
  const setAuthorizedKeys = (keys: string[]) =>
    writeFileSync(authorizedKeysFile, keys.map((key) => `${key.trim()}\n`).join(''));
  setAuthorizedKeys(options.authorizedKeys);
  const hostKey = await generateKeyPair(dir, 'ed25519', 'harness-host');
  try {
    const { port, child, logFile } = await launchWithRetry(() =>
      launch(dir, hostKey.path, {
        sshdPath,
        readyTimeoutMs: options.readyTimeoutMs ?? 10_000,
        extraConfig: options.extraConfig ?? [],
      }),
    );
    const [keyType, keyBlob] = hostKey.publicKey.split(' ');
    const hostKnownHostsLine = `[${HOST}]:${port} ${keyType} ${keyBlob}`;
    const knownHostsFile = join(dir, 'known_hosts');
    writeFileSync(knownHostsFile, `${hostKnownHostsLine}\n`);
    return {
      host: HOST,
      port,
      user: userInfo().username,
      pid: child.pid ?? -1,
      hostKnownHostsLine,
      knownHostsFile,
      logFile,
      setAuthorizedKeys,
      readLog: () => readFileSync(logFile, 'utf8'),
      async stop() {
        await stopChild(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface SshLoginOptions {
  port: number;
  user: string;
  command: string;
  /** The only env ssh gets besides PATH: pass SSH_AUTH_SOCK here, never the machine's. */
  env?: Record<string, string>;
  /** Known hosts to verify the server against (StrictHostKeyChecking=yes). */
  knownHostsFile: string;
  timeoutMs?: number;
}

/** `ssh` that may authenticate only with the agent's keys, never files in the real ~/.ssh. */
export async function sshLogin(options: SshLoginOptions) {
  const noIdentity = join(tmpdir(), 'harness-no-such-identity');
  const args = [
    ...['-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=no'],
    ...['-o', `IdentityFile=${noIdentity}`, '-o', 'PreferredAuthentications=publickey'],
    ...['-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${options.knownHostsFile}`],
    ...['-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'UpdateHostKeys=no'],
    ...['-o', 'ControlMaster=no', '-o', 'ControlPath=none', '-o', 'ConnectTimeout=10'],
    ...['-p', String(options.port), `${options.user}@${HOST}`, options.command],
  ];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env };
  const result = await runProcess('ssh', args, { env, timeoutMs: options.timeoutMs ?? 30_000 });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}
