// Parallel jobs against the rate limit: N main steps at once, first with no limit (what N cold
// starts cost on this machine), then at R requests/s. The floor is the larger of N/R and the
// unlimited makespan; the API calls of the limited run are counted from the emulator's call log.
import { Job, type StepResult } from '../../harness/action-runner.js';
import type { Emulator } from '../../emulator/server.js';
import { budgetLine, timed } from './measure.js';

export interface ParallelOptions {
  node: string;
  n: number;
  r: number;
  inputs: Record<string, string>;
  emulator: Emulator;
}

interface Run {
  ok: number;
  makespanMs: number;
  calls: number;
  throttled: number;
  /** When the calls arrived, in ms after the jobs were started: [first, median, last]. */
  arrivalsMs: [number, number, number];
}

const THROTTLED = 'RequestLimitExceeded';

/** Runs N main steps at once (then their post steps, untimed) at `rate` requests/s (0: no limit). */
async function runJobs(options: ParallelOptions, rate: number): Promise<Run> {
  const { emulator, n } = options;
  emulator.setRateLimit(rate);
  emulator.resetCalls();
  const jobs = Array.from({ length: n }, () => new Job({ node: options.node }));
  const startMs = Date.now();
  try {
    const { ms, value: steps } = await timed(() =>
      Promise.all(jobs.map((job) => job.runMain(options.inputs))),
    );
    const calls = [...emulator.calls];
    await Promise.all(jobs.map((job, i) => job.runPost(steps[i] as StepResult)));
    return {
      ok: steps.filter((step) => !step.failed).length,
      makespanMs: ms,
      calls: calls.length,
      throttled: calls.filter((call) => call.code.startsWith(THROTTLED)).length,
      arrivalsMs: spreadOf(calls.map((call) => call.time - startMs)),
    };
  } finally {
    jobs.forEach((job) => job.dispose());
    emulator.setRateLimit(0);
  }
}

function spreadOf(times: number[]): [number, number, number] {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (fraction: number): number => sorted[Math.floor(fraction * (sorted.length - 1))] ?? 0;
  return [at(0), at(0.5), at(1)];
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export async function parallelBench(
  options: ParallelOptions,
): Promise<{ report: string[]; budgets: string[] }> {
  const { n, r } = options;
  const unlimited = await runJobs(options, 0);
  const limited = await runJobs(options, r);
  const rateFloorMs = (n / r) * 1000;
  const floorMs = Math.max(rateFloorMs, unlimited.makespanMs);
  const ratio = limited.makespanMs / floorMs;
  const report = [
    `parallel, no limit: ${unlimited.ok}/${n} succeeded; makespan ${seconds(unlimited.makespanMs)}; ` +
      `calls arrived ${unlimited.arrivalsMs.map(seconds).join(' / ')} (first / median / last)`,
    `parallel at ${r} req/s: ${limited.ok}/${n} succeeded; makespan ${seconds(limited.makespanMs)} ` +
      `= ${ratio.toFixed(2)}x floor ${seconds(floorMs)} (N/R ${seconds(rateFloorMs)}, ` +
      `no limit ${seconds(unlimited.makespanMs)})`,
    `  API calls at ${r} req/s: ${limited.calls} (${(limited.calls / n).toFixed(2)} per job), ` +
      `${limited.throttled} throttled`,
  ];
  const budgets = [
    budgetLine(
      unlimited.ok === n && limited.ok === n,
      `parallel: all ${n} succeed (${unlimited.ok} without limit, ${limited.ok} at ${r} req/s)`,
    ),
    budgetLine(ratio <= 1.5, `parallel makespan <= 1.5x floor (${ratio.toFixed(2)}x)`),
  ];
  return { report, budgets };
}
