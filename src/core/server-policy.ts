import { IdlePolicyError } from '../errors/idle-policy-error';
import type { ServerTimeout, TimeoutBundle } from '../types/options';
import type { Policy } from '../types/session';
import { provisionalPolicy, validatePolicy, type PolicyInput } from './policy';

/**
 * What the server says of the timeout (`GET /api/v2/tokens/timeout`), read into a policy for one person: the org
 * default, or the person's group bundle. Only the lazily loaded `timeoutFrom` feature needs it.
 */
/** The group bundles that apply, when the org has group timeouts on; none otherwise. */
export const bundles = (value: number | ServerTimeout): TimeoutBundle[] =>
  (typeof value === 'object' && value?.inactivityTimeoutGroupsEnabled && Array.isArray(value.inactivityTimeoutGroupBundles) && value.inactivityTimeoutGroupBundles) || [];

/**
 * The person's timeout in seconds, as the server computes it: of the bundles naming one of `groups`, the one with
 * the lowest priority number; no match, the org default. `groups` unknown (not answered yet, or failed): the
 * shortest that may apply (fail closed).
 */
export function groupSeconds(fallback: number, all: TimeoutBundle[], groups?: readonly string[]): number {
  if (!groups) return Math.min(fallback, ...all.map((b) => b.timeoutSeconds));
  const match = all.filter((b) => b.groups?.some((g) => groups.includes(g))).sort((a, b) => a.priority - b.priority)[0];
  return match ? match.timeoutSeconds : fallback;
}

/**
 * Turns what `timeoutFrom` resolved to (milliseconds or the server's JSON) into a validated policy, for a person in
 * `groups` (undefined: not known yet). HIPAA's cap applies to every bundle: one over it is refused like an org
 * default over it, and the shortest timeout keeps holding (fail closed).
 */
export function policyFromServer(value: number | ServerTimeout, input: PolicyInput, groups?: readonly string[]): Policy {
  if (typeof value === 'number') return validatePolicy({ ...input, timeoutMs: value });
  if (value?.enableIdleTokenTimeout === false) return { ...provisionalPolicy(input), enabled: false };
  let seconds = value?.idleTokenTimeoutSeconds;
  if (typeof seconds !== 'number') throw new IdlePolicyError('idleTokenTimeoutSeconds', seconds, 'a number of seconds');
  const all = bundles(value);
  if (all.some((b) => typeof b?.timeoutSeconds !== 'number' || typeof b.priority !== 'number'))
    throw new IdlePolicyError('inactivityTimeoutGroupBundles', all, 'bundles of { priority, timeoutSeconds, groups }');
  if (all.length) seconds = groupSeconds(seconds, all, groups);
  return validatePolicy({ ...input, timeoutMs: seconds * 1000 });
}

