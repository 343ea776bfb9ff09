// How the demo is served, shared by `demo/start.mjs` and the e2e global setup: the built SDK at /dist/, the
// ESM build's four bare-import dependencies at /node_modules/ (the SPA's import map points there), the pages
// at /, the SPA's client-side routes under /app/, and a strict Content-Security-Policy for the pages.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const pagesDir = resolve(root, 'demo/pages');

/** Only what the import map needs, not the whole node_modules. */
const MODULES = ['idb-keyval', 'broadcast-channel', 'oblivious-set', 'unload'];

/** URL prefix → directory. */
export function demoStaticRoots() {
  return {
    '/dist/': resolve(root, 'dist'),
    ...Object.fromEntries(MODULES.map((name) => [`/node_modules/${name}/`, resolve(root, 'node_modules', name)])),
    '/': pagesDir,
  };
}

/** `/app/queues/2` and friends are the SPA's routes: the server answers them with the SPA's page. */
export const demoSpaFallback = { '/app/': '/app/index.html' };

/** The SPA's one inline element is its import map (JSON, not code); the CSP allows exactly it by hash. */
function importMapHash() {
  const html = readFileSync(resolve(pagesDir, 'app/index.html'), 'utf8');
  const map = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  return `'sha256-${createHash('sha256').update(map).digest('base64')}'`;
}

/**
 * No inline script or style anywhere else. Frames: the host page on one loopback origin embeds the client
 * on the other, whatever the port.
 */
export function demoCsp() {
  const loopback = 'http://localhost:* http://127.0.0.1:*';
  return [
    "default-src 'self'",
    `script-src 'self' ${importMapHash()}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    `frame-src 'self' ${loopback}`,
    `frame-ancestors 'self' ${loopback}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** Extra headers for the demo's static responses: the CSP on pages (not on the SDK or module files). */
export function demoHeaders(pathname) {
  if (pathname.startsWith('/dist/') || pathname.startsWith('/node_modules/')) return {};
  return { 'Content-Security-Policy': demoCsp() };
}
