// Cold start: the action's main and post steps, run the way the runner runs them, against the
// floor of `node -e ''` plus ssh-agent and ssh-add of the same key, interleaved round by round
// under Node 24, against the emulator; then peak RSS, the size of dist/, and what each dependency
// costs at start-up (load-shares.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Job } from '../../harness/action-runner.js';
import { repoRoot } from '../../harness/node24.js';
import type { Emulator } from '../../emulator/server.js';
import { loadShares, loadShareTable } from './load-shares.js';
import { budgetLine, directorySize, median, runCommand, timed } from './measure.js';

export interface ColdStartOptions {
  node: string;
  rounds: number;
  emulator: Emulator;
  /** A scratch directory the caller removes. */
  work: string;
  inputs: Record<string, string>;
  /** Another build's dist/ (e.g. the last release's), run in the same rounds for comparison. */
  baselineDist?: string;
}

const RSS_ROUNDS = 5;

interface StepTimes {
  main: number;
  post: number;
  stderr: string;
}

/** node -e '' plus ssh-agent and ssh-add of the key, from a shell; the agent is stopped after. */
async function floorOnce(options: ColdStartOptions, keyFile: string, round: number) {
  const sock = join(options.work, `floor-${round}.sock`);
  const pidFile = join(options.work, `floor-${round}.pid`);
  const script = `"$NODE" -e '' && ssh-agent -s -a "$SOCK" > "$PIDFILE" && SSH_AUTH_SOCK="$SOCK" ssh-add -q "$KEY" 2>/dev/null`;
  const env = { ...process.env, NODE: options.node, SOCK: sock, PIDFILE: pidFile, KEY: keyFile };
  const { ms, value: code } = await timed(() => runCommand('sh', ['-c', script], env));
  if (code !== 0) throw new Error(`floor command failed with ${code}`);
  const pid = /SSH_AGENT_PID=(\d+)/.exec(readFileSync(pidFile, 'utf8'))?.[1];
  if (pid) process.kill(Number(pid));
  return ms;
}

async function bareNodeOnce(node: string): Promise<number> {
  return (await timed(() => runCommand(node, ['-e', '']))).ms;
}

/** One job: main then post; each timed from spawn to exit of its process. */
async function actionOnce(
  options: ColdStartOptions,
  env: Record<string, string> = {},
  dist?: string,
) {
  const root = dist ? resolve(repoRoot, dist) : '';
  const scripts = dist
    ? { mainScript: join(root, 'main', 'index.js'), postScript: join(root, 'post', 'index.js') }
    : {};
  const job = new Job({ node: options.node, ...scripts });
  try {
    const main = await job.runMain(options.inputs, { env });
    const post = await job.runPost(main);
    for (const step of [main, post]) {
      if (step.failed) {
        throw new Error(`a ${step.kind} step failed: ${step.commands.errors} ${step.stderr}`);
      }
    }
    const times: StepTimes = {
      main: main.durationMs,
      post: post.durationMs,
      stderr: main.stderr + post.stderr,
    };
    return times;
  } finally {
    job.dispose();
  }
}

async function peakRssMiB(options: ColdStartOptions): Promise<number> {
  const file = join(options.work, 'rss');
  const probe = resolve(repoRoot, 'scripts', 'bench', 'rss-probe.mjs');
  for (let i = 0; i < RSS_ROUNDS; i++) {
    await actionOnce(options, { NODE_OPTIONS: `--import=${probe}`, BENCH_RSS_FILE: file });
  }
  const mains = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map(Number)
    .filter((_, i) => i % 2 === 0);
  return Math.max(...mains) / 1024;
}

/** Rounds of floor, bare Node and one job, in alternating order so drift hits all alike. */
async function interleaved(options: ColdStartOptions, keyFile: string) {
  const floor: number[] = [];
  const bare: number[] = [];
  const steps: StepTimes[] = [];
  const baseline: StepTimes[] = [];
  const { baselineDist } = options;
  await floorOnce(options, keyFile, -1);
  await actionOnce(options); // warm the file cache; not counted
  if (baselineDist) await actionOnce(options, {}, baselineDist);
  for (let round = 0; round < options.rounds; round++) {
    const parts = [
      async () => floor.push(await floorOnce(options, keyFile, round)),
      async () => bare.push(await bareNodeOnce(options.node)),
      async () => steps.push(await actionOnce(options)),
    ];
    if (baselineDist)
      parts.push(async () => baseline.push(await actionOnce(options, {}, baselineDist)));
    for (const part of round % 2 ? parts.reverse() : parts) await part();
  }
  return { floor: median(floor), bare: median(bare), steps, baseline };
}

function baselineLines(baseline: StepTimes[], floor: number, dist: string | undefined): string[] {
  if (!dist || baseline.length === 0) return [];
  const main = median(baseline.map((s) => s.main));
  const post = median(baseline.map((s) => s.post));
  return [
    `  baseline ${dist}:`,
    `    main step ${main.toFixed(0)} ms = ${(main / floor).toFixed(2)}x floor; post step ${post.toFixed(0)} ms`,
  ];
}

export async function coldStartBench(
  options: ColdStartOptions,
): Promise<{ report: string[]; budgets: string[] }> {
  const keyFile = join(options.work, 'key');
  const record = options.emulator
    .listSecrets()
    .find((s) => s.name === options.inputs['secret-name']);
  writeFileSync(keyFile, record?.privateKey ?? '', { mode: 0o600 });
  const { floor, bare, steps, baseline } = await interleaved(options, keyFile);
  const main = median(steps.map((s) => s.main));
  const post = median(steps.map((s) => s.post));
  const stderrRuns = steps.filter((s) => s.stderr.trim() !== '').length;
  const rss = await peakRssMiB(options);
  const distBytes = directorySize(join(repoRoot, 'dist'));
  const shares = await loadShares(options.node, options.rounds);
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const report = [
    `cold start, ${options.rounds} rounds interleaved, medians, each step from spawn to exit:`,
    `  bare node -e ''                          ${ms(bare)}`,
    `  floor (node -e '' + ssh-agent + ssh-add) ${ms(floor)}`,
    `  main step (get, ssh-agent)               ${ms(main)} = ${(main / floor).toFixed(2)}x floor`,
    `  post step                                ${ms(post)}`,
    ...baselineLines(baseline, floor, options.baselineDist),
    `  peak RSS of the main step                ${rss.toFixed(1)} MiB (max of ${RSS_ROUNDS})`,
    `  dist/                                    ${(distBytes / 1024).toFixed(0)} KiB`,
    'load time of each part alone (its bundle minus bare Node, spawn to exit):',
    ...loadShareTable(shares),
  ];
  const budgets = [
    budgetLine(main <= 1.5 * floor, `main step <= 1.5x floor (${(main / floor).toFixed(2)}x)`),
    budgetLine(distBytes <= 1024 * 1024, `dist/ <= 1 MiB (${(distBytes / 1024).toFixed(0)} KiB)`),
    budgetLine(rss <= 80, `peak RSS <= 80 MiB (${rss.toFixed(1)} MiB)`),
    budgetLine(
      stderrRuns === 0,
      `nothing on stderr in successful runs (${stderrRuns} of ${options.rounds} had some)`,
    ),
  ];
  return { report, budgets };
}
