/**
 * Route and draft memory's storage format, version 2: what one tab saved at logout, bound to the person who was
 * signed in. Records read back are untrusted (another script of the origin can write them).
 */
export interface MemoryRecord {
  v: 2;
  /** The person's hash (`''` when unbound: no `userKey`). */
  user: string;
  /** When it expires (epoch ms). */
  expires: number;
  value: unknown;
}

export const memoryRecord = (user: string, expires: number, value: unknown): MemoryRecord => ({ v: 2, user, expires, value });

/**
 * How far another tab's clock may run ahead of this one's. Tabs of one browser read one system clock, but each page
 * keeps its own monotonic time (`max(Date.now(), start + performance.now())`), so after the system clock is set back
 * an older tab runs ahead: a record it wrote a moment ago can expire later than `maxAge` from the reader's now.
 * Rejecting it would lose the person's route to a clock difference.
 */
export const CLOCK_SLACK_MS = 5 * 60_000;

/**
 * The right shape and version, this person, not expired, and not from the far future: `maxAge` from now at most
 * (plus `CLOCK_SLACK_MS`), so a forged record cannot live forever.
 */
export const fresh = (r: unknown, user: string, now: number, maxAge: number): r is MemoryRecord =>
  !!r &&
  typeof r === 'object' &&
  (r as MemoryRecord).v === 2 &&
  (r as MemoryRecord).user === user &&
  (r as MemoryRecord).expires > now &&
  (r as MemoryRecord).expires <= now + maxAge + CLOCK_SLACK_MS;
