// The benchmark (npm run bench [-- cold|network|parallel ...]; all three by default), under
// Node 24 against the emulator. Each part prints its figures; then every budget, PASS or FAIL,
// and the exit code is 1 if any failed.
//   cold      the main and post steps against the floor, interleaved; RSS; dist size; load shares
//   network   a TLS front with injected round-trip times: connections, handshakes, round trips
//   parallel  N jobs at R requests/s against the floor max(N/R, the same jobs with no limit)
// Knobs: BENCH_ROUNDS (15), BENCH_RTTS ("100,200" ms), BENCH_NET_ROUNDS (5), BENCH_N (40),
// BENCH_R (4 requests/s), BENCH_BASELINE_DIST (another build's dist/, timed in the same rounds).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { node24 } from '../harness/node24.js';
import { startEmulator } from '../emulator/server.js';
import { coldStartBench } from './bench/cold-start.js';
import { networkBench } from './bench/network.js';
import { parallelBench } from './bench/parallel.js';

type Part = 'cold' | 'network' | 'parallel';
const PARTS: Part[] = ['cold', 'network', 'parallel'];

const chosen = process.argv.slice(2).filter((arg) => arg !== '--');
for (const name of chosen) {
  if (!PARTS.includes(name as Part)) throw new Error(`unknown part ${name}: one of ${PARTS}`);
}
const parts = chosen.length ? (chosen as Part[]) : PARTS;
const node = node24();
const work = mkdtempSync(join(tmpdir(), 'bench-'));
const emulator = await startEmulator();
emulator.addSecret({ name: 'bench-key' });
const inputs = {
  'secret-name': 'bench-key',
  region: 'ap-guangzhou',
  endpoint: emulator.url,
  'secret-id': emulator.credentials.secretId,
  'secret-key': emulator.credentials.secretKey,
};

const run: Record<Part, () => Promise<{ report: string[]; budgets: string[] }>> = {
  cold: () =>
    coldStartBench({
      node,
      rounds: Number(process.env.BENCH_ROUNDS ?? 15),
      emulator,
      work,
      inputs,
      baselineDist: process.env.BENCH_BASELINE_DIST,
    }),
  network: () =>
    networkBench({ node, rttsMs: (process.env.BENCH_RTTS ?? '100,200').split(',').map(Number) }),
  parallel: () =>
    parallelBench({
      node,
      n: Number(process.env.BENCH_N ?? 40),
      r: Number(process.env.BENCH_R ?? 4),
      inputs,
      emulator,
    }),
};

try {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Node ${node}; ${cpus().length} x ${cpu}; ${new Date().toISOString()}`);
  const budgets: string[] = [];
  for (const part of parts) {
    const result = await run[part]();
    console.log(`\n## ${part}`);
    result.report.forEach((line) => console.log(line));
    budgets.push(...result.budgets);
  }
  console.log('\nbudgets:');
  budgets.forEach((line) => console.log(`  ${line}`));
  process.exitCode = budgets.every((line) => line.startsWith('PASS')) ? 0 : 1;
} finally {
  await emulator.close();
  rmSync(work, { recursive: true, force: true });
}
