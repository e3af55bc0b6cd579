import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type Node24Deps, resolveNode24 } from '../../harness/node24.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Fake binaries are real files named by their major version, e.g. `<dir>/node-24`. */
function fakeWorld(overrides: Partial<Node24Deps> & { cached?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'node24-'));
  dirs.push(dir);
  const bin = (major: number) => {
    const path = join(dir, `node-${major}`);
    writeFileSync(path, '');
    return path;
  };
  const installs: string[] = [];
  const deps: Node24Deps = {
    env: {},
    execPath: bin(20),
    cacheFile: join(dir, 'cache', 'node24-path'),
    majorOf: (path) => (existsSync(path) ? Number(path.split('-').at(-1)) : undefined),
    installFromNpm: () => {
      installs.push('npx');
      return bin(24);
    },
    ...overrides,
  };
  return { dir, bin, deps, installs };
}

describe('resolveNode24', () => {
  it('prefers NODE24_BIN', () => {
    const world = fakeWorld();
    const path = world.bin(24);
    expect(resolveNode24({ ...world.deps, env: { NODE24_BIN: path } })).toBe(path);
    expect(world.installs).toEqual([]);
  });

  it('rejects a NODE24_BIN of another major', () => {
    const world = fakeWorld();
    const env = { NODE24_BIN: world.bin(22) };
    expect(() => resolveNode24({ ...world.deps, env })).toThrow(/NODE24_BIN .* is Node 22/);
  });

  it('uses this process when it is Node 24', () => {
    const world = fakeWorld();
    const self = world.bin(24);
    expect(resolveNode24({ ...world.deps, execPath: self })).toBe(self);
    expect(world.installs).toEqual([]);
  });

  it('installs once through npx and then reuses the cached path', () => {
    const world = fakeWorld();
    const first = resolveNode24(world.deps);
    expect(readFileSync(world.deps.cacheFile, 'utf8').trim()).toBe(first);
    expect(resolveNode24(world.deps)).toBe(first);
    expect(world.installs).toEqual(['npx']);
  });

  it('installs again when the cached binary is gone', () => {
    const world = fakeWorld();
    const first = resolveNode24(world.deps);
    rmSync(first);
    expect(resolveNode24(world.deps)).toBe(first);
    expect(world.installs).toEqual(['npx', 'npx']);
  });

  it('provides a real Node 24 binary to tests through inject', () => {
    const version = execFileSync(inject('node24'), ['-p', 'process.version'], { encoding: 'utf8' });
    expect(version.trim()).toMatch(/^v24\./);
  });
});
