// Shared by the benchmarks: a real Chromium, the reference server, percentiles and the results file.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { startServer } from '../demo/server/server.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export function serve() {
  return startServer({
    port: 0,
    fast: true,
    testClock: true,
    staticRoots: { '/dist/': resolve(root, 'dist'), '/e2e/': resolve(root, 'e2e/pages'), '/bench/': resolve(root, 'bench/pages'), '/': resolve(root, 'demo/pages') },
    log: () => {},
  });
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Replaces this benchmark's block in bench/results.md (between `<!-- name -->` markers), keeping the others. */
export function writeSection(name, markdown) {
  const file = resolve(root, 'bench/results.md');
  const head = '# Benchmark results\n\nWritten by `npm run bench` (headless Debian Chromium, this machine: 2 cores). Re-run to refresh.\n';
  let text = existsSync(file) ? readFileSync(file, 'utf8') : head;
  const block = `<!-- ${name} -->\n${markdown.trim()}\n<!-- /${name} -->`;
  const re = new RegExp(`<!-- ${name} -->[\\s\\S]*?<!-- /${name} -->`);
  text = re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
  console.log(markdown.trim());
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const median = (values) => percentile(values, 50);

/** Raw runs go to bench/results.json under the benchmark's name (other benchmarks' entries kept). */
export function writeJson(name, data) {
  const file = resolve(root, 'bench/results.json');
  const all = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  all[name] = { at: new Date().toISOString(), ...data };
  writeFileSync(file, `${JSON.stringify(all, null, 1)}\n`);
}

/** Opens bench/pages/peer.html for one library (`ours`, `rit`, `ng`, `none`) with extra query flags; `before(page)` runs before it loads (a fake clock). */
export async function openLib(context, server, lib, flags = '', before) {
  const page = await context.newPage();
  let errors = 0;
  page.on('pageerror', (e) => ++errors <= 2 && console.error(`[${lib}] page error${errors === 2 ? ' (further ones not shown)' : ''}: ${e.message}`));
  await before?.(page);
  await page.goto(`${server.url}/bench/peer.html?lib=${lib}&${flags}`);
  await page.waitForFunction(() => window.bench);
  return page;
}

/**
 * Starts the library in a bench page with \`cfg\` and notes in \`window.heard\` (stamps) each time it hears another
 * tab's activity: ours through its \`activity\` event (\`source: 'remote'\`). react-idle-timer has no such event: a
 * listener on its channel (created after its own, so it runs after it) reads getLastActiveTime() and retries on the
 * next tasks until it moved.
 */
export function listenForRemote(page, lib, cfg) {
  if (lib === 'ours') return page.evaluate((c) => ((window.heard = []), (window.h = bench.create(c)), (h.remote = () => heard.push(bench.stamp()))), cfg);
  return page.evaluate((c) => {
    window.heard = [];
    window.h = bench.create(c);
    let last = h.lastActive();
    new BroadcastChannel('idle-timer').onmessage = () => {
      const check = (k) => {
        const l = h.lastActive();
        if (l !== last) (last = l), heard.push(bench.stamp());
        else if (k < 50) setTimeout(check, 0, k + 1);
      };
      check(0);
    };
  }, cfg);
}

/** A keydown in the page (activity for both libraries); resolves to the stamp taken right before it. */
export const sendKeydown = (page) =>
  page.evaluate(() => {
    const t = bench.stamp();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, key: 'a' }));
    return t;
  });

export const LIBS = { ours: 'idle-logout', rit: 'react-idle-timer 5.7.3', ng: '@ng-idle/core + keepalive 16' };
