// The emulator's state and the controls tests use on it, without any HTTP: server.js serves it.
import { createFaultQueue } from './faults.js';
import { createKmsStore } from './kms.js';
import { createOidcIssuer } from './oidc.js';
import { randomAlnum } from './random.js';
import { createRateLimiter } from './rate-limit.js';
import { createSsmStore } from './ssm.js';
import { DEFAULT_ROLE, createSts } from './sts.js';

/**
 * @typedef {object} CoreOptions
 * @property {import('./auth.js').Credential[]} [credentials] default: one generated pair
 * @property {number} [rateLimit]  requests per second per action; default unlimited
 * @property {import('./sts.js').RoleConfig[]} [roles] default: one role trusting `repo:*` subjects
 * @property {{ requestToken?: string, subject?: string }} [oidc]
 */

/**
 * @param {Partial<import('./auth.js').Credential>} [partial]
 * @returns {import('./auth.js').Credential} shaped like a real API key pair
 */
function generateCredential(partial = {}) {
  return {
    secretId: partial.secretId ?? `AKID${randomAlnum(32)}`,
    secretKey: partial.secretKey ?? randomAlnum(32),
    ...(partial.allowedActions ? { allowedActions: partial.allowedActions } : {}),
  };
}

/**
 * @param {CoreOptions} options
 */
export function createCore(options) {
  /** @type {Map<string, import('./auth.js').Credential>} */
  const credentials = new Map();
  /** @param {Partial<import('./auth.js').Credential>} [partial] */
  const addCredential = (partial) => {
    const credential = generateCredential(partial);
    credentials.set(credential.secretId, credential);
    return credential;
  };
  const initial = (options.credentials ?? [{}]).map((credential) => addCredential(credential));
  const ssm = createSsmStore();
  const kms = createKmsStore();
  const issuer = createOidcIssuer(options.oidc);
  const sts = createSts({
    roles: options.roles ?? [DEFAULT_ROLE],
    verifyToken: issuer.verifyToken,
  });
  /** @type {import('./api.js').ApiState} */
  const apiState = {
    keys: { permanent: (id) => credentials.get(id), temporary: (id) => sts.lookupTemporary(id) },
    handlers: { ...ssm.handlers, ...kms.handlers, ...sts.handlers },
    faults: createFaultQueue(),
    limiter: createRateLimiter(options.rateLimit),
    calls: [],
  };
  const controls = createControls({ ssm, kms, sts, issuer, apiState, credentials, addCredential });
  return { apiState, issuer, sts, firstCredential: initial[0], controls };
}

/**
 * @param {object} parts
 * @param {import('./ssm.js').SsmStore} parts.ssm
 * @param {import('./kms.js').KmsStore} parts.kms
 * @param {import('./sts.js').Sts} parts.sts
 * @param {import('./oidc.js').OidcIssuer} parts.issuer
 * @param {import('./api.js').ApiState} parts.apiState
 * @param {Map<string, import('./auth.js').Credential>} parts.credentials
 * @param {(partial?: Partial<import('./auth.js').Credential>) => import('./auth.js').Credential} parts.addCredential
 */
function createControls({ ssm, kms, sts, issuer, apiState, credentials, addCredential }) {
  const { faults, limiter, calls } = apiState;
  return {
    /** @param {import('./ssm.js').SecretOptions} secret */
    addSecret: (secret) => ssm.add(secret),
    /** @param {string} name */
    getSecret: (name) => ssm.get(name),
    listSecrets: () => ssm.list(),
    /** @param {import('./kms.js').KmsKeyOptions} [key] a KMS key with a real key pair */
    addKmsKey: (key) => kms.add(key),
    /** @param {string} keyId @param {import('./kms.js').KeyState} state */
    setKmsKeyState: (keyId, state) => kms.setState(keyId, state),
    listKmsKeys: () => kms.list(),
    /** every SignByAsymmetricKey answered, oldest first */
    kmsSignatures: () => kms.signatures(),
    /** @param {import('./faults.js').Fault} fault */
    injectFault: (fault) => faults.push(fault),
    clearFaults: () => faults.clear(),
    pendingFaults: () => faults.pending(),
    /** @param {number | null | undefined} rate requests per second per action; null: unlimited */
    setRateLimit: (rate) => limiter.setRate(rate),
    calls,
    resetCalls: () => {
      calls.length = 0;
    },
    addCredential,
    allCredentials: () => [...credentials.values()],
    /** @param {import('./sts.js').RoleConfig} role */
    addRole: (role) => sts.addRole(role),
    temporaryCredentials: () => sts.issued(),
    /** @param {import('./oidc.js').OidcPatch} patch subject, expired, audience (null resets) */
    configureOidc: (patch) => issuer.configure(patch),
    /** @param {import('./oidc.js').IssueOptions} issue a token signed by the emulator's OIDC key */
    issueIdToken: (issue) => issuer.issueToken(issue),
  };
}

/** @typedef {ReturnType<typeof createControls>} Controls */
