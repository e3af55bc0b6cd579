// Authenticates a signed API request the way the real gateway does, with the same error codes.
import { ApiError } from './api-error.js';
import { computeSignature, parseAuthorization, signaturesEqual, utcDate } from './tc3.js';

const MAX_CLOCK_SKEW_SECONDS = 300;

/**
 * @typedef {object} Credential
 * @property {string} secretId
 * @property {string} secretKey
 * @property {string[]} [allowedActions] when set, the only actions this key may call
 */

/**
 * @typedef {object} ReceivedRequest
 * @property {string} method
 * @property {string} path
 * @property {string} query  without `?`
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {Buffer} body
 */

/**
 * @typedef {object} Identity
 * @property {string} secretId
 * @property {'permanent' | 'temporary'} kind
 * @property {string[] | undefined} allowedActions
 */

/**
 * @typedef {object} KeyStore
 * @property {(secretId: string) => Credential | undefined} permanent
 * @property {(secretId: string) => { secretKey: string, token: string, expiredTime: number, allowedActions?: string[] } | undefined} temporary
 */

/**
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {string} name lowercase
 * @returns {string | undefined}
 */
function header(headers, name) {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * The SDK signs the host without its port (URL.hostname) but sends Host with it, so both forms
 * are tried: the signature is then recomputed from what was actually received.
 * @param {string} host
 * @returns {string[]}
 */
function hostCandidates(host) {
  const withoutPort = host.replace(/:\d+$/, '');
  return withoutPort === host ? [host] : [withoutPort, host];
}

/**
 * @param {ReceivedRequest} request
 * @param {KeyStore} keys
 * @param {number} [nowSeconds]
 * @returns {Identity}
 * @throws {ApiError} AuthFailure.* when the request is not authentic
 */
export function authenticate(request, keys, nowSeconds = Math.floor(Date.now() / 1000)) {
  const auth = parseAuthorization(header(request.headers, 'authorization'));
  if (
    !auth ||
    !auth.signedHeaders.includes('host') ||
    !auth.signedHeaders.includes('content-type')
  ) {
    throw new ApiError(
      'AuthFailure.InvalidAuthorization',
      'The Authorization header is missing or malformed.',
    );
  }
  const permanent = keys.permanent(auth.secretId);
  const temporary = permanent ? undefined : keys.temporary(auth.secretId);
  const secretKey = permanent?.secretKey ?? temporary?.secretKey;
  if (secretKey === undefined) {
    throw new ApiError(
      'AuthFailure.SecretIdNotFound',
      'The SecretId is not found, please ensure that your SecretId is correct.',
    );
  }
  const timestamp = checkTimestamp(header(request.headers, 'x-tc-timestamp'), nowSeconds);
  if (auth.date !== utcDate(timestamp) || !signatureMatches(request, auth, secretKey, timestamp)) {
    throw new ApiError(
      'AuthFailure.SignatureFailure',
      'The provided credentials could not be validated. Please check your signature is correct.',
    );
  }
  if (temporary) checkSessionToken(header(request.headers, 'x-tc-token'), temporary, nowSeconds);
  return {
    secretId: auth.secretId,
    kind: permanent ? 'permanent' : 'temporary',
    allowedActions: permanent ? permanent.allowedActions : temporary?.allowedActions,
  };
}

/**
 * @param {string | undefined} value X-TC-Timestamp
 * @param {number} nowSeconds
 * @returns {number} the timestamp, when within MAX_CLOCK_SKEW_SECONDS of now
 */
function checkTimestamp(value, nowSeconds) {
  const timestamp = Number(value);
  if (value === undefined || !Number.isInteger(timestamp)) {
    throw new ApiError('MissingParameter', 'The request is missing a valid X-TC-Timestamp header.');
  }
  if (Math.abs(nowSeconds - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
    throw new ApiError(
      'AuthFailure.SignatureExpire',
      'Signature expired: the timestamp is more than 300 seconds off.',
    );
  }
  return timestamp;
}

/**
 * @param {ReceivedRequest} request
 * @param {import('./tc3.js').ParsedAuthorization} auth
 * @param {string} secretKey
 * @param {number} timestamp
 * @returns {boolean}
 */
function signatureMatches(request, auth, secretKey, timestamp) {
  const host = header(request.headers, 'host') ?? '';
  return hostCandidates(host).some((hostValue) => {
    /** @type {Record<string, string>} */
    const signed = {};
    for (const name of auth.signedHeaders) {
      const value = name === 'host' ? hostValue : header(request.headers, name);
      if (value === undefined) return false;
      signed[name] = value;
    }
    const { signature } = computeSignature({
      secretKey,
      service: auth.service,
      timestamp,
      method: request.method,
      path: request.path,
      query: request.query,
      headers: signed,
      payload: request.body,
    });
    return signaturesEqual(signature, auth.signature);
  });
}

/**
 * @param {string | undefined} token
 * @param {{ token: string, expiredTime: number }} credential
 * @param {number} nowSeconds
 */
function checkSessionToken(token, credential, nowSeconds) {
  if (!token || !signaturesEqual(credential.token, token)) {
    throw new ApiError(
      'AuthFailure.TokenFailure',
      'The X-TC-Token of the temporary credentials is missing or wrong.',
    );
  }
  if (credential.expiredTime <= nowSeconds) {
    throw new ApiError('AuthFailure.TokenFailure', 'The temporary credentials have expired.');
  }
}

/**
 * @param {Identity} identity
 * @param {string} action
 * @param {string} [service] the CAM service prefix of the action, e.g. ssm or kms
 * @throws {ApiError} UnauthorizedOperation when the key's policy does not allow the action
 */
export function authorize(identity, action, service = 'ssm') {
  if (identity.allowedActions && !identity.allowedActions.includes(action)) {
    throw new ApiError(
      'UnauthorizedOperation',
      `The credential is not authorized to perform ${action}; its CAM policy needs ${service}:${action}.`,
    );
  }
}
