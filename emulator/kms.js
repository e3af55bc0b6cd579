// KMS 2019-01-18: customer master keys with real node:crypto key pairs (EC P-256, RSA 2048), and
// the two actions an SSH certificate authority needs, GetPublicKey and SignByAsymmetricKey.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { ApiError, checkParameterNames, optionalString } from './api-error.js';
import { messageOf, signWith } from './kms-sign.js';

/**
 * @typedef {'ASYMMETRIC_SIGN_VERIFY_ECC' | 'ASYMMETRIC_SIGN_VERIFY_RSA_2048'
 *   | 'ASYMMETRIC_DECRYPT_RSA_2048' | 'ENCRYPT_DECRYPT'} KeyUsage
 * @typedef {'Enabled' | 'Disabled' | 'PendingDelete'} KeyState
 */

/**
 * @typedef {object} KmsKeyOptions
 * @property {'ec' | 'rsa'} [type]  default: what the usage needs, else ec
 * @property {KeyState} [state]     default Enabled
 * @property {KeyUsage} [usage]     default: the signing usage of the type
 * @property {string} [keyId]       default: a fresh UUID, like the real service's
 */

/**
 * @typedef {object} KmsKey
 * @property {string} keyId
 * @property {'ec' | 'rsa' | 'symmetric'} type
 * @property {KeyUsage} usage
 * @property {KeyState} state
 * @property {string} [publicKeyPem] SPKI PEM; absent for ENCRYPT_DECRYPT
 */

/**
 * @typedef {object} KmsSignature one SignByAsymmetricKey the emulator answered
 * @property {string} keyId
 * @property {string} algorithm
 * @property {'RAW' | 'DIGEST'} messageType
 * @property {string} message   base64, as received
 * @property {string} signature base64, as answered
 * @property {number} time      unix milliseconds
 */

const USAGES = {
  ASYMMETRIC_SIGN_VERIFY_ECC: 'ec',
  ASYMMETRIC_SIGN_VERIFY_RSA_2048: 'rsa',
  ASYMMETRIC_DECRYPT_RSA_2048: 'rsa',
  ENCRYPT_DECRYPT: 'symmetric',
};
const SIGNING_USAGES = new Set(['ASYMMETRIC_SIGN_VERIFY_ECC', 'ASYMMETRIC_SIGN_VERIFY_RSA_2048']);
/** The documented algorithms, and the key type each needs (SM2 keys are not emulated). */
const ALGORITHMS = {
  ECC_P256_R1: 'ec',
  RSA_PKCS1_SHA_256: 'rsa',
  RSA_PSS_SHA_256: 'rsa',
  SM2DSA: 'sm2',
};
const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * @param {KmsKeyOptions} options
 * @returns {{ type: 'ec' | 'rsa' | 'symmetric', usage: KeyUsage }}
 */
function kindOf(options) {
  const usage =
    options.usage ??
    (options.type === 'rsa' ? 'ASYMMETRIC_SIGN_VERIFY_RSA_2048' : 'ASYMMETRIC_SIGN_VERIFY_ECC');
  const type = /** @type {'ec' | 'rsa' | 'symmetric' | undefined} */ (USAGES[usage]);
  if (!type) throw new Error(`unknown KMS key usage ${JSON.stringify(usage)}`);
  if (options.type && type !== 'symmetric' && options.type !== type) {
    throw new Error(`usage ${usage} needs a ${type} key, not ${options.type}`);
  }
  return { type, usage };
}

/** @param {'ec' | 'rsa' | 'symmetric'} type */
function generate(type) {
  if (type === 'symmetric') return undefined;
  return type === 'ec'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
}

/** The KMS keys of one emulator, with the action handlers and the log of signatures made. */
export function createKmsStore() {
  /** @type {Map<string, KmsKey & { pair?: import('node:crypto').KeyPairKeyObjectResult }>} */
  const keys = new Map();
  /** @type {KmsSignature[]} */
  const signatures = [];
  /** @param {KmsKeyOptions} [options] */
  const add = (options = {}) => {
    const { type, usage } = kindOf(options);
    const state = options.state ?? 'Enabled';
    if (!['Enabled', 'Disabled', 'PendingDelete'].includes(state)) {
      throw new Error(`unknown KMS key state ${JSON.stringify(state)}`);
    }
    const keyId = options.keyId ?? randomUUID();
    if (keys.has(keyId)) throw new Error(`KMS key ${keyId} already exists`);
    const pair = generate(type);
    const publicKeyPem = pair?.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    keys.set(keyId, { keyId, type, usage, state, publicKeyPem, pair });
    return view(/** @type {KmsKey} */ (keys.get(keyId)));
  };
  return {
    add,
    /** @param {string} keyId @param {KeyState} state */
    setState: (keyId, state) => {
      const key = keys.get(keyId);
      if (!key) throw new Error(`no KMS key ${keyId}`);
      key.state = state;
      return view(key);
    },
    list: () => [...keys.values()].map(view),
    signatures: () => signatures.map((entry) => ({ ...entry })),
    handlers: {
      /** @param {Record<string, unknown>} params */
      GetPublicKey: (params) => getPublicKey(params, keys),
      /** @param {Record<string, unknown>} params */
      SignByAsymmetricKey: (params) => {
        const entry = signByAsymmetricKey(params, keys);
        signatures.push(entry);
        return { KeyId: entry.keyId, Signature: entry.signature };
      },
    },
  };
}

