import { describe, expect, it } from 'vitest';
import { serverDeadline } from '../../src/core/server-time';

describe('serverDeadline: skew arithmetic', () => {
  const T = Date.parse('2030-01-01T12:00:00.000Z');
  const iso = (ms: number) => new Date(ms).toISOString();
  const http = (ms: number) => new Date(ms).toUTCString(); // whole seconds, as the Date header
  it.each<[string, number, string | null, number, number, number]>([
    // name, server deadline, Date header, t0, t1 → browser deadline
    ['same clock, answered mid-second', T + 300_000, http(T), T + 200, T + 260, T + 300_000],
    ['same clock, answer straddles a second', T + 300_000, http(T), T + 900, T + 1100, T + 300_000],
    ['server 1 h ahead', T + 3_600_000 + 300_000, http(T + 3_600_000), T + 100, T + 200, T + 300_000 + 200 - 0],
    ['server 10 s behind', T - 10_000 + 300_000, http(T - 10_000), T + 100, T + 200, T + 299_100], // skew ∈ [−10 200, −9 100],
    ['no Date header: clocks assumed to agree', T + 300_000, null, T, T + 5000, T + 300_000],
    ['unparsable Date header', T + 300_000, 'yesterday', T, T + 50, T + 300_000],
  ])('%s', (_name, end, date, t0, t1, expected) => expect(serverDeadline(iso(end), date, t0, t1)).toBe(expected));

  it('the correction is the smallest that fits the measurement', () => {
    // Server 1 h ahead: skew ∈ [date − t1, date + 1000 − t0] = [3_599_800, 3_600_900] → 3_599_800.
    const skew = T + 300_000 - serverDeadline(iso(T + 300_000), http(T + 3_600_000), T + 100, T + 200);
    expect(skew).toBe(3_599_800);
  });

  it('NaN without a date', () => {
    expect(serverDeadline(undefined, http(T), T, T)).toBeNaN();
    expect(serverDeadline('soon', http(T), T, T)).toBeNaN();
    expect(serverDeadline(12345, http(T), T, T)).toBeNaN();
  });
});
