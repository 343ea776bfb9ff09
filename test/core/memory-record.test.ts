import { describe, expect, it } from 'vitest';
import { CLOCK_SLACK_MS, fresh, memoryRecord } from '../../src/core/memory-record';

const T = 1_700_000_000_000;
const H = 3600_000;
const U = 'f'.repeat(64);

describe('memory record (version 2): untrusted when read back', () => {
  it('is fresh for the same person, before it expires, within maxAge from now', () => {
    expect(fresh(memoryRecord(U, T + H, '/a'), U, T, 12 * H)).toBe(true);
    expect(memoryRecord(U, T + H, '/a')).toEqual({ v: 2, user: U, expires: T + H, value: '/a' });
  });

  it('is fresh when written a moment ago by a tab whose clock runs ahead (up to CLOCK_SLACK_MS)', () => {
    expect(fresh(memoryRecord(U, T + 200 + 12 * H, '/a'), U, T, 12 * H)).toBe(true);
    expect(fresh(memoryRecord(U, T + CLOCK_SLACK_MS + 12 * H, '/a'), U, T, 12 * H)).toBe(true);
    expect(fresh(memoryRecord(U, T + CLOCK_SLACK_MS + 1 + 12 * H, '/a'), U, T, 12 * H)).toBe(false);
  });

  it.each([
    ['another person', memoryRecord('e'.repeat(64), T + H, '/a')],
    ['expired', memoryRecord(U, T, '/a')],
    ['from the far future (a forged expiry)', memoryRecord(U, T + 13 * H, '/a')],
    ['a version-1 record', { u: U, x: T + H, v: '/a' }],
    ['another version', { ...memoryRecord(U, T + H, '/a'), v: 3 }],
    ['not an object', '/a'],
    ['null', null],
  ])('is not fresh: %s', (_, r) => {
    expect(fresh(r, U, T, 12 * H)).toBe(false);
  });
});
