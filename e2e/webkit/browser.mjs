// WebKitGTK under WebDriver, as TOOLCHAIN.md describes it: MiniBrowser needs an X display (no headless mode), so the
// suite starts its own Xvfb; each session gets its own WebKitWebDriver on a free port (one session per driver).
// Every process is started in its own process group and killed as a group: the driver's MiniBrowser and
// WebKit's web and network processes go with it.
import { spawn } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { Builder } from 'selenium-webdriver';
import { sleep } from './harness.mjs';

/** The full path of an executable on PATH, or undefined. */
export function which(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {}
  }
}

/** WebKitGTK's MiniBrowser (shipped with libwebkit2gtk-4.1-0, in the multiarch lib directory). */
export function miniBrowser() {
  try {
    for (const arch of readdirSync('/usr/lib')) {
      const path = `/usr/lib/${arch}/webkit2gtk-4.1/MiniBrowser`;
      try {
        accessSync(path, constants.X_OK);
        return path;
      } catch {}
    }
  } catch {}
}

/** Process groups this run started, killed on exit whatever happens. */
const groups = new Set();

function start(command, args, options) {
  const child = spawn(command, args, { ...options, detached: true });
  groups.add(child.pid);
  child.on('exit', () => groups.delete(child.pid));
  return child;
}

/** Kills a process group: TERM, then KILL if it is still there after `graceMs`. */
async function killGroup(child, graceMs = 2000) {
  if (child.exitCode !== null || child.signalCode !== null) return groups.delete(child.pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (s) => {
    try {
      process.kill(-child.pid, s);
    } catch {}
  };
  signal('SIGTERM');
  if ((await Promise.race([exited.then(() => true), sleep(graceMs)])) !== true) signal('SIGKILL');
  // The group's other members (MiniBrowser, web processes) may outlive the leader by a moment.
  signal('SIGKILL');
  groups.delete(child.pid);
}

/** Synchronous last resort for process exit and signals. */
export function killAllSync() {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
  }
  groups.clear();
}

/** Starts Xvfb on a display number it picks itself (`-displayfd`), so parallel runs never collide. */
export async function startDisplay() {
  const x = start('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let err = '';
  x.stderr.on('data', (d) => (err += d));
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start within 10 s: ${err}`)), 10_000);
    x.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) (clearTimeout(timer), resolve(`:${out.trim()}`));
    });
    x.once('exit', (code) => (clearTimeout(timer), reject(new Error(`Xvfb exited (${code}): ${err}`))));
  });
  return { display, close: () => killGroup(x) };
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** Rejects after `ms` with `what` timed out. */
const within = (promise, ms, what) =>
  Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`${what} timed out after ${ms / 1000} s`)))]);

/**
 * A WebKitWebDriver of its own and one MiniBrowser session on `display`. `close()` quits the session, then kills
 * the driver's process group; it never throws.
 */
export async function openSession(display) {
  const port = await freePort();
  const driverProcess = start('WebKitWebDriver', [`--port=${port}`], { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  let driver;
  const close = async () => {
    if (driver) await within(driver.quit(), 10_000, 'quit').catch(() => {});
    await killGroup(driverProcess);
  };
  try {
    await within(
      (async () => {
        while (!(await fetch(`${url}/status`).then((r) => r.ok, () => false))) await sleep(50);
      })(),
      10_000,
      'WebKitWebDriver start',
    );
    const capabilities = {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: miniBrowser(), args: ['--automation'] },
    };
    driver = await within(new Builder().usingServer(url).withCapabilities(capabilities).build(), 20_000, 'WebKit session');
    await driver.manage().window().setRect({ width: 1024, height: 768 });
  } catch (error) {
    await close();
    throw error;
  }
  return { driver, close };
}
