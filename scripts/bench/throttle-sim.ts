// The pure part of the throttling simulation (scripts/bench/backoff-sim.ts prints it, and
// __tests__/unit/backoff-sim.test.ts checks the committed policy with it): N jobs make one API
// call each against a shared limit and retry throttled calls with a candidate backoff, in
// simulated time, with a seeded PRNG so that every run gives the same figures.
import { backoffDelayMs, type Backoff } from '../../src/tencent-api/retry.js';

/** mulberry32: a small seeded PRNG returning [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** 0 when a request arriving at `atMs` passes, else how long until one would (it then counts nothing). */
export type Limiter = (atMs: number) => number;

/** The emulator's limiter (emulator/rate-limit.js): `rate` tokens/s, a burst of `rate`, full at 0. */
export function tokenBucket(rate: number): Limiter {
  let tokens = rate;
  let lastMs = 0;
  return (atMs) => {
    tokens = Math.min(rate, tokens + ((atMs - lastMs) / 1000) * rate);
    lastMs = atMs;
    if (tokens < 1) return Math.ceil(((1 - tokens) * 1000) / rate);
    tokens -= 1;
    return 0;
  };
}

/** Tencent's counting: at most `rate` requests per wall-clock second; `offsetMs` shifts the seconds. */
export function fixedWindow(rate: number, offsetMs: number): Limiter {
  const counts = new Map<number, number>();
  return (atMs) => {
    const second = Math.floor((atMs + offsetMs) / 1000);
    const count = counts.get(second) ?? 0;
    if (count >= rate) return (second + 1) * 1000 - offsetMs - atMs;
    counts.set(second, count + 1);
    return 0;
  };
}

export type LimiterKind = 'bucket' | 'window';

/**
 * When the first calls arrive. Measured by scripts/bench/parallel.ts on the 2-core machine: 40
 * jobs started at once take about 8 s without a limit (200 ms of CPU each), and sharing the
 * cores they all reach their call late, from about 60% of that time on (4.8 s to 7.8 s).
 */
export function coldStartArrivals(jobs: number): { fromMs: number; toMs: number } {
  return { fromMs: 0.6 * jobs * 200, toMs: jobs * 200 };
}

/** A matrix with a runner per job: start-ups do not share CPU, the calls come within a second. */
export const AT_ONCE = { fromMs: 0, toMs: 1000 };

export interface Candidate {
  name: string;
  backoff: Backoff;
  /** The minimum wait as a fraction of the ceiling (withRetry's jitterFloor); 0: full jitter. */
  jitterFloor?: number;
}

export interface Scenario {
  jobs: number;
  /** Requests per second the limiter lets through. */
  rate: number;
  /** First calls arrive uniformly in [fromMs, toMs): where the jobs' cold starts end. */
  arrivals: { fromMs: number; toMs: number };
  limiter: LimiterKind;
  /** Attempts per call, as the action's max-attempts (default 5) allows for throttling. */
  maxAttempts: number;
  seed: number;
}

export interface Outcome {
  /** Time of the last success, or of the last give-up. */
  makespanMs: number;
  /**
   * What no backoff can beat: the larger of N/R, the makespan without a limit (the last first
   * call) and a perfect client's (each call waits exactly until the limiter lets it through).
   */
  floorMs: number;
  calls: number;
  giveUps: number;
}

interface Attempt {
  atMs: number;
  number: number;
}

/** Inserts keeping `queue` sorted by time (ties in arrival order). */
function enqueue(queue: Attempt[], attempt: Attempt): void {
  let low = 0;
  let high = queue.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((queue[middle] as Attempt).atMs <= attempt.atMs) low = middle + 1;
    else high = middle;
  }
  queue.splice(low, 0, attempt);
}

