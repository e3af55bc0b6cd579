// What each dependency costs the main step at start-up: every part is bundled alone with ncc (the
// way dist/ is built) and timed as `node <bundle>` against bare `node -e ''`, interleaved, under
// Node 24. Parts share built-ins, so the shares overlap; each says what leaving it out would save.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../harness/node24.js';
import { median, runCommand, timed } from './measure.js';

interface Part {
  label: string;
  /** The entry's source: it loads the part and touches one export, as the action would. */
  source: string;
  /** Whether the main step of `mode: get` with static keys and no proxy needs it at all. */
  neededByGet: string;
}

const SSM_CLIENT = 'tencentcloud-sdk-nodejs/tencentcloud/services/ssm/v20190923/ssm_client.js';

const PARTS: Part[] = [
  { label: 'nothing (an empty bundle: the noise)', source: '', neededByGet: '-' },
  { label: 'node:https (TLS)', source: "import 'node:https';", neededByGet: 'yes: any real call' },
  { label: 'node:http', source: "import 'node:http';", neededByGet: 'yes' },
  { label: 'node:crypto', source: "import 'node:crypto';", neededByGet: 'yes: signing, keys' },
  {
    label: 'node:child_process',
    source: "import 'node:child_process';",
    neededByGet: 'yes: agent',
  },
  { label: 'node:zlib', source: "import 'node:zlib';", neededByGet: 'no: node-fetch imports it' },
  {
    label: 'node:readline',
    source: "import 'node:readline';",
    neededByGet: "no: the SDK's server-sent events",
  },
  {
    label: '@actions/core (http-client, exec stood in)',
    source: "import * as core from '@actions/core'; core.isDebug();",
    neededByGet: 'yes: commands, files',
  },
  {
    label: 'SSM client (SDK, node-fetch, json-bigint, uuid)',
    source: `import { Client } from '${SSM_CLIENT}'; void Client;`,
    neededByGet: 'yes',
  },
  {
    label: '  of which node-fetch',
    source: "import fetch from 'node-fetch'; void fetch;",
    neededByGet: 'yes: the SDK sends with it',
  },
  {
    label: '  of which uuid',
    source: "import { v4 } from 'uuid'; void v4;",
    neededByGet: 'yes: X-TC-TraceId',
  },
  {
    label: 'https-proxy-agent (+ agent-base, debug)',
    source: "import { HttpsProxyAgent } from 'https-proxy-agent'; void HttpsProxyAgent;",
    neededByGet: 'only with a proxy: loaded then',
  },
];

export interface LoadShare {
  label: string;
  neededByGet: string;
  bundleKiB: number;
  /** Median load time of the part's bundle minus bare Node's, in milliseconds. */
  ms: number;
}

/** Bundles every part with ncc into .tmp/load-shares (the first run takes a minute). */
function buildParts(): string[] {
  const root = join(repoRoot, '.tmp', 'load-shares');
  const ncc = join(repoRoot, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
  return PARTS.map((part, index) => {
    const dir = join(root, String(index));
    mkdirSync(dir, { recursive: true });
    const entry = join(dir, 'entry.mjs');
    writeFileSync(entry, `${part.source}\n`);
    const out = join(dir, 'out');
    execFileSync(process.execPath, [ncc, 'build', entry, '-o', out, '--minify', '--quiet'], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return join(out, 'index.mjs');
  });
}

/** Rounds of: bare node, then every part, in alternating order; medians per part. */
/** dist/main/index.js run with no inputs: loads the start chunk, then fails at the settings. */
const ACTION_START = {
  label: "the action's start chunk (dist/main, no inputs)",
  neededByGet: 'yes',
  file: join(repoRoot, 'dist', 'main', 'index.js'),
};

export async function loadShares(node: string, rounds: number): Promise<LoadShare[]> {
  const files = [...buildParts(), ACTION_START.file];
  const commands = [['-e', ''], ...files.map((file) => [file])];
  const times = commands.map(() => [] as number[]);
  const bareEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const once = async (index: number) => {
    const { ms, value: code } = await timed(() => runCommand(node, commands[index], bareEnv));
    const expected = index === commands.length - 1 ? 1 : 0;
    if (code !== expected) throw new Error(`loading part ${index} ended with ${code}`);
    times[index].push(ms);
  };
  for (let i = 0; i < commands.length; i++) await once(i); // warm the file cache
  for (let round = 0; round < rounds; round++) {
    const order = commands.map((_, i) => i);
    for (const index of round % 2 ? order.reverse() : order) await once(index);
  }
  const bare = median(times[0]);
  return [...PARTS, ACTION_START].map((part, i) => ({
    label: part.label,
    neededByGet: part.neededByGet,
    bundleKiB: statSync(files[i]).size / 1024,
    ms: median(times[i + 1]) - bare,
  }));
}

export function loadShareTable(shares: LoadShare[]): string[] {
  const rows = shares.map(
    (s) =>
      `| ${s.label} | ${s.bundleKiB.toFixed(0)} KiB | ${s.ms.toFixed(1)} ms | ${s.neededByGet} |`,
  );
  return ['| part | bundle | load time | needed by `get` |', '| --- | --- | --- | --- |', ...rows];
}
