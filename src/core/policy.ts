import { IdlePolicyError } from '../errors/idle-policy-error';
import type { Policy } from '../types/session';

export interface PolicyInput {
  timeoutMs?: number;
  warnBeforeMs?: number;
  hipaa?: boolean;
  unsafeShortTimeouts?: boolean;
  revokeAheadMs?: number;
  revoke?: unknown;
}

/** `revokeAheadMs`' default with a `revoke`: the logout and its revoke come this long before the server's deadline. */
export const AHEAD_MS = 2000;

const MINUTE = 60_000;
export const DEFAULT_WARN_MS = MINUTE;

const minutes = (ms: number) => (ms % MINUTE ? `${ms / 1000} s` : `${ms / MINUTE} min`);

/** A number from `min` to `max` (finite: `Infinity` and `NaN` are never durations). Shared with options.ts's kinds. */
export const inRange = (value: unknown, min: number, max = Number.MAX_VALUE): value is number =>
  typeof value === 'number' && value >= min && value <= max;

function check(field: string, value: unknown, min: number, max: number): number {
  if (!inRange(value, min, max)) throw new IdlePolicyError(field, value, `a number of milliseconds from ${min} (${minutes(min)}) to ${max} (${minutes(max)})`);
  return value;
}

/**
 * Validates a timeout policy against the API's rules: 5 min to 8 h, at most 15 min under HIPAA,
 * a warning of at least 20 s that starts before the timeout.
 */
export function validatePolicy(input: PolicyInput): Policy {
  const max = input.hipaa ? 15 * MINUTE : 8 * 60 * MINUTE;
  const timeoutMs = check(input.hipaa ? 'timeoutMs (hipaa)' : 'timeoutMs', input.timeoutMs, shortest(input), max);
  const warnBeforeMs = check('warnBeforeMs', input.warnBeforeMs ?? Math.min(DEFAULT_WARN_MS, timeoutMs / 2), input.unsafeShortTimeouts ? 5_000 : 20_000, timeoutMs - 1);
  return { timeoutMs, warnBeforeMs, enabled: true, aheadMs: input.revokeAheadMs ?? (input.revoke ? AHEAD_MS : 0) };
}

/** The shortest timeout the API allows (shorter ones only for tests and demos: `unsafeShortTimeouts`). */
const shortest = (input: PolicyInput) => (input.unsafeShortTimeouts ? 10_000 : 5 * MINUTE);

/**
 * The policy used until `timeoutFrom` answers, or when it fails: the shortest timeout the API allows,
 * so the page never believes a token alive that the server may already have dropped (fail closed).
 */
export function provisionalPolicy(input: PolicyInput): Policy {
  return validatePolicy({ ...input, timeoutMs: input.timeoutMs ?? shortest(input) });
}
