// Static files for the demo and e2e pages (and the built SDK), confined to their roots.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * @param {Record<string, string>} roots URL prefix → directory, e.g. `{ '/dist/': distDir, '/': pagesDir }`
 * @param {(pathname: string) => Record<string, string> | undefined} [headers] extra headers per path (e.g. a CSP)
 * @param {Record<string, string>} [spaFallback] URL prefix → page, e.g. `{ '/app/': '/app/index.html' }`: a path
 *   under the prefix that names no file and has no extension (a client-side route such as `/app/queues/42`) gets that page
 */
export function createStatic(roots, headers = () => ({}), spaFallback = {}) {
  // Longest prefix first, so '/dist/' wins over '/'.
  const mounts = Object.entries(roots)
    .map(([prefix, dir]) => ({ prefix, dir: resolve(dir) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} pathname */
  return async function serveStatic(req, res, pathname) {
    const send = (/** @type {number} */ status, /** @type {Record<string, string>} */ extra = {}, body = '') => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...extra, ...(headers(pathname) ?? {}) });
      res.end(req.method === 'HEAD' ? '' : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { Allow: 'GET, HEAD' }, 'Method not allowed\n');
    if (mounts.some((mount) => mount.prefix === `${pathname}/`)) return send(301, { Location: `${pathname}/` });
    const find = async (/** @type {string} */ path) => {
      const mount = mounts.find((candidate) => path.startsWith(candidate.prefix));
      return mount && (await locate(mount.dir, path.slice(mount.prefix.length)));
    };
    let file = await find(pathname);
    if (file === 'directory') return send(301, { Location: `${pathname}/` });
    const spa = Object.keys(spaFallback).find((prefix) => pathname.startsWith(prefix));
    if (!file && spa && !extname(pathname)) file = await find(spaFallback[spa]);
    if (file === 'directory') file = null;
    if (!file) return send(404, {}, 'Not found\n');
    res.writeHead(200, {
      'Content-Type': TYPES[/** @type {keyof TYPES} */ (extname(file).toLowerCase())] ?? 'application/octet-stream',
      // The SDK is rebuilt while the server runs: always serve the current file.
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...(headers(pathname) ?? {}),
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  };
}

/**
 * The file a URL path names inside `dir`, or null. The URL parser already resolved `..` segments, but
 * encoded slashes (`..%2f`) only become separators after decoding, so containment is checked on the
 * decoded, resolved path, and again after symlinks are followed.
 * @param {string} dir @param {string} rest the URL path after the mount prefix, still percent-encoded
 * @returns {Promise<string | 'directory' | null>}
 */
async function locate(dir, rest) {
  let relative;
  try {
    relative = decodeURIComponent(rest);
  } catch {
    return null;
  }
  if (relative.includes('\0')) return null;
  const inside = (/** @type {string} */ root, /** @type {string} */ path) => path === root || path.startsWith(root + sep);
  let file = resolve(dir, `.${sep}${relative}`);
  if (!inside(dir, file)) return null;
  try {
    let info = await stat(file);
    if (info.isDirectory()) {
      if (rest && !rest.endsWith('/')) return 'directory';
      file = resolve(file, 'index.html');
      info = await stat(file);
    }
    if (!info.isFile() || !inside(await realpath(dir), await realpath(file))) return null;
    return file;
  } catch {
    return null;
  }
}
