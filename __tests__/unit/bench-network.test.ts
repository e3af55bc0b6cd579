import { describe, expect, it } from 'vitest';
import {
  connectionRoundTrips,
  type Direction,
  dueAt,
  effectiveRoundTrips,
  minimumRoundTrips,
} from '../../scripts/bench/round-trips.js';
import {
  formatTable,
  networkBudgets,
  type Row,
  type Sample,
  summarize,
} from '../../scripts/bench/network-report.js';

/** 'u' for a client-to-server chunk, 'd' for one back, in the order they reached the front. */
const chunks = (text: string): Direction[] =>
  [...text].map((letter) => (letter === 'u' ? 'up' : 'down'));

describe('connectionRoundTrips', () => {
  // chunks, round trips, why
  it.each([
    ['', 1, 'a connection that carried nothing still took its TCP handshake'],
    ['u', 1, 'a flight nobody answered'],
    ['ud', 2, 'one answered flight'],
    ['uuuddd', 2, 'chunks of one flight are one flight'],
    ['uddudd', 3, 'TLS 1.3: ClientHello, then Finished with the request'],
    ['uddudduddudd', 5, 'TLS then three calls on one kept-alive connection'],
    ['uddu', 2, 'a close_notify after the answer costs no wait'],
    ['d', 1, 'server data first (a greeting) is no client flight'],
    ['dud', 2, 'the client answers the greeting and is answered'],
  ])('%j -> %i (%s)', (text, expected) => {
    expect(connectionRoundTrips(chunks(text))).toBe(expected);
  });
});

describe('dueAt', () => {
  // direction, arrived at, opened at, rtt, due
  it.each([
    ['down', 1000, 0, 200, 1100],
    ['up', 1000, 0, 200, 1100],
    ['up', 5, 0, 200, 300],
    ['up', 200, 0, 200, 300],
    ['up', 7, 0, 0, 7],
    ['down', 7, 0, 0, 7],
  ] as const)('%s chunk at %i on a link opened at %i, RTT %i -> %i', (d, at, opened, rtt, due) => {
    expect(dueAt(d, at, opened, rtt)).toBe(due);
  });

  it('keeps one direction in order as chunks arrive', () => {
    const dues = [1, 2, 150, 400].map((at) => dueAt('up', at, 0, 200));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  });
});

describe('minimumRoundTrips', () => {
  // scenario, hosts, calls, minimum
  it.each([
    ['get', 1, 1, 3],
    ['get-or-create of a missing key', 1, 3, 5],
    ['keyless get (token, STS, SSM)', 3, 3, 9],
  ])('%s: %i hosts, %i calls -> %i', (_, hosts, calls, expected) => {
    expect(minimumRoundTrips({ hosts, calls })).toBe(expected);
  });
});

describe('effectiveRoundTrips', () => {
  it.each([
    [900, 300, 200, 3],
    [300, 300, 0, 0],
    [250, 300, 100, -0.5],
  ])('wall %i, baseline %i, RTT %i -> %d', (wall, baseline, rtt, expected) => {
    expect(effectiveRoundTrips(wall, baseline, rtt)).toBe(expected);
  });
});

const sample = (wallMs: number, connections = 1, roundTrips = 3): Sample => ({
  wallMs,
  connections,
  handshakes: connections,
  resumed: 0,
  roundTrips,
});
const GET = { name: 'get', hosts: 1, calls: 1 };

describe('summarize', () => {
  it('takes medians and measures the round trips against the baseline', () => {
    const baseline = [sample(300), sample(280), sample(320)];
    const row = summarize(GET, 200, [sample(950), sample(900), sample(910, 1, 4)], baseline);
    expect(row).toMatchObject({ wallMs: 910, baselineMs: 300, roundTrips: 3, minimum: 3 });
    expect(row.effective).toBeCloseTo(3.05);
  });
});

describe('networkBudgets', () => {
  const row = (over: Partial<Row>): Row => ({
    ...summarize(GET, 200, [sample(900)], [sample(300)]),
    ...over,
  });

  // row, expected verdicts (connections, round trips, wall)
  it.each([
    ['at the minimum', {}, ['PASS', 'PASS', 'PASS']],
    ['a connection per call', { connections: 3, effective: 9 }, ['FAIL', 'FAIL', 'PASS']],
    ['half a round trip of noise', { effective: 3.5 }, ['PASS', 'PASS', 'PASS']],
    ['counted flights nobody waits for', { roundTrips: 4 }, ['PASS', 'PASS', 'PASS']],
    ['one round trip over the wall budget', { wallMs: 1101 }, ['PASS', 'PASS', 'FAIL']],
    ['exactly at the wall budget', { wallMs: 1100 }, ['PASS', 'PASS', 'PASS']],
  ] as const)('%s', (_, over, verdicts) => {
    const lines = networkBudgets([row(over)]);
    expect(lines.map((line) => line.slice(0, 4))).toEqual(verdicts);
  });

  it('sets no budget for the baseline rows', () => {
    expect(networkBudgets([row({ rttMs: 0 })])).toEqual([]);
  });
});

describe('formatTable', () => {
  it('prints a header, a rule and one padded line per row', () => {
    const rows = [
      summarize(GET, 0, [sample(300)], [sample(300)]),
      summarize(GET, 200, [sample(900)], [sample(300)]),
    ];
    const lines = formatTable(rows);
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[1]).toMatch(/^\|-+(\|-+)+\|$/);
    expect(lines[2]).toMatch(/^\| get +\| 0 +\| 300 +\| 1 +\| 1 \(0\) +\| 3 +\| - +\| 3 +\|$/);
    expect(lines[3]).toContain('| 3.0 ');
  });
});
