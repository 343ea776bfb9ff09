// The demo org's people and group timeouts. Anyone may sign in under any name; these names come with
// groups, so the demo (and the e2e tests) can show a person whose idle timeout is not the org default.
// Real durations; fast mode divides them by 15, as it turns the org's 15 minutes into 60 s.
import { HIPAA_MAX_SECONDS } from './policy.mjs';

/** Group ids by user name. Everyone else is in no group and gets the org default. */
export const DEMO_GROUPS = Object.freeze({
  // Watches wallboards for long stretches without touching the app: a longer timeout.
  supervisor: Object.freeze(['monitoring']),
  // In both groups: the "reporting" bundle has priority 1, so it wins although "monitoring" is longer.
  'team-lead': Object.freeze(['monitoring', 'reporting']),
});

const FAST_FACTOR = 15;

/**
 * The demo's bundles: `reporting` 30 minutes (priority 1), `monitoring` 60 minutes (priority 2);
 * in fast mode 2 and 4 minutes. With HIPAA on, each is capped at 15 minutes so the settings stay valid.
 * @param {{ fast?: boolean, hipaa?: boolean }} [mode]
 * @returns {import('./bundles.mjs').Bundle[]}
 */
export function demoBundles({ fast = false, hipaa = false } = {}) {
  const seconds = (/** @type {number} */ real) => Math.min(fast ? real / FAST_FACTOR : real, hipaa ? HIPAA_MAX_SECONDS : Infinity);
  return [
    { priority: 1, timeoutSeconds: seconds(30 * 60), groups: ['reporting'], inactivityTimeoutUnit: 'Minutes' },
    { priority: 2, timeoutSeconds: seconds(60 * 60), groups: ['monitoring'], inactivityTimeoutUnit: 'Minutes' },
  ];
}

/** @param {string} name @returns {readonly string[]} */
export const demoGroupsOf = (name) => (Object.hasOwn(DEMO_GROUPS, name) ? DEMO_GROUPS[/** @type {keyof typeof DEMO_GROUPS} */ (name)] : []);
