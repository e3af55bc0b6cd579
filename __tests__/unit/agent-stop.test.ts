import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureAgent, isAgentLive } from '../../src/delivery/agent.js';
import { stopAdder, stopAgent } from '../../src/delivery/agent-stop.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'agent-stop-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('stopAgent without a PID (the step was killed before it learned it)', () => {
  it('finds the agent by its socket, stops it and removes the directory', async () => {
    const agent = await ensureAgent({ env: {}, runnerTemp: root, note: () => undefined });
    const result = await stopAgent(undefined, agent.socketDir!);
    expect(result).toEqual({ outcome: 'stopped', socketDirRemoved: true });
    expect(await isAgentLive(agent.socket)).toBe(false);
    expect(existsSync(agent.socketDir!)).toBe(false);
  });

  it('reports not-running when no agent serves the socket', async () => {
    const result = await stopAgent(undefined, path.join(root, 'ssh-agent-none00'));
    expect(result).toEqual({ outcome: 'not-running', socketDirRemoved: true });
  });
});

describe('stopAdder', () => {
  it.skipIf(process.platform !== 'linux')(
    'kills only a process that talks to our socket',
    async () => {
      const socket = path.join(root, 'agent.sock');
      const child = spawn('sleep', ['30'], {
        env: { PATH: process.env.PATH, SSH_AUTH_SOCK: socket },
        detached: true,
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      try {
        expect(await stopAdder(child.pid!, path.join(root, 'other.sock'))).toBe(false);
        expect(await stopAdder(child.pid!, socket)).toBe(true);
        await exited;
        expect(child.signalCode).toBe('SIGKILL');
      } finally {
        child.kill('SIGKILL');
      }
    },
  );
});