/** @typedef {ReturnType<typeof createKmsStore>} KmsStore */

/**
 * @param {KmsKey} key
 * @returns {KmsKey} what callers see: never the private half
 */
function view({ keyId, type, usage, state, publicKeyPem }) {
  return { keyId, type, usage, state, ...(publicKeyPem ? { publicKeyPem } : {}) };
}

/**
 * The key a request names, enabled; CMK errors as KMS answers them.
 * @param {Record<string, unknown>} params
 * @param {Map<string, KmsKey & { pair?: import('node:crypto').KeyPairKeyObjectResult }>} keys
 */
function usableKey(params, keys) {
  const keyId = /** @type {string} */ (optionalString(params, 'KeyId'));
  if (!KEY_ID.test(keyId)) {
    throw new ApiError('InvalidParameterValue.InvalidKeyId', `The KeyId ${keyId} is invalid.`);
  }
  const key = keys.get(keyId);
  if (!key) throw new ApiError('ResourceUnavailable.CmkNotFound', `The CMK ${keyId} is not found.`);
  if (key.state === 'Disabled') {
    throw new ApiError('ResourceUnavailable.CmkDisabled', `The CMK ${keyId} is disabled.`);
  }
  if (key.state !== 'Enabled') {
    throw new ApiError(
      'ResourceUnavailable.CmkStateNotSupport',
      `The CMK ${keyId} is ${key.state}: the operation is not supported in this state.`,
    );
  }
  return key;
}

/**
 * @param {Record<string, unknown>} params
 * @param {Map<string, KmsKey & { pair?: import('node:crypto').KeyPairKeyObjectResult }>} keys
 */
function getPublicKey(params, keys) {
  checkParameterNames(params, { required: ['KeyId'], optional: [] });
  const key = usableKey(params, keys);
  if (!key.pair || !key.publicKeyPem) {
    throw new ApiError(
      'UnsupportedOperation',
      `The CMK ${key.keyId} is a symmetric key (${key.usage}): it has no public key.`,
    );
  }
  const der = key.pair.publicKey.export({ type: 'spki', format: 'der' });
  return { KeyId: key.keyId, PublicKey: der.toString('base64'), PublicKeyPem: key.publicKeyPem };
}

/**
 * @param {Record<string, unknown>} params
 * @param {Map<string, KmsKey & { pair?: import('node:crypto').KeyPairKeyObjectResult }>} keys
 * @returns {KmsSignature}
 */
function signByAsymmetricKey(params, keys) {
  checkParameterNames(params, {
    required: ['Algorithm', 'Message', 'KeyId'],
    optional: ['MessageType'],
  });
  const key = usableKey(params, keys);
  const algorithm = /** @type {string} */ (optionalString(params, 'Algorithm'));
  const needs = ALGORITHMS[/** @type {keyof typeof ALGORITHMS} */ (algorithm)];
  if (!Object.hasOwn(ALGORITHMS, algorithm)) {
    throw new ApiError('InvalidParameterValue', `The Algorithm ${algorithm} is not supported.`);
  }
  const { message, messageType } = messageOf(params);
  if (!SIGNING_USAGES.has(key.usage) || !key.pair) {
    throw new ApiError(
      'UnsupportedOperation',
      `The CMK ${key.keyId} has the usage ${key.usage}: it cannot sign.`,
    );
  }
  if (needs !== key.type) {
    throw new ApiError(
      'UnsupportedOperation',
      `The Algorithm ${algorithm} does not fit the CMK ${key.keyId} (${key.usage}).`,
    );
  }
  const signature = signWith(key.pair.privateKey, algorithm, message, messageType);
  return {
    keyId: key.keyId,
    algorithm,
    messageType,
    message: message.toString('base64'),
    signature: signature.toString('base64'),
    time: Date.now(),
  };
}