/** The makespan of a client that knows when the limiter will let each call through. */
function perfectMakespanMs(arrivals: number[], allows: Limiter): number {
  let last = 0;
  for (const arrival of [...arrivals].sort((a, b) => a - b)) {
    let atMs = arrival;
    for (let waitMs = allows(atMs); waitMs > 0; waitMs = allows(atMs)) atMs += waitMs;
    last = Math.max(last, atMs);
  }
  return last;
}

/** Runs one scenario to the end: every job succeeds or runs out of attempts. */
export function simulate(scenario: Scenario, candidate: Candidate): Outcome {
  const random = seededRandom(scenario.seed);
  const { jobs, rate, arrivals, maxAttempts } = scenario;
  const firstCalls = Array.from(
    { length: jobs },
    () => arrivals.fromMs + random() * (arrivals.toMs - arrivals.fromMs),
  );
  const offsetMs = Math.floor(random() * 1000);
  const newLimiter = (): Limiter =>
    scenario.limiter === 'bucket' ? tokenBucket(rate) : fixedWindow(rate, offsetMs);
  const allows = newLimiter();
  const policy = { ...candidate.backoff, maxAttempts };
  const queue: Attempt[] = [];
  firstCalls.forEach((atMs) => enqueue(queue, { atMs, number: 1 }));
  const outcome = { makespanMs: 0, calls: 0, giveUps: 0 };
  for (let attempt = queue.shift(); attempt; attempt = queue.shift()) {
    outcome.calls++;
    const passed = allows(attempt.atMs) === 0;
    if (passed || attempt.number >= maxAttempts) {
      outcome.makespanMs = Math.max(outcome.makespanMs, attempt.atMs);
      if (!passed) outcome.giveUps++;
      continue;
    }
    const delayMs = backoffDelayMs(attempt.number, policy, random, candidate.jitterFloor ?? 0);
    enqueue(queue, { atMs: attempt.atMs + delayMs, number: attempt.number + 1 });
  }
  const floorMs = Math.max(
    (jobs / rate) * 1000,
    Math.max(...firstCalls),
    perfectMakespanMs(firstCalls, newLimiter()),
  );
  return { ...outcome, floorMs };
}

export interface Verdict {
  /** Makespan / floor: the mean over the seeds, and the worst. */
  meanRatio: number;
  worstRatio: number;
  callsPerJob: number;
  giveUps: number;
}

/** One scenario over several seeds: mean and worst ratios, mean calls per job, all give-ups. */
export function evaluate(
  scenario: Omit<Scenario, 'seed'>,
  candidate: Candidate,
  seeds: number[],
): Verdict {
  const outcomes = seeds.map((seed) => simulate({ ...scenario, seed }, candidate));
  const sum = (pick: (outcome: Outcome) => number): number =>
    outcomes.reduce((total, outcome) => total + pick(outcome), 0);
  const ratios = outcomes.map((outcome) => outcome.makespanMs / outcome.floorMs);
  return {
    meanRatio: ratios.reduce((total, ratio) => total + ratio, 0) / ratios.length,
    worstRatio: Math.max(...ratios),
    callsPerJob: sum((outcome) => outcome.calls) / (scenario.jobs * seeds.length),
    giveUps: sum((outcome) => outcome.giveUps),
  };
}

export interface Judgement {
  /** The worst over the scenarios of the mean makespan / floor over the seeds. */
  ratio: number;
  /** The most calls per job of any scenario (mean over the seeds). */
  callsPerJob: number;
  giveUps: number;
}

/** A candidate over a grid of scenarios: worst mean ratio, most calls per job, all give-ups. */
export function judge(
  candidate: Candidate,
  scenarios: Omit<Scenario, 'seed'>[],
  seeds: number[],
): Judgement {
  const verdicts = scenarios.map((scenario) => evaluate(scenario, candidate, seeds));
  return {
    ratio: Math.max(...verdicts.map((verdict) => verdict.meanRatio)),
    callsPerJob: Math.max(...verdicts.map((verdict) => verdict.callsPerJob)),
    giveUps: verdicts.reduce((total, verdict) => total + verdict.giveUps, 0),
  };
}
