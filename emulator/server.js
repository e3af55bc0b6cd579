// The local Tencent Cloud API emulator: SSM + STS behind one loopback HTTP server that verifies
// TC3-HMAC-SHA256 signatures, plus a GitHub-style OIDC token endpoint and an admin API.
import { createServer } from 'node:http';
import { handleAdminRequest } from './admin.js';
import { handleApiRequest } from './api.js';
import { createCore } from './core.js';
import { sendJson } from './http-util.js';
import { serveTokenRequest } from './token-endpoint.js';
import { DEFAULT_AUDIENCE } from './sts.js';

/**
 * @typedef {object} EmulatorOptions
 * @property {string} [host]  default 127.0.0.1
 * @property {number} [port]  default 0: a free port
 * @property {import('./auth.js').Credential[]} [credentials] default: one generated pair
 * @property {number} [rateLimit]  requests per second per action; default unlimited
 * @property {import('./sts.js').RoleConfig[]} [roles] default: one role trusting `repo:*` subjects
 * @property {{ requestToken?: string, subject?: string }} [oidc]
 */

/**
 * Starts an emulator on loopback. Close it with `close()`.
 * @param {EmulatorOptions} [options]
 */
export async function startEmulator(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const core = createCore(options);
  const connections = numberConnections();
  const server = createServer(router(core, connections.numberOf));
  const sockets = trackSockets(server, connections.count);
  const port = await listen(server, options.port ?? 0, host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    host,
    port,
    /** the first credential: what a test passes as secret-id / secret-key */
    credentials: core.firstCredential,
    oidc: {
      requestUrl: `${url}/__oidc/token?api-version=2.0`,
      requestToken: core.issuer.requestToken,
      audience: DEFAULT_AUDIENCE,
      behavior: core.issuer.behavior,
    },
    roles: core.sts.roles,
    ...core.controls,
    /** TCP connections accepted so far (a keep-alive client opens one per host). */
    connectionCount: connections.total,
    /** Stops the server and destroys every open socket, including hung requests. */
    close: () => closeServer(server, sockets),
  };
}

/** @typedef {Awaited<ReturnType<typeof startEmulator>>} Emulator */

/** Numbers each accepted connection 1, 2, ... so a call records which one it came on. */
function numberConnections() {
  /** @type {WeakMap<import('node:net').Socket, number>} */
  const numbers = new WeakMap();
  let total = 0;
  return {
    /** @param {import('node:net').Socket} socket */
    count: (socket) => numbers.set(socket, ++total),
    /** @param {import('node:net').Socket} socket */
    numberOf: (socket) => numbers.get(socket) ?? 0,
    total: () => total,
  };
}

/**
 * @param {ReturnType<typeof createCore>} core
 * @param {(socket: import('node:net').Socket) => number} connectionOf
 * @returns {import('node:http').RequestListener}
 */
function router(core, connectionOf) {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    let work;
    if (url.pathname.startsWith('/__emulator/')) {
      work = handleAdminRequest(req, res, url, core.controls);
    } else if (url.pathname === '/__oidc/token') {
      work = serveTokenRequest(req, res, url, core.issuer);
    } else if (url.pathname === '/__oidc/jwks') {
      work = Promise.resolve(sendJson(res, 200, core.issuer.jwks()));
    } else {
      work = handleApiRequest(req, res, url, core.apiState, connectionOf(req.socket));
    }
    work.catch((error) => sendJson(res, 500, { error: String(error) }));
  };
}

/**
 * @param {import('node:http').Server} server
 * @param {(socket: import('node:net').Socket) => void} onConnection
 * @returns {Set<import('node:net').Socket>} the open sockets, kept current
 */
function trackSockets(server, onConnection) {
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  server.on('connection', (socket) => {
    onConnection(socket);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
}

/**
 * @param {import('node:http').Server} server
 * @param {number} port
 * @param {string} host
 * @returns {Promise<number>} the bound port
 */
function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(/** @type {import('node:net').AddressInfo} */ (server.address()).port);
    });
  });
}

/**
 * @param {import('node:http').Server} server
 * @param {Set<import('node:net').Socket>} sockets
 * @returns {Promise<void>}
 */
function closeServer(server, sockets) {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
    for (const socket of sockets) socket.destroy();
  });
}
