import { IdlePolicyError } from '../errors/idle-policy-error';
import type { ServerTimeout, TimeoutBundle } from '../types/options';
import type { Policy } from '../types/session';

export interface PolicyInput {
  timeoutMs?: number;
  warnBeforeMs?: number;
  hipaa?: boolean;
  unsafeShortTimeouts?: boolean;
}

const MINUTE = 60_000;
export const DEFAULT_WARN_MS = MINUTE;

const minutes = (ms: number) => (ms % MINUTE ? `${ms / 1000} s` : `${ms / MINUTE} min`);

function check(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new IdlePolicyError(field, value, `a number of milliseconds from ${min} (${minutes(min)}) to ${max} (${minutes(max)})`);
  }
  return value;
}

/**
 * Validates a timeout policy against the API's rules: 5 min to 8 h, at most 15 min under HIPAA,
 * a warning of at least 20 s that starts before the timeout.
 */
export function validatePolicy(input: PolicyInput, enabled = true): Policy {
  const short = input.unsafeShortTimeouts;
  const max = input.hipaa ? 15 * MINUTE : 8 * 60 * MINUTE;
  const timeoutMs = check(input.hipaa ? 'timeoutMs (hipaa)' : 'timeoutMs', input.timeoutMs, short ? 10_000 : 5 * MINUTE, max);
  const warnBeforeMs = check('warnBeforeMs', input.warnBeforeMs ?? Math.min(DEFAULT_WARN_MS, timeoutMs / 2), short ? 5_000 : 20_000, timeoutMs - 1);
  return { timeoutMs, warnBeforeMs, enabled };
}

/** The group bundles that apply, when the org has group timeouts on; none otherwise. */
export const bundles = (value: number | ServerTimeout): TimeoutBundle[] =>
  (typeof value == 'object' && value?.inactivityTimeoutGroupsEnabled && Array.isArray(value.inactivityTimeoutGroupBundles) && value.inactivityTimeoutGroupBundles) || [];

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
  if (all.some((b) => typeof b?.timeoutSeconds != 'number' || typeof b.priority != 'number'))
    throw new IdlePolicyError('inactivityTimeoutGroupBundles', all, 'bundles of { priority, timeoutSeconds, groups }');
  if (all.length) seconds = groupSeconds(seconds, all, groups);
  return validatePolicy({ ...input, timeoutMs: seconds * 1000 });
}

/**
 * The policy used until `timeoutFrom` answers, or when it fails: the shortest timeout the API allows,
 * so the page never believes a token alive that the server may already have dropped (fail closed).
 */
export function provisionalPolicy(input: PolicyInput): Policy {
  return validatePolicy({ ...input, timeoutMs: input.timeoutMs ?? (input.unsafeShortTimeouts ? 10_000 : 5 * MINUTE) });
}
