import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Endpoint } from '../settings/settings.js';

// Keyless auth talks to three hosts one after another: GitHub for the ID token, then STS, then
// SSM (or KMS). Each new connection costs two round trips (TCP, then TLS 1.3) before its first
// request; from a runner in the US to Guangzhou that is 400 ms a host. Opening the STS and SSM
// connections while the token request runs takes those four round trips off the critical path.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin rule wants any[]
type AgentClass = new (...args: any[]) => http.Agent;

/** Where an agent's connections go: one origin per agent (see connections.ts). */
interface Origin {
  host: string;
  port: number;
}

export function originOf(endpoint: Endpoint): Origin {
  const url = new URL(`${endpoint.protocol}${endpoint.host}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port) || (endpoint.protocol === 'https://' ? 443 : 80);
  return { host, port };
}

/**
 * An agent for one origin that can open its first connection ahead of its first request. The
 * parked connection is handed to the next connection the agent would open, in whatever state it is
 * (still connecting, like any new one); a parked one that failed or closed is dropped instead.
 */
function preconnecting<B extends AgentClass>(Base: B) {
  return class extends Base {
    private parked: Duplex | undefined;
    private origin: Origin | undefined;

    /** Opens the connection now, unless one is parked already. */
    preconnect(origin: Origin): void {
      if (this.parked && !this.parked.destroyed) return;
      this.origin = origin;
      const { host, port } = origin;
      const agentOptions = (this as unknown as { options: http.AgentOptions }).options;
      // As the agent itself would: TLS checks the certificate against `servername` or the host.
      const options = { ...agentOptions, host, port, servername: isIP(host) ? undefined : host };
      const socket = super.createConnection(options);
      if (!socket) return;
      // Its error reaches the request that takes it, or nobody: the request then opens its own.
      socket.on('error', () => undefined);
      socket.once('close', () => {
        if (this.parked === socket) this.parked = undefined;
      });
      (socket as { unref?: () => void }).unref?.();
      this.parked = socket;
    }

    override createConnection(
      options: http.ClientRequestArgs,
      callback?: (error: Error | null, stream: Duplex) => void,
    ): Duplex | null | undefined {
      const parked = this.parked;
      this.parked = undefined;
      if (parked && !parked.destroyed && this.sameOrigin(options)) {
        (parked as { ref?: () => void }).ref?.();
        return parked;
      }
      parked?.destroy();
      return super.createConnection(options, callback);
    }

    override destroy(): void {
      this.parked?.destroy();
      this.parked = undefined;
      super.destroy();
    }

    private sameOrigin(options: http.ClientRequestArgs): boolean {
      const host = (options.host ?? options.hostname ?? '').replace(/^\[(.*)\]$/, '$1');
      return host === this.origin?.host && Number(options.port) === this.origin.port;
    }
  };
}

export const PreconnectingHttpAgent = preconnecting(http.Agent);
export const PreconnectingHttpsAgent = preconnecting(https.Agent);
