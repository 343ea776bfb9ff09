/** How a bad value reads in a message: strings quoted (so `""` and `" "` show), anything else as `String()` would. */
function show(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    return typeof value;
  }
}

/**
 * An option, or a method's argument, outside what is allowed: thrown by `createIdleLogout` (every option is checked
 * there), by `connectHeartbeat`, and by methods given a bad argument. Names the option's path (`schedule.at`), the
 * value, and what is allowed, so the caller can fix it.
 */
export class IdlePolicyError extends Error {
  override name = 'IdlePolicyError';
  constructor(
    /** The option's path (`heartbeat.allowedOrigins`) or the argument (`logoutAt(at)`). */
    readonly field: string,
    readonly value: unknown,
    /** What is allowed, in words. */
    readonly range: string,
  ) {
    super(`idle-logout: ${field} must be ${range} (got ${show(value)})`);
  }
}
