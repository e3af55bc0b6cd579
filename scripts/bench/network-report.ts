// The network benchmark's figures, apart from running anything: medians of the samples, the table
// and the budgets.
import { budgetLine, median } from './measure.js';
import type { FrontCounts } from './network-front.js';
import { effectiveRoundTrips, minimumRoundTrips, type Needs } from './round-trips.js';

/** One run of a scenario's main step: its wall time and what the fronts saw. */
export interface Sample extends FrontCounts {
  wallMs: number;
}

export interface Row extends FrontCounts, Needs {
  scenario: string;
  rttMs: number;
  wallMs: number;
  /** Wall time at round trip time 0 (the baseline the round trips add to). */
  baselineMs: number;
  effective: number;
  minimum: number;
}

/** The medians of a scenario's samples at one round trip time, against its baseline's. */
export function summarize(
  scenario: Needs & { name: string },
  rttMs: number,
  samples: Sample[],
  baseline: Sample[],
): Row {
  const of = (key: keyof Sample) => median(samples.map((sample) => sample[key]));
  const wallMs = of('wallMs');
  const baselineMs = median(baseline.map((sample) => sample.wallMs));
  return {
    scenario: scenario.name,
    hosts: scenario.hosts,
    calls: scenario.calls,
    rttMs,
    wallMs,
    baselineMs,
    connections: of('connections'),
    handshakes: of('handshakes'),
    resumed: of('resumed'),
    roundTrips: of('roundTrips'),
    effective: effectiveRoundTrips(wallMs, baselineMs, rttMs),
    minimum: minimumRoundTrips(scenario),
  };
}

const HEADER = [
  'scenario',
  'RTT ms',
  'wall ms',
  'connections',
  'TLS handshakes (resumed)',
  'round trips',
  'effective round trips',
  'minimum',
];

function cells(row: Row): string[] {
  const effective = row.rttMs > 0 ? row.effective.toFixed(1) : '-';
  return [
    row.scenario,
    String(row.rttMs),
    row.wallMs.toFixed(0),
    String(row.connections),
    `${row.handshakes} (${row.resumed})`,
    String(row.roundTrips),
    effective,
    String(row.minimum),
  ];
}

/** A Markdown table, columns padded so it also reads as plain text. */
export function formatTable(rows: Row[]): string[] {
  const table = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...table.map((line) => line[column].length)));
  const line = (values: string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column])).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(HEADER), rule, ...table.slice(1).map(line)];
}

/**
 * Per row with a round trip time: one connection per host, round trips on the critical path (the
 * wall time they add) at the minimum give or take half a round trip of noise, and the wall time
 * within the baseline plus one round trip more than the minimum. The counted flights are reported,
 * not budgeted: a connection opened early sends its TLS Finished on its own, and the server answers
 * with session tickets, a flight nobody waits for.
 */
export function networkBudgets(rows: Row[]): string[] {
  return rows
    .filter((row) => row.rttMs > 0)
    .flatMap((row) => {
      const at = `${row.scenario} @ ${row.rttMs} ms:`;
      const limitMs = row.baselineMs + (row.minimum + 1) * row.rttMs;
      return [
        budgetLine(
          row.connections === row.hosts,
          `${at} connections ${row.connections} = hosts ${row.hosts}`,
        ),
        budgetLine(
          row.effective <= row.minimum + 0.5,
          `${at} round trips on the critical path ${row.effective.toFixed(1)} <= minimum ${row.minimum} (+0.5)`,
        ),
        budgetLine(
          row.wallMs <= limitMs,
          `${at} wall ${row.wallMs.toFixed(0)} ms <= ${row.baselineMs.toFixed(0)} + (${row.minimum} + 1) x ${row.rttMs} = ${limitMs.toFixed(0)} ms`,
        ),
      ];
    });
}
