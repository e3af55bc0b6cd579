// The network benchmark: the action's main step under Node 24 against the emulator behind TLS
// fronts with an injected round trip time, for get, get-or-create of a missing key and keyless get.
// It reports wall time, connections, TLS handshakes and round trips against the minimum.
// Knob: BENCH_NET_ROUNDS (5) rounds per scenario and round trip time, interleaved.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareRsaKeys } from '../../emulator/keys.js';
import { startEmulator } from '../../emulator/server.js';
import { Job, type StepResult } from '../../harness/action-runner.js';
import { timed } from './measure.js';
import { addCounts, Front, makeCertificate } from './network-front.js';
import { formatTable, networkBudgets, type Row, type Sample, summarize } from './network-report.js';
import { type Hosts, networkScenarios, type Scenario } from './network-scenarios.js';

export interface NetworkBenchOptions {
  node: string;
  rttsMs: number[];
}

export async function networkBench(
  options: NetworkBenchOptions,
): Promise<{ report: string[]; budgets: string[] }> {
  const rounds = Number(process.env.BENCH_NET_ROUNDS ?? 5);
  const work = mkdtempSync(join(tmpdir(), 'bench-net-'));
  const emulator = await startEmulator();
  // One key per create (each round and round trip time, and the warm-up), made before the clock runs.
  await prepareRsaKeys((rounds + 1) * (options.rttsMs.length + 1));
  const fronts: Front[] = [];
  try {
    const certificate = makeCertificate(work);
    for (let i = 0; i < 3; i++) fronts.push(await Front.start(certificate, emulator.port));
    const [ssm, sts, token] = fronts;
    const hosts: Hosts = { ssm, sts, token };
    const scenarios = networkScenarios(emulator, hosts, certificate.certFile);
    const rows = await measure(options, rounds, scenarios, hosts);
    const report = [
      `network: the main step on ${options.node}, TLS 1.3 fronts on loopback, medians of ${rounds} rounds;`,
      '  wall time is timed around the harness running the step (a constant few ms of its own);',
      "  each front delays every chunk RTT/2 each way and holds a new connection's first bytes one RTT",
      '  (the TCP handshake); round trips: 1 per TCP connect + 1 per client flight the server',
      '  answers, counted at the front; TLS handshakes: all, the resumed ones in brackets;',
      '  effective round trips: (wall - wall at RTT 0) / RTT, the ones on the critical path (a',
      '  connection opened early adds a counted flight nobody waits for: its TLS Finished).',
      ...formatTable(rows),
    ];
    return { report, budgets: networkBudgets(rows) };
  } finally {
    await Promise.all(fronts.map((front) => front.close()));
    await emulator.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function measure(
  options: NetworkBenchOptions,
  rounds: number,
  scenarios: Scenario[],
  hosts: Hosts,
): Promise<Row[]> {
  const rtts = [0, ...options.rttsMs.filter((rtt) => rtt > 0)];
  const samples = new Map<string, Sample[]>();
  const key = (scenario: Scenario, rtt: number) => `${scenario.name}@${rtt}`;
  setRtt(hosts, 0);
  for (const scenario of scenarios) await runOnce(options.node, scenario, hosts); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const rtt of rtts) {
      setRtt(hosts, rtt);
      for (const scenario of scenarios) {
        const sample = await runOnce(options.node, scenario, hosts);
        samples.set(key(scenario, rtt), [...(samples.get(key(scenario, rtt)) ?? []), sample]);
      }
    }
  }
  return scenarios.flatMap((scenario) =>
    rtts.map((rtt) =>
      summarize(
        scenario,
        rtt,
        samples.get(key(scenario, rtt)) ?? [],
        samples.get(key(scenario, 0)) ?? [],
      ),
    ),
  );
}

function setRtt(hosts: Hosts, rttMs: number): void {
  for (const front of Object.values(hosts)) front.rttMs = rttMs;
}

/** The main step (timed, counted at the fronts), then its post step so no agent outlives it. */
async function runOnce(node: string, scenario: Scenario, hosts: Hosts): Promise<Sample> {
  const job = new Job({ node });
  try {
    for (const front of Object.values(hosts)) front.take();
    const { inputs, env } = scenario.step();
    const main = await timed(() => job.runMain(inputs, { env }));
    assertOk(scenario, main.value);
    const counts = addCounts(scenario.uses.map((host) => hosts[host].take()));
    assertOk(scenario, await job.runPost(main.value));
    return { wallMs: main.ms, ...counts };
  } finally {
    job.dispose();
  }
}

function assertOk(scenario: Scenario, step: StepResult): void {
  if (step.failed) {
    const why = step.commands.errors.join(' | ');
    throw new Error(`${scenario.name}: the ${step.kind} step failed: ${why}`);
  }
}
