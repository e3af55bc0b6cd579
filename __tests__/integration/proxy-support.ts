// Test doubles for the proxy suite: a CONNECT proxy that counts its tunnels, and a TLS front
// with a throwaway certificate that stands in for an https endpoint.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer } from 'node:tls';

interface Tunnel {
  target: string;
  auth?: string;
}

/** A CONNECT proxy on loopback; `refuse` answers 407 to every tunnel request. */
export async function startProxy(refuse = false) {
  const tunnels: Tunnel[] = [];
  const open = new Set<Duplex>();
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    tunnels.push({ target: req.url ?? '', auth: req.headers['proxy-authorization'] });
    open.add(client);
    if (refuse) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      open.add(upstream);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  // Tunnels are no longer the HTTP server's connections: close has to end them itself.
  const close = () => {
    for (const socket of open) socket.destroy();
    return closeServer(server);
  };
  return { url: await listen(server), tunnels, close };
}

async function listen(server: Server | ReturnType<typeof createTlsServer>): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as { port: number }).port}`;
}

function closeServer(server: Server | ReturnType<typeof createTlsServer>): Promise<void> {
  if ('closeAllConnections' in server) server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * A throwaway self-signed certificate for localhost, made with openssl. By name, not IP:
 * https-proxy-agent checks a tunnelled IP host against 'localhost', so an IP endpoint behind a
 * proxy cannot pass the certificate check (real endpoints are names).
 */
function makeCertificate(dir: string): { key: string; cert: string; certFile: string } {
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost',
  ], { stdio: 'ignore' }); // prettier-ignore
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

/** Terminates TLS for `localhost` and passes the bytes on to 127.0.0.1:`port`. */
export async function startTlsFront(port: number, dir: string) {
  const { key, cert, certFile } = makeCertificate(dir);
  const sockets = new Set<Duplex>();
  const server = createTlsServer({ key, cert }, (socket) => {
    const upstream = connect(port, '127.0.0.1');
    sockets.add(socket).add(upstream);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  const endpoint = `https://${(await listen(server)).replace('127.0.0.1', 'localhost')}`;
  const close = () => {
    for (const socket of sockets) socket.destroy();
    return closeServer(server);
  };
  return { endpoint, certFile, close };
}
