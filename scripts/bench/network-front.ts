// A far-away TLS host in front of the emulator: a delay proxy (the round trip time) then a TLS 1.3
// terminator (a certificate made for this run) that hands the plain bytes to the emulator's port.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { DelayProxy } from './delay-proxy.js';
import { connectionRoundTrips } from './round-trips.js';

/** A self-signed certificate for 127.0.0.1; the step trusts `certFile` via NODE_EXTRA_CA_CERTS. */
export interface Certificate {
  certFile: string;
  cert: Buffer;
  key: Buffer;
}

/** Makes the certificate with openssl in `dir`; the key stays in memory and in that file only. */
export function makeCertificate(dir: string): Certificate {
  const certFile = join(dir, 'front-cert.pem');
  const keyFile = join(dir, 'front-key.pem');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  args.push('-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1');
  args.push('-addext', 'subjectAltName=IP:127.0.0.1');
  execFileSync('openssl', args, { stdio: 'ignore' });
  return { certFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
}

/** What one front saw since the last take(). */
export interface FrontCounts {
  connections: number;
  handshakes: number;
  /** Handshakes that resumed an earlier TLS session. */
  resumed: number;
  roundTrips: number;
}

export class Front {
  private handshakes = 0;
  private resumed = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly terminator: Server,
    private readonly proxy: DelayProxy,
  ) {}

  static async start(certificate: Certificate, emulatorPort: number): Promise<Front> {
    const { cert, key } = certificate;
    const terminator = createServer({ cert, key, minVersion: 'TLSv1.3' });
    await new Promise<void>((resolve) => terminator.listen(0, '127.0.0.1', resolve));
    const proxy = await DelayProxy.start((terminator.address() as AddressInfo).port);
    const front = new Front(terminator, proxy);
    terminator.on('secureConnection', (socket) => front.terminate(socket, emulatorPort));
    terminator.on('tlsClientError', () => undefined); // a client hanging up mid-handshake
    return front;
  }

  /** What the action is given as `endpoint` (or `sts-endpoint`). */
  get url(): string {
    return `https://127.0.0.1:${this.proxy.port}`;
  }

  /** Applies to connections opened from now on. */
  set rttMs(value: number) {
    this.proxy.rttMs = value;
  }

  take(): FrontCounts {
    const connections = this.proxy.take();
    const counts = {
      connections: connections.length,
      handshakes: this.handshakes,
      resumed: this.resumed,
      roundTrips: connections.reduce((sum, log) => sum + connectionRoundTrips(log), 0),
    };
    this.handshakes = 0;
    this.resumed = 0;
    return counts;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await this.proxy.close();
    await new Promise<void>((resolve) => this.terminator.close(() => resolve()));
  }

  private terminate(tls: TLSSocket, emulatorPort: number): void {
    this.handshakes++;
    if (tls.isSessionReused()) this.resumed++;
    const plain = connect({ port: emulatorPort, host: '127.0.0.1' });
    for (const socket of [tls, plain]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => tls.destroy());
    }
    plain.on('close', () => tls.destroy());
    tls.on('close', () => plain.destroy());
    tls.pipe(plain).pipe(tls);
  }
}

/** Sums the counts of several fronts (a scenario's hosts). */
export function addCounts(all: FrontCounts[]): FrontCounts {
  const zero: FrontCounts = { connections: 0, handshakes: 0, resumed: 0, roundTrips: 0 };
  return all.reduce(
    (sum, one) => ({
      connections: sum.connections + one.connections,
      handshakes: sum.handshakes + one.handshakes,
      resumed: sum.resumed + one.resumed,
      roundTrips: sum.roundTrips + one.roundTrips,
    }),
    zero,
  );
}
