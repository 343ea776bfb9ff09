// Small HTTP helpers for the reference server: JSON in and out, CORS, bearer tokens.

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */

const MAX_BODY_BYTES = 16 * 1024;

/** A request the server refuses with this status and JSON body. */
export class HttpError extends Error {
  /** @param {number} status @param {string} code @param {string} message @param {Record<string, unknown>} [extra] */
  constructor(status, code, message, extra = {}) {
    super(message);
    this.body = { status, code, message, ...extra };
  }
}

/** @param {Response} res @param {number} status @param {unknown} [body] */
export function sendJson(res, status, body) {
  // Node drops the body of a HEAD answer itself; the status is all the keepalive needs.
  const empty = body === undefined || status === 204;
  const text = empty ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(empty ? {} : { 'Content-Type': 'application/json; charset=utf-8' }),
    ...(status === 204 ? {} : { 'Content-Length': Buffer.byteLength(text) }),
    // Token state changes with every call: nothing here may be replayed from a cache.
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/**
 * Reads a small JSON body; an empty body reads as `{}`.
 * @param {Request} req
 * @returns {Promise<unknown>}
 */
export async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request.entity.too.large', `body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad.request', 'body must be JSON', { field: 'body' });
  }
}

/** The `Authorization: Bearer …` token, or null. @param {Request} req */
export function bearer(req) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match ? match[1] : null;
}

/**
 * CORS for the server's own origins (pages on `localhost` call the API on `127.0.0.1` and back, the cross-site case
 * the SDK must handle) and the exact origins `allowOrigins` names (your own app on another port). Any other origin
 * gets no CORS headers at all. No `Access-Control-Allow-Credentials`: the API authenticates with the bearer header
 * only and sets no cookies, so a request needs no credentials mode.
 * @param {Request} req @param {Response} res @param {readonly string[]} origins
 * @returns {boolean} whether the request came from an origin that is not allowed (the browser will block it)
 */
export function applyCors(req, res, origins) {
  res.setHeader('Vary', 'Origin');
  const origin = req.headers.origin;
  // `Origin: null` (a sandboxed frame, a file) is no origin --allow-origin could name: not reported.
  if (!origin || !origins.includes(origin)) return origin !== undefined && origin !== 'null';
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, PUT, POST, DELETE');
  // The SDK corrects clock skew with `Date`, which is not readable cross-origin unless exposed.
  res.setHeader('Access-Control-Expose-Headers', 'Date');
  res.setHeader('Access-Control-Max-Age', '600');
  return false;
}
