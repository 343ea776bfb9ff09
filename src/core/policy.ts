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

const MINUTE = 60_000;

// The bounds, one constant each: validation and its messages use them, and `scripts/docs.mjs --check` finds each in
// README's options tables. The API's: `idleTokenTimeoutSeconds` 300–28,800, at most 900 with HIPAA.
/** The shortest timeout the API allows. */
export const MIN_TIMEOUT = 5 * MINUTE;
/** The longest timeout the API allows. */
export const MAX_TIMEOUT = 8 * 60 * MINUTE;
/** The longest timeout with HIPAA on. */
export const MAX_TIMEOUT_HIPAA = 15 * MINUTE;
/** The shortest warning. */
export const MIN_WARN = 20_000;
/** With `unsafeShortTimeouts` (demos and tests): the shortest timeout and warning. */
export const UNSAFE_MIN_TIMEOUT = 10_000;
export const UNSAFE_MIN_WARN = 5_000;
/** `warnBeforeMs`' default (or half the timeout, when that is shorter: only with `unsafeShortTimeouts`). */
export const DEFAULT_WARN_MS = MINUTE;
/** `revokeAheadMs`' range, and its default with a `revoke`: the logout and its revoke come this long before the server's deadline. */
export const MIN_AHEAD = 1000;
export const MAX_AHEAD = MINUTE;
export const AHEAD_MS = 2000;
/** `schedule.at`'s 24-hour time, `HH:MM` (`H:MM` too): the hour and minute captured; and how errors say it. */
export const HHMM = /^([01]?\d|2[0-3]):([0-5]\d)$/;
export const HHMM_WORDS = 'a 24-hour time "HH:MM", or a function';

const minutes = (ms: number) => (ms % MINUTE ? `${ms / 1000} s` : `${ms / MINUTE} min`);

/** A number from `min` to `max` (by default 9e15 ms, 285,000 years: `Infinity` and `NaN` are never durations). Shared with options.ts's kinds. */
export const inRange = (value: unknown, min: number, max = 9e15): value is number =>
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
  const max = input.hipaa ? MAX_TIMEOUT_HIPAA : MAX_TIMEOUT;
  const timeoutMs = check(input.hipaa ? 'timeoutMs (hipaa)' : 'timeoutMs', input.timeoutMs, shortest(input), max);
  const warnBeforeMs = check('warnBeforeMs', input.warnBeforeMs ?? Math.min(DEFAULT_WARN_MS, timeoutMs / 2), input.unsafeShortTimeouts ? UNSAFE_MIN_WARN : MIN_WARN, timeoutMs - 1);
  return { timeoutMs, warnBeforeMs, enabled: true, aheadMs: input.revokeAheadMs ?? (input.revoke ? AHEAD_MS : 0) };
}

/** The shortest timeout the API allows (shorter ones only for tests and demos: `unsafeShortTimeouts`). */
const shortest = (input: PolicyInput) => (input.unsafeShortTimeouts ? UNSAFE_MIN_TIMEOUT : MIN_TIMEOUT);

/**
 * The policy used until `timeoutFrom` answers, or when it fails: the shortest timeout the API allows,
 * so the page never believes a token alive that the server may already have dropped (fail closed).
 */
export function provisionalPolicy(input: PolicyInput): Policy {
  return validatePolicy({ ...input, timeoutMs: input.timeoutMs ?? shortest(input) });
}
