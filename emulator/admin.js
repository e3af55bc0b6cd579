// The unsigned JSON admin API under /__emulator/, so that another process (the demo, the
// benchmark) can drive the emulator like the in-process API does. Loopback use only.
import { parseJsonBody, readBody, sendJson } from './http-util.js';

/**
 * @typedef {object} AdminTarget the parts of the emulator the admin API drives (core.js Controls)
 * @property {(options: import('./ssm.js').SecretOptions) => import('./ssm.js').SecretRecord} addSecret
 * @property {() => import('./ssm.js').SecretRecord[]} listSecrets
 * @property {(key?: import('./kms.js').KmsKeyOptions) => import('./kms.js').KmsKey} addKmsKey
 * @property {(keyId: string, state: import('./kms.js').KeyState) => import('./kms.js').KmsKey} setKmsKeyState
 * @property {() => import('./kms.js').KmsKey[]} listKmsKeys
 * @property {() => import('./kms.js').KmsSignature[]} kmsSignatures
 * @property {(fault: import('./faults.js').Fault) => void} injectFault
 * @property {() => void} clearFaults
 * @property {() => import('./faults.js').Fault[]} pendingFaults
 * @property {(rate: number | null) => void} setRateLimit
 * @property {import('./calls.js').Call[]} calls
 * @property {() => void} resetCalls
 * @property {(role: import('./sts.js').RoleConfig) => void} addRole
 * @property {(credential?: Partial<import('./auth.js').Credential>) => import('./auth.js').Credential} addCredential
 * @property {(patch: import('./oidc.js').OidcPatch) => import('./oidc.js').OidcBehavior} configureOidc
 */

/**
 * What the admin API shows of a secret: everything but the private key.
 * @param {import('./ssm.js').SecretRecord} record
 */
function publicView(record) {
  /** @type {Partial<import('./ssm.js').SecretRecord>} */
  const view = { ...record };
  delete view.privateKey;
  return view;
}

/**
 * @param {unknown} body
 * @returns {unknown[]}
 */
function asList(body) {
  return Array.isArray(body) ? body : [body];
}

/**
 * @type {Record<string, (target: AdminTarget, body: unknown) => unknown>}
 */
const ROUTES = {
  'GET health': () => ({ ok: true }),
  'GET calls': (target) => ({ calls: target.calls }),
  'DELETE calls': (target) => {
    target.resetCalls();
    return { calls: [] };
  },
  'GET secrets': (target) => ({ secrets: target.listSecrets().map(publicView) }),
  'POST secrets': (target, body) => ({
    secrets: asList(body).map((options) =>
      publicView(target.addSecret(/** @type {import('./ssm.js').SecretOptions} */ (options))),
    ),
  }),
  'GET kms-keys': (target) => ({ keys: target.listKmsKeys() }),
  'POST kms-keys': (target, body) => ({
    keys: asList(body ?? {}).map((options) =>
      target.addKmsKey(/** @type {import('./kms.js').KmsKeyOptions} */ (options)),
    ),
  }),
  'POST kms-keys/state': (target, body) => {
    const { keyId, state } = /** @type {{ keyId: string, state: import('./kms.js').KeyState }} */ (
      body
    );
    return target.setKmsKeyState(keyId, state);
  },
  'GET kms-signatures': (target) => ({ signatures: target.kmsSignatures() }),
  'GET faults': (target) => ({ faults: target.pendingFaults() }),
  'POST faults': (target, body) => {
    for (const fault of asList(body))
      target.injectFault(/** @type {import('./faults.js').Fault} */ (fault));
    return { faults: target.pendingFaults() };
  },
  'DELETE faults': (target) => {
    target.clearFaults();
    return { faults: [] };
  },
  'POST rate-limit': (target, body) => {
    const rate = /** @type {{ rateLimit?: number | null }} */ (body).rateLimit ?? null;
    target.setRateLimit(rate);
    return { rateLimit: rate };
  },
  'POST roles': (target, body) => {
    target.addRole(/** @type {import('./sts.js').RoleConfig} */ (body));
    return { ok: true };
  },
  'POST credentials': (target, body) =>
    target.addCredential(/** @type {Partial<import('./auth.js').Credential>} */ (body)),
  'POST oidc': (target, body) =>
    target.configureOidc(/** @type {import('./oidc.js').OidcPatch} */ (body)),
};

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {AdminTarget} target
 */
export async function handleAdminRequest(req, res, url, target) {
  const route =
    ROUTES[`${req.method} ${url.pathname.replace(/^\/__emulator\/?/, '').replace(/\/$/, '')}`];
  if (!route) {
    sendJson(res, 404, { error: `no admin route ${req.method} ${url.pathname}` });
    return;
  }
  try {
    const body = parseJsonBody(await readBody(req));
    sendJson(res, 200, route(target, body));
  } catch (error) {
    sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
  }
}
