/**
 * The server's idle deadline in browser time. `value` is the deadline the server reported (ISO string,
 * server clock), `date` the response's `Date` header (whole seconds, so the server answered within
 * [date, date + 1 s)), `t0`/`t1` the browser times the request left and the response arrived.
 * The skew (server minus browser) therefore lies in [date − t1, date + 1000 − t0]: when 0 is in that
 * range the clocks agree as far as we can tell; otherwise the smallest correction that fits is taken.
 * Without a `Date` header (a cross-origin API that does not expose it) the clocks are assumed to agree.
 * NaN when `value` is not a date.
 */
export function serverDeadline(value: unknown, date: string | null, t0: number, t1: number): number {
  const end = typeof value === 'string' ? Date.parse(value) : NaN;
  const server = date ? Date.parse(date) : NaN;
  const skew = server === server ? Math.min(Math.max(0, server - t1), server + 1000 - t0) : 0;
  return end - skew;
}
