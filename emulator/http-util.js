// Small HTTP helpers shared by the API, admin and OIDC routes.

const MAX_BODY_BYTES = 1024 * 1024;

/** Raised when a request body is larger than MAX_BODY_BYTES. */
class BodyTooLargeError extends Error {
  constructor() {
    super(`request body is larger than ${MAX_BODY_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer>} the raw body, exactly as received (the signature covers its bytes)
 */
export async function readBody(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
export function sendJson(res, status, body) {
  sendText(res, status, 'application/json', JSON.stringify(body));
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} contentType
 * @param {string} text
 */
export function sendText(res, status, contentType, text) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Parses a JSON body; an empty body is an empty object.
 * @param {Buffer} body
 * @returns {unknown}
 * @throws {SyntaxError}
 */
export function parseJsonBody(body) {
  const text = body.toString('utf8').trim();
  return text === '' ? {} : JSON.parse(text);
}
