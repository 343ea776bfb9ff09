import { IdleLogoutError } from './idle-logout-error';

/** How a bad value reads in a message: strings quoted (so `""` and `" "` show), anything else as `String()` would. */
function show(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    return typeof value;
  }
}

/**
 * An option, or a method's argument, outside what is allowed (`code: 'policy'`): thrown by `createIdleLogout` (every
 * option is checked there, and an unknown one is named with the closest known one), by `connectHeartbeat`, and by
 * methods given a bad argument. Names the option's path (`schedule.at`), the value, and what is allowed, so the
 * caller can fix it.
 */
export class IdlePolicyError extends IdleLogoutError {
  override name = 'IdlePolicyError';
  constructor(
    /** The option's path (`heartbeat.allowedOrigins`) or the argument (`logoutAt(at)`). */
    readonly field: string,
    readonly value: unknown,
    /** What is allowed, in words. */
    readonly range: string,
  ) {
    super('policy', `${field} must be ${range} (got ${show(value)})`);
  }
}
