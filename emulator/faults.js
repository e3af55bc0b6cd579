// Fault injection and rate limiting: how the emulator misbehaves on purpose, so that retry,
// timeout and leak handling can be tested against a real socket.
import { randomBytes } from 'node:crypto';
import { throttleMessage } from './rate-limit.js';

/**
 * @typedef {'throttle' | 'internal-error' | 'error' | 'http-status' | 'hang' | 'reset'
 *   | 'malformed-json' | 'missing-response' | 'missing-fields' | 'invalid-key'
 *   | 'plant'} FaultType
 */

/**
 * @typedef {object} Fault
 * @property {FaultType} type
 * @property {string} [action]   only requests for this action; default any action
 * @property {number} [times]    how many requests it hits; default 1, -1 or Infinity for all
 * @property {string} [code]     `error`: the error code
 * @property {string} [message]  `error`, `throttle`, `internal-error`: the error message
 * @property {number} [status]   `http-status`: the HTTP status, default 503
 * @property {string} [field]    `plant`: the Response field to overwrite, e.g. SSHKeyID or RequestId
 * @property {unknown} [value]   `plant`: what the field then holds (hostile text, say)
 * @property {string} [requestId] `error`, `throttle`, `internal-error`: the RequestId to answer
 */

/**
 * @typedef {{ kind: 'api-error', code: string, message: string }
 *   | { kind: 'raw', status: number, contentType: string, body: string }
 *   | { kind: 'hang' } | { kind: 'reset' }} EarlyFault
 */

const FAULT_TYPES = /** @type {const} */ ([
  'throttle',
  'internal-error',
  'error',
  'http-status',
  'hang',
  'reset',
  'malformed-json',
  'missing-response',
  'missing-fields',
  'invalid-key',
  'plant',
]);

/** The field that carries an action's key material: what missing-fields and invalid-key spoil. */
const KEY_FIELDS = {
  GetPublicKey: 'PublicKey',
  SignByAsymmetricKey: 'Signature',
};

/** Faults that let the request run and then spoil its successful answer. */
const RESPONSE_FAULTS = new Set(['missing-fields', 'invalid-key', 'plant']);

/**
 * @param {unknown} input
 * @returns {Fault & { remaining: number }}
 * @throws {Error} on an unknown type or a bad field
 */
export function normalizeFault(input) {
  const fault = /** @type {Fault} */ (input ?? {});
  if (!FAULT_TYPES.includes(fault.type)) {
    throw new Error(
      `unknown fault type ${JSON.stringify(fault.type)}; one of ${FAULT_TYPES.join(', ')}`,
    );
  }
  if (fault.type === 'error' && typeof fault.code !== 'string') {
    throw new Error('an `error` fault needs a `code`');
  }
  if (fault.type === 'plant' && (typeof fault.field !== 'string' || fault.field === '')) {
    throw new Error('a `plant` fault needs a `field`');
  }
  const times = fault.times ?? 1;
  if (times !== -1 && times !== Infinity && !(Number.isInteger(times) && times > 0)) {
    throw new Error('`times` must be a positive integer, or -1 for every request');
  }
  return { ...fault, remaining: times === -1 ? Infinity : times };
}

export function createFaultQueue() {
  /** @type {(Fault & { remaining: number })[]} */
  const queue = [];
  return {
    /** @param {Fault} fault */
    push: (fault) => {
      queue.push(normalizeFault(fault));
    },
    clear: () => {
      queue.length = 0;
    },
    /** @returns {Fault[]} the faults still armed */
    pending: () => queue.map((fault) => ({ ...fault })),
    /**
     * Takes the first fault armed for this action, counting one hit.
     * @param {string} action
     * @returns {Fault | undefined}
     */
    take: (action) => {
      const index = queue.findIndex(
        (fault) => fault.action === undefined || fault.action === action,
      );
      if (index < 0) return undefined;
      const fault = queue[index];
      fault.remaining -= 1;
      if (fault.remaining <= 0) queue.splice(index, 1);
      return fault;
    },
  };
}

/**
 * @param {Fault} fault
 * @returns {boolean} true when the fault spoils a successful answer instead of replacing it
 */
export function isResponseFault(fault) {
  return RESPONSE_FAULTS.has(fault.type);
}

/**
 * @param {string} code
 * @param {string} message
 * @returns {EarlyFault}
 */
const apiError = (code, message) => ({ kind: 'api-error', code, message });

/**
 * @param {number} status
 * @param {string} contentType
 * @param {string} body
 * @returns {EarlyFault}
 */
const raw = (status, contentType, body) => ({ kind: 'raw', status, contentType, body });

/** @type {Record<string, (fault: Fault, requestId: string) => EarlyFault>} */
const EARLY_FAULTS = {
  throttle: (fault) => apiError('RequestLimitExceeded', fault.message ?? throttleMessage()),
  'internal-error': (fault) =>
    apiError('InternalError', fault.message ?? 'An internal error occurred.'),
  error: (fault) => apiError(fault.code ?? 'InternalError', fault.message ?? 'Injected error.'),
  'http-status': ({ status = 503 }) =>
    raw(
      status,
      'text/html',
      `<html><head><title>${status}</title></head><body><h1>${status} Service Unavailable</h1><p>gateway error (emulated)</p></body></html>`,
    ),
  'malformed-json': (_fault, requestId) =>
    raw(200, 'application/json', `<html>upstream proxy error ${requestId}</html>`),
  'missing-response': (_fault, requestId) =>
    raw(200, 'application/json', JSON.stringify({ RequestId: requestId })),
  hang: () => ({ kind: 'hang' }),
  reset: () => ({ kind: 'reset' }),
};

/**
 * What to do instead of handling the request.
 * @param {Fault} fault one that is not a response fault
 * @param {string} requestId
 * @returns {EarlyFault}
 */
export function earlyFault(fault, requestId) {
  const make = EARLY_FAULTS[fault.type];
  if (!make) throw new Error(`fault ${fault.type} does not replace the answer`);
  return make(fault, requestId);
}

/**
 * Spoils a successful answer: drops the key field (PrivateKey; KMS: PublicKey, Signature), swaps
 * it for base64 that is not a key (nor a signature of that key), or plants a value in a field
 * (the RequestId too, which the envelope adds).
 * @param {Fault} fault
 * @param {Record<string, unknown>} fields the Response fields, changed in place
 * @param {string} requestId the RequestId the answer would carry
 * @param {string} [action] the action answered
 * @returns {unknown} the RequestId the answer carries after all
 */
export function spoilResponse(fault, fields, requestId, action = '') {
  const keyField = KEY_FIELDS[/** @type {keyof typeof KEY_FIELDS} */ (action)] ?? 'PrivateKey';
  if (fault.type === 'missing-fields') delete fields[keyField];
  if (fault.type === 'invalid-key') fields[keyField] = randomBytes(96).toString('base64');
  if (fault.type !== 'plant' || fault.field === undefined) return requestId;
  if (fault.field === 'RequestId') return fault.value;
  fields[fault.field] = fault.value;
  return requestId;
}
