import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { extname, join } from 'node:path';
import type { Browser, BrowserContext } from '@playwright/test';

/** Local servers for the e2e worlds (the OpenID provider's, the API's, the SPA's): each on 127.0.0.1, its own port. */

/** Listens on a free port of 127.0.0.1; resolves the port. */
export const listen = (server: Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));

/** Closes a server now, its open (keep-alive) connections too. */
export const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.map': 'application/json' };

/** Serves a single-page app: files from `dir`, its index.html for any other path (history routing), never cached. */
export function serveSpa(server: Server, dir: string): void {
  server.on('request', async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = extname(path) && !path.includes('..') ? join(dir, path) : join(dir, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
}

/**
 * A browser context for an app under test: `config` set as `window[name]` before any script, requests to any host but
 * `origins`' aborted (the provider's login page @imports a web font from another host: nothing leaves this machine).
 */
export async function localContext(browser: Browser, origins: string[], name: string, config: unknown): Promise<BrowserContext> {
  const context = await browser.newContext();
  const allowed = new Set(origins.map((o) => new URL(o).host));
  await context.route(
    (url) => !allowed.has(url.host),
    (route) => route.abort(),
  );
  await context.addInitScript(([n, c]) => {
    (window as unknown as Record<string, unknown>)[n as string] = c;
  }, [name, config] as const);
  return context;
}
