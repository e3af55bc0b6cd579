// SSM 2019-09-23: the SSH key pair secrets of one region, and the two actions the project uses.
import { ApiError, checkParameterNames, optionalString } from './api-error.js';
import { fingerprint, generateRsaKey, keyMaterial } from './keys.js';
import { randomLowerAlnum } from './random.js';
import { parseCreateParams, validateSecretName, validateSshKeyName } from './params.js';

/**
 * @typedef {object} SecretOptions
 * @property {string} name
 * @property {'rsa' | 'ed25519'} [keyType]  default rsa; ignored when privateKey is given
 * @property {string} [privateKey]   explicit key material instead of a generated key
 * @property {string} [publicKey]    OpenSSH line; derived from a PEM privateKey when absent
 * @property {'plain' | 'base64'} [encoding]  how GetSSHKeyPairValue returns the keys
 * @property {'lf' | 'crlf'} [newline]        line endings of the returned private key
 * @property {boolean} [trailingNewline]      default true; false strips the final newline
 * @property {number} [projectId]
 * @property {string} [sshKeyId]
 * @property {string} [sshKeyName]
 * @property {string} [description]
 * @property {string} [kmsKeyId]
 * @property {{ TagKey: string, TagValue?: string }[]} [tags]
 */

/**
 * @typedef {object} SecretRecord
 * @property {string} name
 * @property {string} sshKeyId
 * @property {string} sshKeyName
 * @property {number} projectId
 * @property {string} description
 * @property {string | undefined} kmsKeyId
 * @property {{ TagKey: string, TagValue?: string }[]} tags
 * @property {string} privateKey   as stored, before encoding for the response
 * @property {string} publicKey
 * @property {string} fingerprint  SHA256:..., as ssh-keygen -lf prints it
 * @property {'plain' | 'base64'} encoding
 * @property {'lf' | 'crlf'} newline
 * @property {boolean} trailingNewline
 * @property {number} createdAt    unix milliseconds
 */

/** The secrets of one region, keyed by name. */
class SecretRegistry {
  constructor() {
    /** @type {Map<string, SecretRecord>} */
    this.secrets = new Map();
    /** Names whose key is still being generated: a concurrent create of the same name loses. */
    this.reserved = new Set();
  }

  /** @param {string} name */
  taken(name) {
    return this.secrets.has(name) || this.reserved.has(name);
  }

  newKeyId() {
    const ids = new Set([...this.secrets.values()].map((record) => record.sshKeyId));
    let id;
    do id = `skey-${randomLowerAlnum(8)}`;
    while (ids.has(id));
    return id;
  }

  /**
   * @param {SecretOptions} options
   * @param {{ privateKey: string, publicKey: string }} material
   * @param {string} sshKeyId
   * @returns {SecretRecord}
   */
  store(options, material, sshKeyId) {
    /** @type {SecretRecord} */
    const record = {
      name: options.name,
      sshKeyId,
      sshKeyName: options.sshKeyName ?? `ssm_${randomLowerAlnum(10)}`,
      projectId: options.projectId ?? 0,
      description: options.description ?? '',
      kmsKeyId: options.kmsKeyId,
      tags: options.tags ?? [],
      privateKey: material.privateKey,
      publicKey: material.publicKey,
      fingerprint: fingerprint(material.publicKey),
      encoding: options.encoding ?? 'plain',
      newline: options.newline ?? 'lf',
      trailingNewline: options.trailingNewline ?? true,
      createdAt: Date.now(),
    };
    this.secrets.set(record.name, record);
    return record;
  }
}

/**
 * The in-memory secrets of one emulator, with the SSM action handlers.
 * @returns {SsmStore}
 */
export function createSsmStore() {
  const registry = new SecretRegistry();
  return {
    add: (options) => addSecret(registry, options),
    get: (name) => registry.secrets.get(name),
    list: () => [...registry.secrets.values()],
    handlers: {
      GetSSHKeyPairValue: (params) => getSshKeyPairValue(params, registry.secrets),
      CreateSSHKeyPairSecret: (params) => createSshKeyPairSecret(params, registry),
    },
  };
}

/**
 * @typedef {object} SsmStore
 * @property {(options: SecretOptions) => SecretRecord} add
 * @property {(name: string) => SecretRecord | undefined} get
 * @property {() => SecretRecord[]} list
 * @property {Record<string, (params: Record<string, unknown>) => unknown>} handlers
 */

/**
 * Seeds a secret directly (tests, the demo), with generated or explicit key material.
 * @param {SecretRegistry} registry
 * @param {SecretOptions} options
 * @returns {SecretRecord}
 */
function addSecret(registry, options) {
  validateSecretName(options.name);
  if (registry.taken(options.name)) throw new Error(`secret ${options.name} already exists`);
  if (options.sshKeyName !== undefined) validateSshKeyName(options.sshKeyName);
  const sshKeyId = options.sshKeyId ?? registry.newKeyId();
  return registry.store(options, keyMaterial(options, sshKeyId), sshKeyId);
}

/**
 * @param {Record<string, unknown>} params
 * @param {SecretRegistry} registry
 */
async function createSshKeyPairSecret(params, registry) {
  const options = parseCreateParams(params);
  if (registry.taken(options.name)) {
    throw new ApiError('ResourceInUse.SecretExists', `The secret ${options.name} already exists.`);
  }
  registry.reserved.add(options.name);
  try {
    const sshKeyId = registry.newKeyId();
    const record = registry.store(options, await generateRsaKey(sshKeyId), sshKeyId);
    return {
      SecretName: record.name,
      SSHKeyID: record.sshKeyId,
      SSHKeyName: record.sshKeyName,
      ...(record.tags.length > 0 ? { TagCode: 0, TagMsg: '' } : {}),
    };
  } finally {
    registry.reserved.delete(options.name);
  }
}

/**
 * @param {Record<string, unknown>} params
 * @param {Map<string, SecretRecord>} secrets
 */
function getSshKeyPairValue(params, secrets) {
  checkParameterNames(params, { required: [], optional: ['SecretName', 'SSHKeyId'] });
  const name = optionalString(params, 'SecretName');
  const keyId = optionalString(params, 'SSHKeyId');
  if (!name && !keyId) {
    throw new ApiError('MissingParameter', 'One of SecretName and SSHKeyId is required.');
  }
  const record = name
    ? secrets.get(validateSecretName(name))
    : [...secrets.values()].find((candidate) => candidate.sshKeyId === keyId);
  if (!record || (keyId && record.sshKeyId !== keyId)) {
    throw new ApiError('ResourceNotFound', `The secret ${name ?? keyId} does not exist.`);
  }
  return {
    SSHKeyID: record.sshKeyId,
    PublicKey: encodeForResponse(record.publicKey, record.encoding),
    PrivateKey: encodeForResponse(shapePrivateKey(record), record.encoding),
    ProjectID: record.projectId,
    SSHKeyDescription: record.description,
    SSHKeyName: record.sshKeyName,
  };
}

/**
 * @param {SecretRecord} record
 * @returns {string}
 */
function shapePrivateKey(record) {
  let text = record.privateKey.replace(/\r\n/g, '\n');
  if (!record.trailingNewline) text = text.replace(/\n+$/, '');
  return record.newline === 'crlf' ? text.replace(/\n/g, '\r\n') : text;
}

/**
 * @param {string} text
 * @param {'plain' | 'base64'} encoding
 * @returns {string}
 */
function encodeForResponse(text, encoding) {
  return encoding === 'base64' ? Buffer.from(text, 'utf8').toString('base64') : text;
}
