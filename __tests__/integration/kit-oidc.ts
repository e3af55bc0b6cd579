// The kit's optional OIDC token service: a stand-in for the runner's ID token endpoint in front of
// the emulator's issuer, and the role the kit's emulator trusts for keyless auth.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator } from '../../emulator/server.js';

/** The `sub` the emulator puts in tokens: the harness runs as octo-org/octo-repo on main. */
export const JOB_SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main';
export const PROVIDER = 'github-actions';
export const ROLE = 'qcs::cam::uin/100000000001:roleName/github-actions-ssh';
/** The role of the kit's emulator: it trusts the harness's repository only. */
export const KIT_ROLE = { roleArn: ROLE, providerId: PROVIDER, subjectPattern: 'repo:octo-org/*' };

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
