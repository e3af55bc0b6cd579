// The Tencent Cloud API 3.0 pipeline: parse -> fault -> authenticate -> rate limit -> handle,
// recording every call.
import { ApiError, errorEnvelope, newRequestId, successEnvelope } from './api-error.js';
import { authenticate, authorize } from './auth.js';
import { earlyFault, isResponseFault, spoilResponse } from './faults.js';
import { throttleMessage } from './rate-limit.js';
import { parseJsonBody, readBody, sendJson, sendText } from './http-util.js';
import { newCall, redactParams } from './calls.js';

/**
 * The actions the emulator serves. SSM and KMS are regional (X-TC-Region required); AssumeRoleWithWebIdentity
 * is called unsigned (`Authorization: SKIP`), so its Authorization header is not checked.
 */
const ACTIONS = {
  GetSSHKeyPairValue: { service: 'ssm', version: '2019-09-23', signed: true, regional: true },
  CreateSSHKeyPairSecret: { service: 'ssm', version: '2019-09-23', signed: true, regional: true },
  GetPublicKey: { service: 'kms', version: '2019-01-18', signed: true, regional: true },
  SignByAsymmetricKey: { service: 'kms', version: '2019-01-18', signed: true, regional: true },
  AssumeRoleWithWebIdentity: {
    service: 'sts',
    version: '2018-08-13',
    signed: false,
    regional: false,
  },
};

/**
 * @typedef {object} ApiState
 * @property {import('./auth.js').KeyStore} keys
 * @property {Record<string, (params: Record<string, unknown>) => unknown>} handlers
 * @property {ReturnType<typeof import('./faults.js').createFaultQueue>} faults
 * @property {ReturnType<typeof import('./rate-limit.js').createRateLimiter>} limiter
 * @property {import('./calls.js').Call[]} calls
 */

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {ApiState} state
 * @param {number} connection  the number of the connection the request came on
 */
export async function handleApiRequest(req, res, url, state, connection) {
  const requestId = newRequestId();
  const call = newCall(req.headers, requestId, connection);
  state.calls.push(call);
  try {
    const body = await readBody(req);
    const params = parseRequest(req, url, body, call);
    const fault = state.faults.take(call.action);
    call.fault = fault?.type;
    if (fault && !isResponseFault(fault)) return applyEarlyFault(fault, req, res, call);
    const fields = await processRequest(req, url, body, params, call, state);
    const answeredId = fault ? spoilResponse(fault, fields, requestId, call.action) : requestId;
    sendJson(res, 200, successEnvelope(fields, answeredId));
  } catch (error) {
    const apiError =
      error instanceof ApiError
        ? error
        : new ApiError('InternalError', `Emulator error: ${String(error)}`);
    call.code = apiError.code;
    sendJson(res, 200, errorEnvelope(apiError.code, apiError.message, requestId));
  }
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} url
 * @param {Buffer} body
 * @param {import('./calls.js').Call} call
 * @returns {Record<string, unknown>}
 */
function parseRequest(req, url, body, call) {
  if (req.method !== 'POST' || url.pathname !== '/') {
    throw new ApiError('UnsupportedProtocol', 'The emulator accepts only POST / with a JSON body.');
  }
  if (!call.action)
    throw new ApiError('MissingParameter', 'The request is missing the X-TC-Action header.');
  let params;
  try {
    params = parseJsonBody(body);
  } catch {
    throw new ApiError('InvalidParameter', 'The request body is not valid JSON.');
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new ApiError('InvalidParameter', 'The request body must be a JSON object.');
  }
  call.params = /** @type {Record<string, unknown>} */ (redactParams(params));
  return /** @type {Record<string, unknown>} */ (params);
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} url
 * @param {Buffer} body
 * @param {Record<string, unknown>} params
 * @param {import('./calls.js').Call} call
 * @param {ApiState} state
 * @returns {Promise<Record<string, unknown>>}
 */
async function processRequest(req, url, body, params, call, state) {
  const spec = ACTIONS[/** @type {keyof typeof ACTIONS} */ (call.action)];
  if (!spec) throw new ApiError('InvalidAction', `The action ${call.action} is not supported.`);
  call.service = spec.service;
  if (call.version !== spec.version) {
    throw new ApiError(
      'InvalidAction',
      `The action ${call.action} of version ${call.version} is not found.`,
    );
  }
  if (spec.regional && !call.region) {
    throw new ApiError('MissingParameter', 'The request is missing a required parameter `Region`.');
  }
  if (spec.signed) {
    const request = {
      method: 'POST',
      path: url.pathname,
      query: url.search.slice(1),
      headers: req.headers,
      body,
    };
    authorize(authenticate(request, state.keys), call.action, spec.service);
  }
  if (!state.limiter.tryTake(call.action)) {
    throw new ApiError('RequestLimitExceeded', throttleMessage(state.limiter.rate()));
  }
  const result = await state.handlers[call.action](params);
  return /** @type {Record<string, unknown>} */ (result);
}

/**
 * @param {import('./faults.js').Fault} fault
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {import('./calls.js').Call} call
 */
function applyEarlyFault(fault, req, res, call) {
  const outcome = earlyFault(fault, call.requestId);
  switch (outcome.kind) {
    case 'api-error':
      call.code = outcome.code;
      sendJson(
        res,
        200,
        errorEnvelope(outcome.code, outcome.message, fault.requestId ?? call.requestId),
      );
      return;
    case 'raw':
      call.code = fault.type === 'http-status' ? `HTTP ${outcome.status}` : fault.type;
      sendText(res, outcome.status, outcome.contentType, outcome.body);
      return;
    case 'reset':
      call.code = 'reset';
      req.socket.destroy();
      return;
    case 'hang':
      call.code = 'hang';
  }
}
