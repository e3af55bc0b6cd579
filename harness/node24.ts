import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `<repo>/harness/`). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** action.yml says `runs.using: node24`: the bundle must be exercised on that major. */
const REQUIRED_NODE_MAJOR = 24;

const defaultNode24CacheFile = join(repoRoot, '.tmp', 'node24-path');

/** The outside world node24 resolution touches; tests replace parts of it. */
export interface Node24Deps {
  env: NodeJS.ProcessEnv;
  execPath: string;
  cacheFile: string;
  /** Major version of a node binary, or undefined if it cannot be run. */
  majorOf: (bin: string) => number | undefined;
  /** Fetch node@24 from the npm registry and return its binary path. */
  installFromNpm: () => string;
}

function nodeMajorOf(bin: string): number | undefined {
  try {
    const out = execFileSync(bin, ['-p', 'process.versions.node'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 30_000,
    });
    const major = Number.parseInt(out.trim().split('.')[0] ?? '', 10);
    return Number.isNaN(major) ? undefined : major;
  } catch {
    return undefined;
  }
}

/** `npx -y node@24` puts the real ELF binary in the npx cache; `-p process.execPath` names it. */
function installNode24FromNpm(): string {
  const out = execFileSync('npx', ['-y', `node@${REQUIRED_NODE_MAJOR}`, '-p', 'process.execPath'], {
    encoding: 'utf8',
    cwd: tmpdir(),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
  const path = out
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .at(-1);
  if (!path) throw new Error('npx node@24 printed no path for process.execPath');
  return path;
}

function defaultDeps(): Node24Deps {
  return {
    env: process.env,
    execPath: process.execPath,
    cacheFile: defaultNode24CacheFile,
    majorOf: nodeMajorOf,
    installFromNpm: installNode24FromNpm,
  };
}

function readCachedPath(cacheFile: string): string | undefined {
  if (!existsSync(cacheFile)) return undefined;
  const path = readFileSync(cacheFile, 'utf8').trim();
  return path.length > 0 && existsSync(path) ? path : undefined;
}

function requireNode24(bin: string, origin: string, deps: Node24Deps): string {
  const major = deps.majorOf(bin);
  if (major !== REQUIRED_NODE_MAJOR) {
    throw new Error(
      `${origin} (${bin}) is Node ${major ?? 'unrunnable'}, expected Node ${REQUIRED_NODE_MAJOR}`,
    );
  }
  return bin;
}

/**
 * Path of a Node 24 binary: $NODE24_BIN, else this process if it is Node 24, else the
 * cached npx download, else a fresh `npx -y node@24` (cached for next time).
 */
export function resolveNode24(overrides: Partial<Node24Deps> = {}): string {
  const deps = { ...defaultDeps(), ...overrides };
  const fromEnv = deps.env.NODE24_BIN;
  if (fromEnv) return requireNode24(fromEnv, 'NODE24_BIN', deps);
  if (deps.majorOf(deps.execPath) === REQUIRED_NODE_MAJOR) return deps.execPath;

  const cached = readCachedPath(deps.cacheFile);
  if (cached && deps.majorOf(cached) === REQUIRED_NODE_MAJOR) return cached;

  const installed = requireNode24(deps.installFromNpm(), 'npx node@24', deps);
  mkdirSync(dirname(deps.cacheFile), { recursive: true });
  writeFileSync(deps.cacheFile, `${installed}\n`);
  return installed;
}

let memo: string | undefined;

/** resolveNode24() once per process, for helpers that are not handed the path. */
export function node24(): string {
  memo ??= resolveNode24();
  return memo;
}
