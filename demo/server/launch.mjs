// What `npm start` (demo/start.mjs) decides before it serves anything: whether dist/ must be rebuilt, and which
// other origins may call the API. Dependency-free: it runs before anything is installed.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { demoBundles } from './directory.mjs';

/**
 * What the build reads: a change to any of these makes dist/ out of date. node_modules/.package-lock.json is rewritten
 * by every install, so a reinstall (another version of a bundled dependency) counts as a change too.
 */
export const BUILD_INPUTS = ['src', 'rollup.config.mjs', 'tsconfig.json', 'package.json', 'node_modules/.package-lock.json'];
/** What the demo serves from dist/: both builds must be there and newer than every input. */
export const BUILD_OUTPUTS = ['dist/index.mjs', 'dist/idle-logout.iife.js'];

/**
 * Pure: is the build up to date? Every output exists (a time, not undefined) and the oldest output is at least as new
 * as the newest input. Times are modification times in ms; a missing input is left out by the caller.
 * @param {readonly number[]} inputTimes @param {readonly (number | undefined)[]} outputTimes
 */
export function isBuildFresh(inputTimes, outputTimes) {
  if (!outputTimes.length || outputTimes.some((t) => t === undefined)) return false;
  const oldestOutput = Math.min(.../** @type {number[]} */ (outputTimes));
  return inputTimes.every((t) => t <= oldestOutput);
}

/** Modification time of a file, or of the newest file under a directory; undefined when it does not exist. */
function newest(/** @type {string} */ path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let time = stat.mtimeMs; // a deleted file shows only as its directory's change
  for (const entry of readdirSync(path, { withFileTypes: true })) time = Math.max(time, newest(join(path, entry.name)) ?? 0);
  return time;
}

/** Whether `root`'s dist/ is up to date with its sources, and if not, why (for the one line npm start prints). */
export function buildState(/** @type {string} */ root) {
  const outputs = BUILD_OUTPUTS.map((file) => newest(join(root, file)));
  const inputs = BUILD_INPUTS.map((file) => newest(join(root, file))).filter((t) => t !== undefined);
  const fresh = isBuildFresh(inputs, outputs);
  const missing = BUILD_OUTPUTS.filter((_, i) => outputs[i] === undefined);
  return { fresh, why: fresh ? 'dist/ is up to date' : missing.length ? `${missing.join(' and ')} missing` : 'sources changed since the last build' };
}

/** The shortest org timeout the SDK accepts without `unsafeShortTimeouts`: the real API's floor, 5 minutes. */
export const SDK_FLOOR_SECONDS = 300;

/**
 * The demo's group timeouts for an org timeout of `timeoutSeconds`: from the real floor up, their real durations (30
 * and 60 min), so nothing the server answers is under 5 minutes and an app's SDK needs no `unsafeShortTimeouts`;
 * below it, fast mode's 2 and 4 minutes.
 * @param {number} timeoutSeconds
 */
export const demoGroupBundles = (timeoutSeconds) => demoBundles({ fast: timeoutSeconds < SDK_FLOOR_SECONDS });

/**
 * Whether `root`'s dependencies need an install: node_modules missing, or older than package-lock.json. The same rule
 * as scripts/preflight.mjs (which does the install), asked here first so an installed checkout does not pay for
 * starting another Node process on every `npm start`. npm rewrites node_modules/.package-lock.json on every install.
 */
export function needsInstall(/** @type {string} */ root) {
  const time = (/** @type {string} */ file) => {
    try {
      return statSync(join(root, file)).mtimeMs;
    } catch {
      return undefined;
    }
  };
  const installed = time('node_modules/.package-lock.json') ?? time('node_modules');
  const lock = time('package-lock.json');
  return installed === undefined || (lock !== undefined && lock > installed);
}

/**
 * An exact origin (`scheme://host[:port]`) from the command line, or a message saying what is wrong with it. No
 * wildcard, path or query (a bare trailing `/` is fine): the server answers CORS for exactly this origin.
 * @param {string} text @returns {{ ok: true, origin: string } | { ok: false, message: string }}
 */
export function parseOrigin(text) {
  const bad = (why) => ({ ok: false, message: `--allow-origin wants one exact origin such as http://localhost:5173 (got ${JSON.stringify(text)}: ${why})` });
  if (text === '*') return bad('a wildcard would let any site use the API');
  let url;
  try {
    url = new URL(text);
  } catch {
    return bad('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return bad('scheme must be http or https');
  // Written as the browser sends it in `Origin` (lower-case host, no default port).
  if (`${url.origin}/` !== url.href) return bad('an origin has no path, query or user');
  return { ok: true, origin: url.origin };
}
