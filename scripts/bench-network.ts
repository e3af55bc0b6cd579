// The network benchmark on its own: tsx scripts/bench-network.ts (BENCH_RTTS="100,200" in ms,
// BENCH_NET_ROUNDS=3). Exits 1 when a budget fails.
import { node24 } from '../harness/node24.js';
import { networkBench } from './bench/network.js';

const rttsMs = (process.env.BENCH_RTTS ?? '100,200').split(',').map(Number);
const { report, budgets } = await networkBench({ node: node24(), rttsMs });
report.forEach((line) => console.log(line));
console.log('budgets:');
budgets.forEach((line) => console.log(`  ${line}`));
process.exitCode = budgets.every((line) => line.startsWith('PASS')) ? 0 : 1;
