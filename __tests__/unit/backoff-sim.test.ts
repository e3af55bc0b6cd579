// The throttling simulation (scripts/bench/throttle-sim.ts) at small sizes: its limiters, and
// the verdict that chose THROTTLE_POLICY, which a clearly bad policy must not get.
import { describe, expect, it } from 'vitest';
import { THROTTLE_POLICY } from '../../src/tencent-api/retry.js';
import {
  AT_ONCE,
  coldStartArrivals,
  evaluate,
  fixedWindow,
  judge,
  seededRandom,
  simulate,
  tokenBucket,
  type Candidate,
  type Scenario,
} from '../../scripts/bench/throttle-sim.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const COMMITTED: Candidate = { name: 'THROTTLE_POLICY', backoff: THROTTLE_POLICY };
const BAD: Candidate = { name: 'no minimum, tiny cap', backoff: { baseDelayMs: 50, maxDelayMs: 100 } };

const SCENARIOS: Omit<Scenario, 'seed'>[] = [
  { jobs: 40, rate: 5, limiter: 'bucket', arrivals: coldStartArrivals(40), maxAttempts: 5 },
  { jobs: 40, rate: 5, limiter: 'window', arrivals: coldStartArrivals(40), maxAttempts: 5 },
  { jobs: 40, rate: 5, limiter: 'bucket', arrivals: AT_ONCE, maxAttempts: 5 },
  { jobs: 40, rate: 5, limiter: 'window', arrivals: AT_ONCE, maxAttempts: 5 },
  { jobs: 80, rate: 20, limiter: 'window', arrivals: AT_ONCE, maxAttempts: 5 },
  { jobs: 20, rate: 20, limiter: 'bucket', arrivals: AT_ONCE, maxAttempts: 5 },
];

describe('limiters', () => {
  it('token bucket: a burst of R, then one every 1/R s, and how long until the next', () => {
    const allows = tokenBucket(5);
    expect([0, 0, 0, 0, 0].map(() => allows(0))).toEqual([0, 0, 0, 0, 0]);
    expect(allows(0)).toBe(200);
    expect(allows(100)).toBe(100);
    expect(allows(200)).toBe(0);
  });

  it('fixed window: R per wall-clock second, then wait for the next second', () => {
    const allows = fixedWindow(2, 300);
    expect([allows(0), allows(10), allows(20)]).toEqual([0, 0, 680]);
    expect(allows(700)).toBe(0);
  });
});

describe('simulate', () => {
  it('is deterministic for a seed', () => {
    const scenario = { ...(SCENARIOS[3] as Omit<Scenario, 'seed'>), seed: 7 };
    expect(simulate(scenario, COMMITTED)).toEqual(simulate(scenario, COMMITTED));
    expect(seededRandom(7)()).toBe(seededRandom(7)());
  });

  it('counts every call and never beats the floor by more than the burst', () => {
    const outcome = simulate({ ...(SCENARIOS[2] as Omit<Scenario, 'seed'>), seed: 1 }, COMMITTED);
    expect(outcome.calls).toBeGreaterThan(40);
    expect(outcome.makespanMs).toBeGreaterThanOrEqual(outcome.floorMs - 1000);
  });
});

describe('THROTTLE_POLICY against the criteria (no give-ups, makespan <= 1.3x floor)', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.jobs, scenario.rate, scenario.limiter, scenario]))(
    '%i jobs at %i/s (%s)',
    (_jobs, _rate, _limiter, scenario) => {
      const verdict = evaluate(scenario, COMMITTED, SEEDS);
      expect(verdict.giveUps).toBe(0);
      expect(verdict.meanRatio).toBeLessThanOrEqual(1.3);
    },
  );

  it('a policy without a minimum delay and a tiny cap fails them', () => {
    expect(judge(BAD, SCENARIOS, SEEDS).giveUps).toBeGreaterThan(0);
  });
});
