// The benchmark (npm run bench): the action's main and post steps against the physical floor,
// interleaved, under Node 24, against the emulator; peak memory, bundle size, and parallel load.
// Knobs: BENCH_ROUNDS (15), BENCH_N (40 concurrent jobs), BENCH_R (5 requests/s at the emulator).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Job, type StepResult } from '../harness/action-runner.js';
import { node24, repoRoot } from '../harness/node24.js';
import { startEmulator } from '../emulator/server.js';
import { budgetLine, directorySize, median, runCommand, timed } from './bench/measure.js';
import { parallelBench } from './bench/parallel.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const N = Number(process.env.BENCH_N ?? 40);
const R = Number(process.env.BENCH_R ?? 5);
const RSS_ROUNDS = 5;
const node = node24();
const work = mkdtempSync(join(tmpdir(), 'bench-'));
const emulator = await startEmulator();
const secret = emulator.addSecret({ name: 'bench-key' });
const keyFile = join(work, 'key');
writeFileSync(keyFile, secret.privateKey, { mode: 0o600 });
const inputs = {
  'secret-name': 'bench-key',
  region: 'ap-guangzhou',
  endpoint: emulator.url,
  'secret-id': emulator.credentials.secretId,
  'secret-key': emulator.credentials.secretKey,
};

/** node -e '' plus ssh-agent and ssh-add of the same key, from a shell; the agent is stopped after. */
async function floorOnce(round: number): Promise<number> {
  const sock = join(work, `floor-${round}.sock`);
  const pidFile = join(work, `floor-${round}.pid`);
  const script = `"$NODE" -e '' && ssh-agent -s -a "$SOCK" > "$PIDFILE" && SSH_AUTH_SOCK="$SOCK" ssh-add -q "$KEY" 2>/dev/null`;
  const env = { ...process.env, NODE: node, SOCK: sock, PIDFILE: pidFile, KEY: keyFile };
  const { ms, value: code } = await timed(() => runCommand('sh', ['-c', script], env));
  if (code !== 0) throw new Error(`floor command failed with ${code}`);
  const pid = /SSH_AGENT_PID=(\d+)/.exec(readFileSync(pidFile, 'utf8'))?.[1];
  if (pid) process.kill(Number(pid));
  return ms;
}

interface StepTimes {
  main: number;
  post: number;
  stderr: string;
}

async function actionOnce(env: Record<string, string> = {}): Promise<StepTimes> {
  const job = new Job({ node });
  try {
    const main = await timed(() => job.runMain(inputs, { env }));
    const post = await timed(() => job.runPost(main.value));
    for (const step of [main.value, post.value]) assertOk(step);
    return { main: main.ms, post: post.ms, stderr: main.value.stderr + post.value.stderr };
  } finally {
    job.dispose();
  }
}

function assertOk(step: StepResult): void {
  if (step.failed)
    throw new Error(`a ${step.kind} step failed: ${step.commands.errors.join(' | ')}`);
}

async function peakRssMiB(): Promise<number> {
  const file = join(work, 'rss');
  const probe = resolve(repoRoot, 'scripts', 'bench', 'rss-probe.mjs');
  for (let i = 0; i < RSS_ROUNDS; i++) {
    await actionOnce({ NODE_OPTIONS: `--import=${probe}`, BENCH_RSS_FILE: file });
  }
  const mains = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map(Number)
    .filter((_, i) => i % 2 === 0);
  return Math.max(...mains) / 1024;
}

async function main(): Promise<void> {
  const floor: number[] = [];
  const steps: StepTimes[] = [];
  await floorOnce(-1);
  await actionOnce(); // warm the file cache; not counted
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) floor.push(await floorOnce(round));
    steps.push(await actionOnce());
    if (round % 2 === 1) floor.push(await floorOnce(round));
  }
  const floorMs = median(floor);
  const mainMs = median(steps.map((s) => s.main));
  const postMs = median(steps.map((s) => s.post));
  const stderrRuns = steps.filter((s) => s.stderr.trim() !== '').length;
  const rss = await peakRssMiB();
  const distBytes = directorySize(join(repoRoot, 'dist'));
  const load = await parallelBench({ node, n: N, r: R, inputs, emulator });
  console.log(`action runs on ${node}`);
  console.log(`rounds: ${ROUNDS} (interleaved), medians:`);
  console.log(`  floor (node -e '' + ssh-agent + ssh-add) ${floorMs.toFixed(0)} ms`);
  console.log(
    `  main step (get, ssh-agent)              ${mainMs.toFixed(0)} ms  = ${(mainMs / floorMs).toFixed(2)}x floor`,
  );
  console.log(`  post step                               ${postMs.toFixed(0)} ms`);
  console.log(
    `  peak RSS of the main step               ${rss.toFixed(1)} MiB (max of ${RSS_ROUNDS})`,
  );
  console.log(`  dist/                                   ${(distBytes / 1024).toFixed(0)} KiB`);
  load.report.forEach((line) => console.log(`  ${line}`));
  console.log('budgets:');
  const lines = [
    budgetLine(
      mainMs <= 1.5 * floorMs,
      `main step median <= 1.5x floor (${(mainMs / floorMs).toFixed(2)}x)`,
    ),
    budgetLine(distBytes <= 1024 * 1024, `dist/ <= 1 MiB (${(distBytes / 1024).toFixed(0)} KiB)`),
    budgetLine(rss <= 80, `peak RSS <= 80 MiB (${rss.toFixed(1)} MiB)`),
    budgetLine(
      stderrRuns === 0,
      `nothing on stderr in successful runs (${stderrRuns} of ${ROUNDS} had some)`,
    ),
    ...load.budgets,
  ];
  lines.forEach((line) => console.log(`  ${line}`));
  process.exitCode = lines.every((line) => line.startsWith('PASS')) ? 0 : 1;
}

try {
  await main();
} finally {
  await emulator.close();
  rmSync(work, { recursive: true, force: true });
}
