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
const BAD: Candidate = {
  name: 'no minimum, tiny cap',
  backoff: { baseDelayMs: 50, maxDelayMs: 100 },
};

type Row = Omit<Scenario, 'seed'> & { bound: number; spread: string };

const spreads = { '2-core': coldStartArrivals, 'at once': () => AT_ONCE };

/** N jobs at R/s: within 1.3x the floor; short backlogs at once within 1.5x (see backoff-sim.ts). */
const SCENARIOS: Row[] = (
  [
    [40, 5, 'bucket', '2-core', 1.3],
    [40, 5, 'window', '2-core', 1.3],
    [40, 5, 'bucket', 'at once', 1.3],
    [40, 5, 'window', 'at once', 1.3],
    [160, 20, 'window', 'at once', 1.3],
    [20, 20, 'bucket', 'at once', 1.3],
    [60, 20, 'window', 'at once', 1.5],
  ] as const
).map(([jobs, rate, limiter, spread, bound]) => ({
  jobs,
  rate,
  limiter,
  arrivals: spreads[spread](jobs),
  maxAttempts: 5,
  bound,
  spread,
}));

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
    const scenario = { ...(SCENARIOS[3] as Row), seed: 7 };
    expect(simulate(scenario, COMMITTED)).toEqual(simulate(scenario, COMMITTED));
    expect(seededRandom(7)()).toBe(seededRandom(7)());
  });

  it('counts every call and never beats the floor by more than the burst', () => {
    const outcome = simulate({ ...(SCENARIOS[2] as Row), seed: 1 }, COMMITTED);
    expect(outcome.calls).toBeGreaterThan(40);
    expect(outcome.makespanMs).toBeGreaterThanOrEqual(outcome.floorMs - 1000);
  });
});

describe('THROTTLE_POLICY against the criteria (no give-ups, makespan within the bound)', () => {
  it.each(SCENARIOS.map((row) => [row.jobs, row.rate, row.limiter, row.spread, row.bound, row]))(
    '%i jobs at %i/s (%s, %s): within %fx the floor',
    (_jobs, _rate, _limiter, _spread, bound, scenario) => {
      const verdict = evaluate(scenario, COMMITTED, SEEDS);
      expect(verdict.giveUps).toBe(0);
      expect(verdict.meanRatio).toBeLessThanOrEqual(bound);
    },
  );

  it('a policy without a minimum delay and a tiny cap fails them', () => {
    expect(judge(BAD, SCENARIOS, SEEDS).giveUps).toBeGreaterThan(0);
  });
});
