// TC3-HMAC-SHA256, the Tencent Cloud API 3.0 request signature: pure functions only.
// Both sides use them: tests sign requests by hand, the server recomputes what it receives.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const ALGORITHM = 'TC3-HMAC-SHA256';

/**
 * @typedef {object} SignInput
 * @property {string} secretKey
 * @property {string} service    credential scope service, e.g. `cvm`, or `127` for 127.0.0.1
 * @property {number} timestamp  unix seconds, also sent as X-TC-Timestamp
 * @property {string} [method]   default POST
 * @property {string} [path]     canonical URI, default `/`
 * @property {string} [query]    canonical query string without `?`, default empty
 * @property {Record<string, string>} headers  the signed headers, lowercase names
 * @property {string | Buffer} payload  the exact request body
 */

/**
 * @typedef {object} SignResult
 * @property {string} payloadHash
 * @property {string} canonicalRequest
 * @property {string} canonicalRequestHash
 * @property {string} date            YYYY-MM-DD (UTC) of the timestamp
 * @property {string} credentialScope date/service/tc3_request
 * @property {string} stringToSign
 * @property {string} signature       lowercase hex
 * @property {string} signedHeaders   e.g. `content-type;host`
 */

/**
 * @param {string | Buffer} data
 * @returns {string}
 */
function sha256Hex(data) {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * @param {string | Buffer} key
 * @param {string} message
 * @returns {Buffer}
 */
function hmac(key, message) {
  return createHmac('sha256', key).update(message, 'utf8').digest();
}

/**
 * @param {number} timestamp unix seconds
 * @returns {string} the UTC calendar date, YYYY-MM-DD
 */
export function utcDate(timestamp) {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/**
 * Header names and values are lowercased and trimmed, sorted by name, as Tencent's docs specify.
 * @param {Record<string, string>} headers
 * @returns {{ canonicalHeaders: string, signedHeaders: string }}
 */
export function canonicalizeHeaders(headers) {
  const entries = Object.entries(headers)
    .map(([name, value]) => [name.trim().toLowerCase(), String(value).trim().toLowerCase()])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    canonicalHeaders: entries.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders: entries.map(([name]) => name).join(';'),
  };
}

/**
 * @param {string} secretKey
 * @param {string} date
 * @param {string} service
 * @returns {Buffer}
 */
export function deriveSigningKey(secretKey, date, service) {
  const secretDate = hmac(`TC3${secretKey}`, date);
  const secretService = hmac(secretDate, service);
  return hmac(secretService, 'tc3_request');
}

/**
 * Computes every intermediate value of the signature, so a test can check each one.
 * @param {SignInput} input
 * @returns {SignResult}
 */
export function computeSignature(input) {
  const { canonicalHeaders, signedHeaders } = canonicalizeHeaders(input.headers);
  const payloadHash = sha256Hex(input.payload);
  const canonicalRequest = [
    input.method ?? 'POST',
    input.path ?? '/',
    input.query ?? '',
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');
  const canonicalRequestHash = sha256Hex(canonicalRequest);
  const date = utcDate(input.timestamp);
  const credentialScope = `${date}/${input.service}/tc3_request`;
  const stringToSign = [
    ALGORITHM,
    String(input.timestamp),
    credentialScope,
    canonicalRequestHash,
  ].join('\n');
  const signature = createHmac('sha256', deriveSigningKey(input.secretKey, date, input.service))
    .update(stringToSign, 'utf8')
    .digest('hex');
  return {
    payloadHash,
    canonicalRequest,
    canonicalRequestHash,
    date,
    credentialScope,
    stringToSign,
    signature,
    signedHeaders,
  };
}

/**
 * @param {string} secretId
 * @param {SignResult} result
 * @returns {string} the Authorization header value
 */
export function formatAuthorization(secretId, result) {
  return `${ALGORITHM} Credential=${secretId}/${result.credentialScope}, SignedHeaders=${result.signedHeaders}, Signature=${result.signature}`;
}

/**
 * @typedef {object} ParsedAuthorization
 * @property {string} secretId
 * @property {string} date
 * @property {string} service
 * @property {string[]} signedHeaders lowercase names
 * @property {string} signature
 */

const AUTHORIZATION_PATTERN =
  /^TC3-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{4}-\d{2}-\d{2})\/([^/,\s]+)\/tc3_request\s*,\s*SignedHeaders=([a-z0-9;-]+)\s*,\s*Signature=([0-9a-f]{64})$/i;

/**
 * @param {string | undefined} header
 * @returns {ParsedAuthorization | null} null when the header is missing or not TC3 shaped
 */
export function parseAuthorization(header) {
  const match = AUTHORIZATION_PATTERN.exec((header ?? '').trim());
  if (!match) return null;
  const [, secretId, date, service, signedHeaders, signature] = match;
  return {
    secretId,
    date,
    service,
    signedHeaders: signedHeaders.toLowerCase().split(';'),
    signature: signature.toLowerCase(),
  };
}

/**
 * Constant-time comparison of two hex signatures.
 * @param {string} expected
 * @param {string} actual
 * @returns {boolean}
 */
export function signaturesEqual(expected, actual) {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(actual, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
