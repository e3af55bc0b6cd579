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

/** Answers whether a request arriving at `atMs` passes. */
export type Limiter = (atMs: number) => boolean;

/** The emulator's limiter (emulator/rate-limit.js): `rate` tokens/s, a burst of `rate`, full at 0. */
export function tokenBucket(rate: number): Limiter {
  let tokens = rate;
  let lastMs = 0;
  return (atMs) => {
    tokens = Math.min(rate, tokens + ((atMs - lastMs) / 1000) * rate);
    lastMs = atMs;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

/** Tencent's counting: at most `rate` requests per wall-clock second; `offsetMs` shifts the seconds. */
export function fixedWindow(rate: number, offsetMs: number): Limiter {
  const counts = new Map<number, number>();
  return (atMs) => {
    const second = Math.floor((atMs + offsetMs) / 1000);
    const count = counts.get(second) ?? 0;
    if (count >= rate) return false;
    counts.set(second, count + 1);
    return true;
  };
}

export type LimiterKind = 'bucket' | 'window';

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
  /** First calls are spread uniformly over [0, spreadMs): the jobs' cold starts. */
  spreadMs: number;
  limiter: LimiterKind;
  /** Attempts per call, as the action's max-attempts (default 5) allows for throttling. */
  maxAttempts: number;
  seed: number;
}

export interface Outcome {
  /** Time of the last success, or of the last give-up. */
  makespanMs: number;
  /** max(N/R, spreadMs): what no backoff can beat. */
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

function limiterFor(scenario: Scenario, random: () => number): Limiter {
  return scenario.limiter === 'bucket'
    ? tokenBucket(scenario.rate)
    : fixedWindow(scenario.rate, Math.floor(random() * 1000));
}

/** Runs one scenario to the end: every job succeeds or runs out of attempts. */
export function simulate(scenario: Scenario, candidate: Candidate): Outcome {
  const random = seededRandom(scenario.seed);
  const allows = limiterFor(scenario, random);
  const policy = { ...candidate.backoff, maxAttempts: scenario.maxAttempts };
  const queue: Attempt[] = [];
  for (let job = 0; job < scenario.jobs; job++) {
    enqueue(queue, { atMs: random() * scenario.spreadMs, number: 1 });
  }
  const outcome = { makespanMs: 0, calls: 0, giveUps: 0 };
  for (let attempt = queue.shift(); attempt; attempt = queue.shift()) {
    outcome.calls++;
    const passed = allows(attempt.atMs);
    if (passed || attempt.number >= scenario.maxAttempts) {
      outcome.makespanMs = Math.max(outcome.makespanMs, attempt.atMs);
      if (!passed) outcome.giveUps++;
      continue;
    }
    const delayMs = backoffDelayMs(attempt.number, policy, random, candidate.jitterFloor ?? 0);
    enqueue(queue, { atMs: attempt.atMs + delayMs, number: attempt.number + 1 });
  }
  const floorMs = Math.max((scenario.jobs / scenario.rate) * 1000, scenario.spreadMs);
  return { ...outcome, floorMs };
}

export interface Verdict {
  /** The worst makespan / floor over the seeds. */
  worstRatio: number;
  callsPerJob: number;
  giveUps: number;
}

/** One scenario over several seeds: the worst ratio, the mean calls per job, all give-ups. */
export function evaluate(
  scenario: Omit<Scenario, 'seed'>,
  candidate: Candidate,
  seeds: number[],
): Verdict {
  const outcomes = seeds.map((seed) => simulate({ ...scenario, seed }, candidate));
  const sum = (pick: (outcome: Outcome) => number): number =>
    outcomes.reduce((total, outcome) => total + pick(outcome), 0);
  return {
    worstRatio: Math.max(...outcomes.map((outcome) => outcome.makespanMs / outcome.floorMs)),
    callsPerJob: sum((outcome) => outcome.calls) / (scenario.jobs * seeds.length),
    giveUps: sum((outcome) => outcome.giveUps),
  };
}
