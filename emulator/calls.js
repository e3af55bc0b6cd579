// The call log: one record per API request, safe to show (no key material, no body secrets).
import { parseAuthorization } from './tc3.js';

/**
 * @typedef {object} Call
 * @property {string} action
 * @property {string | undefined} service      ssm or sts, the service the action belongs to
 * @property {string | undefined} scopeService the service named by the credential scope, e.g. `127`
 * @property {string | undefined} region
 * @property {string | undefined} version
 * @property {string | undefined} secretId
 * @property {string | undefined} token        X-TC-Token as received
 * @property {'tc3' | 'skip' | 'none' | 'invalid'} auth how the request was authorized
 * @property {Record<string, unknown>} params  with key material and tokens redacted
 * @property {string} code                     'OK', the error code, or what a fault did
 * @property {string | undefined} fault        the injected fault type, if any
 * @property {string} requestId
 * @property {number} time                     unix milliseconds
 * @property {number} connection               which TCP connection it came on (1, 2, ... per server)
 */

const REDACTED_PARAM = /privatekey|secretkey|token|password/i;

/**
 * @param {unknown} value
 * @returns {unknown}
 */
export function redactParams(value) {
  if (Array.isArray(value)) return value.map(redactParams);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      REDACTED_PARAM.test(key) ? '[redacted]' : redactParams(inner),
    ]),
  );
}

/**
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {string} name
 * @returns {string | undefined}
 */
function headerValue(headers, name) {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {string} requestId
 * @param {number} connection
 * @returns {Call} what the headers say; the pipeline fills in service, params and code
 */
export function newCall(headers, requestId, connection) {
  const authorization = headerValue(headers, 'authorization');
  const parsed = parseAuthorization(authorization);
  return {
    action: headerValue(headers, 'x-tc-action') ?? '',
    service: undefined,
    scopeService: parsed?.service,
    region: headerValue(headers, 'x-tc-region'),
    version: headerValue(headers, 'x-tc-version'),
    secretId: parsed?.secretId,
    token: headerValue(headers, 'x-tc-token'),
    auth: authKind(authorization, parsed !== null),
    params: {},
    code: 'OK',
    fault: undefined,
    requestId,
    time: Date.now(),
    connection,
  };
}

/**
 * @param {string | undefined} authorization
 * @param {boolean} parsed
 * @returns {Call['auth']}
 */
function authKind(authorization, parsed) {
  if (!authorization) return 'none';
  if (authorization === 'SKIP') return 'skip';
  return parsed ? 'tc3' : 'invalid';
}
