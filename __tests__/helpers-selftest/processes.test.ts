import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  isProcessAlive,
  listSshAgents,
  pidsNamed,
  processArgs,
  waitForExit,
} from '../../harness/processes.js';
import { startAgent } from '../../harness/ssh-tools.js';

const dir = mkdtempSync(join(tmpdir(), 'processes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('processes', () => {
  it.each([
    ['this process', process.pid, true],
    ['pid 0', 0, false],
    ['a negative pid', -5, false],
    ['a pid that cannot exist', 2 ** 22 + 1, false],
  ])('isProcessAlive(%s)', (_name, pid, alive) => {
    expect(isProcessAlive(pid)).toBe(alive);
  });

  it('sees a child exit', async () => {
    const child = spawn('sleep', ['30']);
    const pid = child.pid ?? -1;
    expect(isProcessAlive(pid)).toBe(true);
    expect(pidsNamed('sleep')).toContain(pid);
    expect(processArgs(pid)).toEqual(['sleep', '30']);
    child.kill('SIGKILL');
    expect(await waitForExit(pid)).toBe(true);
    expect(isProcessAlive(pid)).toBe(false);
  });

  it('lists a running ssh-agent and forgets it once killed (even as an unreaped zombie)', async () => {
    const agent = await startAgent(join(dir, 'agent.sock'));
    expect(listSshAgents()).toContain(agent.pid);
    await agent.stop();
    expect(isProcessAlive(agent.pid)).toBe(false);
    expect(listSshAgents()).not.toContain(agent.pid);
  });

  it('waitForExit gives up on a live process', async () => {
    expect(await waitForExit(process.pid, 100)).toBe(false);
  });
});
