// First step of `npm start` and `npm test`: make a fresh clone runnable with nothing but Node installed.
//   node scripts/preflight.mjs          installs the dependencies (`npm ci`) when node_modules is missing or older
//                                       than package-lock.json
//   node scripts/preflight.mjs --test   also finds the Chromium the browser tests drive, prints it, or stops (exit 1)
//                                       with the command that installs one on this OS
// Dependency-free: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, installCommand } from './find-chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--test');
if (unknown.length) {
  console.error(`preflight: unknown argument ${unknown[0]} (usage: node scripts/preflight.mjs [--test])`);
  process.exit(2);
}

const mtime = (file) => {
  try {
    return statSync(join(root, file)).mtimeMs;
  } catch {
    return undefined;
  }
};

// npm writes node_modules/.package-lock.json on every install: its age is the age of the install.
const installed = mtime('node_modules/.package-lock.json') ?? mtime('node_modules');
const lock = mtime('package-lock.json');
if (installed === undefined || (lock !== undefined && lock > installed)) {
  console.log(installed === undefined ? 'preflight: installing dependencies (npm ci)…' : 'preflight: package-lock.json changed since the last install: npm ci…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // Errors only: the libraries the recipe tests install (Angular 22, ky 2) declare Node 22 engines and would print
  // dozens of EBADENGINE warnings on Node 20.19, where the suite runs them (npm test); they would bury the URLs.
  const { status, error } = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (status !== 0) {
    console.error(`preflight: npm ci failed (${error?.message ?? `exit ${status}`}); fix the message above and run the command again.`);
    process.exit(1);
  }
} else {
  console.log('preflight: dependencies installed');
}

if (args.includes('--test')) {
  const found = findChromium();
  if (found.error && process.env.CHROMIUM_PATH) {
    console.error(`preflight: ${found.error} Point it at a Chrome or Chromium binary, or unset it to search the usual places.`);
    process.exit(1);
  }
  if (found.error) {
    console.error(`preflight: ${found.error} The browser tests need one. Install it: ${installCommand()}   (or set CHROMIUM_PATH=/path/to/chrome)`);
    process.exit(1);
  }
  // playwright.config.ts asks the same finder (scripts/find-chromium.mjs), so this is the browser the tests launch.
  console.log(`preflight: chromium ${found.path} (${found.source}; set CHROMIUM_PATH to choose another)`);
}
