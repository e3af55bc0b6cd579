// The Tencent Cloud API 3.0 envelope: every answer is HTTP 200 JSON under `Response`.
import { randomUUID } from 'node:crypto';

/** A Tencent Cloud API error: becomes `{"Response":{"Error":{Code,Message},RequestId}}`. */
export class ApiError extends Error {
  /**
   * @param {string} code     e.g. `ResourceNotFound`, `AuthFailure.SignatureFailure`
   * @param {string} message  never carries key material
   */
  constructor(code, message) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

/** @returns {string} a fresh RequestId, a UUID like the real service's */
export function newRequestId() {
  return randomUUID();
}

/**
 * @param {Record<string, unknown>} fields
 * @param {unknown} requestId  a string, unless a `plant` fault put something else there
 * @returns {{ Response: Record<string, unknown> }}
 */
export function successEnvelope(fields, requestId) {
  return { Response: { ...fields, RequestId: requestId } };
}

/**
 * @param {string} code
 * @param {string} message
 * @param {unknown} requestId
 * @returns {{ Response: { Error: { Code: string, Message: string }, RequestId: unknown } }}
 */
export function errorEnvelope(code, message, requestId) {
  return { Response: { Error: { Code: code, Message: message }, RequestId: requestId } };
}

/**
 * Throws MissingParameter for the first absent required parameter and UnknownParameter for any
 * parameter the action does not define, as the real API gateway does.
 * @param {Record<string, unknown>} params
 * @param {{ required: string[], optional: string[] }} spec
 */
export function checkParameterNames(params, spec) {
  for (const name of spec.required) {
    if (params[name] === undefined || params[name] === null) {
      throw new ApiError(
        'MissingParameter',
        `The request is missing a required parameter \`${name}\`.`,
      );
    }
  }
  const known = new Set([...spec.required, ...spec.optional]);
  const unknown = Object.keys(params).find((name) => !known.has(name));
  if (unknown !== undefined) {
    throw new ApiError('UnknownParameter', `The parameter \`${unknown}\` is not recognized.`);
  }
}

/**
 * @param {Record<string, unknown>} params
 * @param {string} name
 * @returns {string | undefined}
 */
export function optionalString(params, name) {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new ApiError('InvalidParameter', `The parameter \`${name}\` must be a string.`);
  }
  return value;
}
