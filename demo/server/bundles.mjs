// Group timeouts ("inactivity timeout group bundles"), as Genesys Cloud has them: up to five bundles, each a
// priority, a timeout and the groups it applies to. This checks their shape; policy.mjs resolves a person's.

export const BUNDLES = 'inactivityTimeoutGroupBundles';
export const MAX_BUNDLES = 5;
const FIELDS = ['priority', 'timeoutSeconds', 'groups', 'inactivityTimeoutUnit'];
/** Only how a UI shows the timeout: the server stores and enforces seconds either way. */
const UNITS = ['Minutes', 'Hours'];

/**
 * @typedef {{ priority: number, timeoutSeconds: number, groups: string[], inactivityTimeoutUnit?: 'Minutes' | 'Hours' }} Bundle
 * @typedef {{ ok: true, value: Bundle[] } | { ok: false, field: string, message: string }} BundlesCheck
 */

/**
 * Checks `inactivityTimeoutGroupBundles`; every refusal names the exact field, e.g. `…Bundles[2].priority`.
 * @param {unknown} value
 * @param {{ min: number, max: number, why?: string }} range seconds allowed (`why` explains a lowered max)
 * @returns {BundlesCheck}
 */
export function checkBundles(value, { min, max, why = '' }) {
  if (!Array.isArray(value)) return fail(BUNDLES, `${BUNDLES} must be an array of bundles (got ${show(value)})`);
  if (value.length > MAX_BUNDLES) {
    return fail(BUNDLES, `${BUNDLES} may hold at most ${MAX_BUNDLES} bundles (got ${value.length})`);
  }
  /** @type {Map<number, number>} priority → index of the bundle that has it */
  const taken = new Map();
  /** @type {Bundle[]} */
  const bundles = [];
  for (const [i, bundle] of value.entries()) {
    const at = `${BUNDLES}[${i}]`;
    if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) {
      return fail(at, `${at} must be an object with priority, timeoutSeconds and groups (got ${show(bundle)})`);
    }
    const input = /** @type {Record<string, unknown>} */ (bundle);
    const unknown = Object.keys(input).find((key) => !FIELDS.includes(key));
    if (unknown) return fail(`${at}.${unknown}`, `${at}.${unknown} is not a known field (known: ${FIELDS.join(', ')})`);

    const { priority, timeoutSeconds, groups, inactivityTimeoutUnit: unit } = input;
    if (!isInteger(priority, 1, MAX_BUNDLES)) {
      return fail(`${at}.priority`, `${at}.priority must be an integer from 1 to ${MAX_BUNDLES} (got ${show(priority)})`);
    }
    const other = taken.get(priority);
    if (other !== undefined) {
      return fail(`${at}.priority`, `${at}.priority must be unique: ${priority} is also the priority of ${BUNDLES}[${other}]`);
    }
    taken.set(priority, i);
    if (!isInteger(timeoutSeconds, min, max)) {
      const message = `${at}.timeoutSeconds must be an integer from ${min} to ${max}${why} (got ${show(timeoutSeconds)})`;
      return fail(`${at}.timeoutSeconds`, message);
    }
    // A bundle of no groups applies to nobody: almost surely a half-filled form, so say so.
    if (!Array.isArray(groups) || groups.length === 0) {
      return fail(`${at}.groups`, `${at}.groups must be a non-empty array of group ids (got ${show(groups)})`);
    }
    const bad = groups.findIndex((id) => typeof id !== 'string' || id.trim() === '');
    if (bad !== -1) {
      return fail(`${at}.groups[${bad}]`, `${at}.groups[${bad}] must be a non-empty group id (got ${show(groups[bad])})`);
    }
    if (unit !== undefined && !UNITS.includes(/** @type {string} */ (unit))) {
      return fail(`${at}.inactivityTimeoutUnit`, `${at}.inactivityTimeoutUnit must be "Minutes" or "Hours" (got ${show(unit)})`);
    }
    bundles.push({
      priority: /** @type {number} */ (priority),
      timeoutSeconds: /** @type {number} */ (timeoutSeconds),
      groups: [.../** @type {string[]} */ (groups)],
      ...(unit === undefined ? {} : { inactivityTimeoutUnit: /** @type {Bundle['inactivityTimeoutUnit']} */ (unit) }),
    });
  }
  return { ok: true, value: bundles };
}

/** @param {unknown} value @param {number} min @param {number} max @returns {value is number} */
const isInteger = (value, min, max) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** @param {string} field @param {string} message @returns {{ ok: false, field: string, message: string }} */
function fail(field, message) {
  return { ok: false, field, message };
}

/** Strings keep their quotes so `"900"` is not mistaken for the number 900. @param {unknown} value */
export function show(value) {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
