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

/** The right shape and version, this person, not expired, and not from the far future (`maxAge` from now at most). */
export const fresh = (r: unknown, user: string, now: number, maxAge: number): r is MemoryRecord =>
  !!r &&
  typeof r === 'object' &&
  (r as MemoryRecord).v === 2 &&
  (r as MemoryRecord).user === user &&
  (r as MemoryRecord).expires > now &&
  (r as MemoryRecord).expires <= now + maxAge;
