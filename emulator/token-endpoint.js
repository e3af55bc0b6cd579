// The runner's ID token endpoint over HTTP: the issuer's answers, or the fault a test set.
import { sendJson } from './http-util.js';
import { handleTokenRequest } from './oidc.js';

/** The body a trickling endpoint promises: far more than it ever sends. */
const TRICKLE_LENGTH = 1024 * 1024;
const TRICKLE_INTERVAL_MS = 200;

/**
 * Serves the token endpoint, counting requests and applying `behavior.tokenFault`. A hung or
 * trickling request lasts until the client gives up or the emulator closes its sockets.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {import('./oidc.js').OidcIssuer} issuer
 * @returns {Promise<void>}
 */
export async function serveTokenRequest(req, res, url, issuer) {
  issuer.behavior.tokenRequests++;
  const fault = issuer.behavior.tokenFault;
  if (fault === 'hang') return;
  if (fault === 'trickle') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': TRICKLE_LENGTH });
    res.write('{"value":"');
    const timer = setInterval(() => res.write('x'), TRICKLE_INTERVAL_MS);
    res.on('close', () => clearInterval(timer));
    return;
  }
  if (typeof fault === 'number') {
    sendJson(res, fault, { message: `emulated fault: HTTP ${fault}` });
    return;
  }
  const { status, body } = handleTokenRequest(req, url, issuer);
  sendJson(res, status, body);
}
