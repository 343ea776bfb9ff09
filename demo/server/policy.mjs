// The org's idle-token-timeout settings, validated as Genesys Cloud does for
// `PUT /api/v2/tokens/timeout`. Pure: no I/O, so the range table is unit-tested directly.

/** Real bounds, in seconds: 5 minutes to 8 hours; 15 minutes at most with HIPAA. */
export const MIN_SECONDS = 300;
export const MAX_SECONDS = 28_800;
export const HIPAA_MAX_SECONDS = 900;
/** Fast (demo and test) mode only lowers the floor, so short timeouts can be watched happen. */
export const FAST_MIN_SECONDS = 10;

const FIELDS = ['enableIdleTokenTimeout', 'idleTokenTimeoutSeconds', 'hipaa'];

/**
 * @typedef {{ enableIdleTokenTimeout: boolean, idleTokenTimeoutSeconds: number }} TimeoutSettings
 * @typedef {TimeoutSettings & { hipaa: boolean }} OrgSettings
 * @typedef {{ ok: true, value: OrgSettings } | { ok: false, field: string, message: string }} Validation
 */

/**
 * Validates a `PUT /api/v2/tokens/timeout` body.
 * Fields the body leaves out keep their `current` value; without `current` the two timeout fields are
 * required. `body.hipaa`, when present, sets the org's HIPAA flag and the result is checked against it.
 *
 * @param {unknown} body
 * @param {{ hipaa?: boolean, fast?: boolean, current?: TimeoutSettings }} [org]
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

  const flag = 'hipaa' in input ? input.hipaa : hipaa;
  if (typeof flag !== 'boolean') return fail('hipaa', `hipaa must be true or false (got ${show(flag)})`);

  const enabled = 'enableIdleTokenTimeout' in input ? input.enableIdleTokenTimeout : current?.enableIdleTokenTimeout;
  if (typeof enabled !== 'boolean') {
    return fail('enableIdleTokenTimeout', `enableIdleTokenTimeout must be true or false (got ${show(enabled)})`);
  }

  const seconds = 'idleTokenTimeoutSeconds' in input ? input.idleTokenTimeoutSeconds : current?.idleTokenTimeoutSeconds;
  const min = fast ? FAST_MIN_SECONDS : MIN_SECONDS;
  const max = flag ? HIPAA_MAX_SECONDS : MAX_SECONDS;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < min || seconds > max) {
    const why = flag ? ' while hipaa is on' : '';
    return fail(
      'idleTokenTimeoutSeconds',
      `idleTokenTimeoutSeconds must be an integer from ${min} to ${max}${why} (got ${show(seconds)})`,
    );
  }
  // HIPAA requires the idle logout: switching it off would defeat the 15-minute cap.
  if (flag && !enabled) {
    return fail('enableIdleTokenTimeout', 'enableIdleTokenTimeout must be true while hipaa is on (got false)');
  }
  return { ok: true, value: { enableIdleTokenTimeout: enabled, idleTokenTimeoutSeconds: seconds, hipaa: flag } };
}

/** @param {string} field @param {string} message @returns {{ ok: false, field: string, message: string }} */
function fail(field, message) {
  return { ok: false, field, message };
}

/** Strings keep their quotes so `"900"` is not mistaken for the number 900. @param {unknown} value */
function show(value) {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
