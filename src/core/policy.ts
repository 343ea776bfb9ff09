import { IdlePolicyError } from '../errors/idle-policy-error';
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

/**
 * The policy used until `timeoutFrom` answers, or when it fails: the shortest timeout the API allows,
 * so the page never believes a token alive that the server may already have dropped (fail closed).
 */
export function provisionalPolicy(input: PolicyInput): Policy {
  return validatePolicy({ ...input, timeoutMs: input.timeoutMs ?? (input.unsafeShortTimeouts ? 10_000 : 5 * MINUTE) });
}
