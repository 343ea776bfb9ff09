// The org's idle-token-timeout settings, validated as Genesys Cloud does for `PUT /api/v2/tokens/timeout`,
// and the timeout they give one person. Pure: no I/O, so the range table is unit-tested directly.
import { BUNDLES, checkBundles, show } from './bundles.mjs';

/** Real bounds, in seconds: 5 minutes to 8 hours; 15 minutes at most with HIPAA. */
export const MIN_SECONDS = 300;
export const MAX_SECONDS = 28_800;
export const HIPAA_MAX_SECONDS = 900;
/** Fast (demo and test) mode only lowers the floor, so short timeouts can be watched happen. */
export const FAST_MIN_SECONDS = 10;

const GROUPS_ENABLED = 'inactivityTimeoutGroupsEnabled';
const FIELDS = ['enableIdleTokenTimeout', 'idleTokenTimeoutSeconds', 'hipaa', GROUPS_ENABLED, BUNDLES];

/**
 * @typedef {import('./bundles.mjs').Bundle} Bundle
 * @typedef {{
 *   enableIdleTokenTimeout: boolean, idleTokenTimeoutSeconds: number,
 *   inactivityTimeoutGroupsEnabled: boolean, inactivityTimeoutGroupBundles: Bundle[] }} TimeoutSettings
 * @typedef {TimeoutSettings & { hipaa: boolean }} OrgSettings
 * @typedef {{ ok: true, value: OrgSettings } | { ok: false, field: string, message: string }} Validation
 */

/**
 * Validates a `PUT /api/v2/tokens/timeout` body.
 * Fields the body leaves out keep their `current` value; without `current` the two timeout fields are
 * required and group timeouts default to off with no bundles. `body.hipaa`, when present, sets the org's
 * HIPAA flag and the result (the org default and every bundle) is checked against it.
 *
 * @param {unknown} body
 * @param {{ hipaa?: boolean, fast?: boolean, current?: Partial<TimeoutSettings> }} [org]
 * @returns {Validation}
 */
export function validateTimeoutBody(body, { hipaa = false, fast = false, current } = {}) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail('body', `body must be a JSON object (got ${show(body)})`);
  }
  const input = /** @type {Record<string, unknown>} */ (body);
  // A typo such as `idleTokenTimeoutSecs` would otherwise be a silent no-op.
  const unknown = Object.keys(input).find((key) => !FIELDS.includes(key));
  if (unknown) return fail(unknown, `${unknown} is not a known field (known: ${FIELDS.join(', ')})`);
  const given = (/** @type {string} */ key, /** @type {unknown} */ otherwise) => (key in input ? input[key] : otherwise);

  const flag = given('hipaa', hipaa);
  if (typeof flag !== 'boolean') return fail('hipaa', `hipaa must be true or false (got ${show(flag)})`);

  const enabled = given('enableIdleTokenTimeout', current?.enableIdleTokenTimeout);
  if (typeof enabled !== 'boolean') {
    return fail('enableIdleTokenTimeout', `enableIdleTokenTimeout must be true or false (got ${show(enabled)})`);
  }

  const seconds = given('idleTokenTimeoutSeconds', current?.idleTokenTimeoutSeconds);
  const min = fast ? FAST_MIN_SECONDS : MIN_SECONDS;
  const max = flag ? HIPAA_MAX_SECONDS : MAX_SECONDS;
  const why = flag ? ' while hipaa is on' : '';
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < min || seconds > max) {
    return fail(
      'idleTokenTimeoutSeconds',
      `idleTokenTimeoutSeconds must be an integer from ${min} to ${max}${why} (got ${show(seconds)})`,
    );
  }
  // HIPAA requires the idle logout: switching it off would defeat the 15-minute cap.
  if (flag && !enabled) {
    return fail('enableIdleTokenTimeout', 'enableIdleTokenTimeout must be true while hipaa is on (got false)');
  }

  const groupsEnabled = given(GROUPS_ENABLED, current?.inactivityTimeoutGroupsEnabled ?? false);
  if (typeof groupsEnabled !== 'boolean') {
    return fail(GROUPS_ENABLED, `${GROUPS_ENABLED} must be true or false (got ${show(groupsEnabled)})`);
  }
  // Checked even while group timeouts are off: switching them on later must not bring in a bundle over the cap.
  const bundles = checkBundles(given(BUNDLES, current?.inactivityTimeoutGroupBundles ?? []), { min, max, why });
  if (!bundles.ok) return bundles;

  return {
    ok: true,
    value: {
      enableIdleTokenTimeout: enabled,
      idleTokenTimeoutSeconds: seconds,
      inactivityTimeoutGroupsEnabled: groupsEnabled,
      inactivityTimeoutGroupBundles: bundles.value,
      hipaa: flag,
    },
  };
}

/**
 * A person's idle timeout in seconds, or null when the org has none. With group timeouts on, the bundle with
 * the lowest priority number among those naming one of the person's groups wins, whether it is longer or
 * shorter than the org default; no such bundle: the org default. HIPAA caps the result whatever its source.
 * @param {TimeoutSettings & { hipaa?: boolean }} settings @param {readonly string[]} groups the person's group ids
 * @returns {number | null}
 */
export function resolveTimeoutSeconds(settings, groups) {
  if (!settings.enableIdleTokenTimeout) return null;
  const mine = new Set(groups);
  let winner = /** @type {Bundle | undefined} */ (undefined);
  if (settings.inactivityTimeoutGroupsEnabled) {
    for (const bundle of settings.inactivityTimeoutGroupBundles) {
      if (bundle.groups.some((id) => mine.has(id)) && (!winner || bundle.priority < winner.priority)) winner = bundle;
    }
  }
  const seconds = winner?.timeoutSeconds ?? settings.idleTokenTimeoutSeconds;
  return settings.hipaa ? Math.min(seconds, HIPAA_MAX_SECONDS) : seconds;
}

/** @param {string} field @param {string} message @returns {{ ok: false, field: string, message: string }} */
function fail(field, message) {
  return { ok: false, field, message };
}
