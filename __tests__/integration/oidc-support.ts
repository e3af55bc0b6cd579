// Keyless-auth integration tests: the emulator's STS and OIDC issuer behind a stand-in for the
// runner's token service, jobs that run the bundled action, and a leak scan of every job's log
// for the OIDC tokens, the temporary credentials and the private keys.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inject, test as baseTest } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/server.js';
import { Job, type StepResult } from '../../harness/action-runner.js';
import { expectNoLeak } from '../helpers/leak-scan.js';
import { isProcessAlive, processArgs, waitForExit } from '../helpers/processes.js';

export const REGION = 'ap-guangzhou';
/** The `sub` the emulator puts in tokens: the harness runs as octo-org/octo-repo on main. */
export const JOB_SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main';
export const PROVIDER = 'github-actions';
export const ROLE = 'qcs::cam::uin/100000000001:roleName/github-actions-ssh';

/**
 * The runner's ID token endpoint, as the action reaches it through ACTIONS_ID_TOKEN_REQUEST_URL:
 * forwards to the emulator's issuer, answers the statuses queued with failNext() first, and
 * remembers every token it handed out (for the leak scan).
 */
export class TokenService {
  readonly tokens: string[] = [];
  requests = 0;
  private readonly queued: number[] = [];

  private constructor(
    private readonly server: Server,
    private readonly emulator: Emulator,
  ) {}

  static async start(emulator: Emulator): Promise<TokenService> {
    const server = createServer();
    const service = new TokenService(server, emulator);
    server.on('request', (req, res) => {
      service.answer(req.url ?? '/', req.headers.authorization ?? '').then(
        ({ status, body }) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(body),
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return service;
  }

  /** The next requests get these HTTP statuses instead of a token. */
  failNext(...statuses: number[]): void {
    this.queued.push(...statuses);
  }

  /** What the runner sets for a job with `permissions: id-token: write`. */
  env(): Record<string, string> {
    const { port } = this.server.address() as AddressInfo;
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.emulator.oidc.requestToken,
    };
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async answer(
    path: string,
    authorization: string,
  ): Promise<{ status: number; body: string }> {
    this.requests++;
    const status = this.queued.shift();
    if (status !== undefined)
      return { status, body: JSON.stringify({ message: `status ${status}` }) };
    const search = new URL(path, 'http://x').search;
    const reply = await fetch(`${this.emulator.url}/__oidc/token${search}`, {
      headers: { authorization },
    });
    const body = await reply.text();
    if (reply.ok) this.tokens.push((JSON.parse(body) as { value: string }).value);
    return { status: reply.status, body };
  }
}

/** Everything that must never show up in a log. */
function secretsOf(emulator: Emulator, tokens: TokenService): string[] {
  const temporary = emulator
    .temporaryCredentials()
    .flatMap((c) => [c.secretId, c.secretKey, c.token]);
  const keys = emulator.listSecrets().map((record) => record.privateKey);
  return [...tokens.tokens, ...temporary, ...keys, emulator.credentials.secretKey];
}

async function stopLeftoverAgents(step: StepResult): Promise<void> {
  const pid = Number(step.outputs['ssh-agent-pid']);
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return;
  if (!processArgs(pid)[0]?.endsWith('ssh-agent')) return;
  process.kill(pid, 'SIGTERM');
  await waitForExit(pid);
}

/** Jobs of one test, leak-scanned and disposed when it ends. */
export class OidcKit {
  private readonly jobs: Job[] = [];
  private readonly callsBefore: number;

  constructor(
    readonly emulator: Emulator,
    readonly tokens: TokenService,
  ) {
    this.callsBefore = emulator.calls.length;
  }

  /** A job allowed to request OIDC tokens unless `env` takes the variables away. */
  newJob(env: Record<string, string | undefined> = {}): Job {
    const job = new Job({ node: inject('node24'), env: { ...this.tokens.env(), ...env } });
    this.jobs.push(job);
    return job;
  }

  /** Inputs for keyless auth against the emulator, plus `extra`. */
  inputs(extra: Record<string, string> = {}): Record<string, string> {
    const url = this.emulator.url;
    return {
      region: REGION,
      endpoint: url,
      'sts-endpoint': url,
      'role-arn': ROLE,
      'oidc-provider-id': PROVIDER,
      ...extra,
    };
  }

  /** API calls made during this test. */
  calls(action?: string) {
    const calls = this.emulator.calls.slice(this.callsBefore);
    return action ? calls.filter((call) => call.action === action) : calls;
  }

  async finish(): Promise<void> {
    const jobs = this.jobs.splice(0);
    try {
      const secrets = secretsOf(this.emulator, this.tokens);
      for (const job of jobs) expectNoLeak(job.allOutputText(), secrets);
    } finally {
      for (const job of jobs) {
        await Promise.all(job.steps.map(stopLeftoverAgents));
        job.dispose();
      }
    }
  }
}

/** `test` with `emulator` and `tokens` (one per file) and `kit` (one per test, leak-scanned). */
export const test = baseTest
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from the pattern
  .extend('emulator', { scope: 'file' }, async ({}, { onCleanup }) => {
    const emulator = await startEmulator({
      roles: [{ roleArn: ROLE, providerId: PROVIDER, subjectPattern: 'repo:octo-org/*' }],
    });
    onCleanup(() => emulator.close());
    return emulator;
  })
  .extend('tokens', { scope: 'file' }, async ({ emulator }, { onCleanup }) => {
    const tokens = await TokenService.start(emulator);
    onCleanup(() => tokens.close());
    return tokens;
  })
  .extend('kit', async ({ emulator, tokens }, { onCleanup }) => {
    const kit = new OidcKit(emulator, tokens);
    onCleanup(() => kit.finish());
    return kit;
  });

/** The step's error annotations, one per line, for assertions and their messages. */
export function errorsOf(step: StepResult): string {
  return step.commands.errors.map((error) => error.message).join('\n');
}
