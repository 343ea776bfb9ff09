import { describe, expect, it } from 'vitest';
import { fromWall, nextTime, zoneOffset } from '../../src/core/schedule';
import { IdlePolicyError } from '../../src/errors/idle-policy-error';

const H = 3_600_000;
const utc = (s: string) => Date.parse(s);
const iso = (t: number) => new Date(t).toISOString();

describe('zoneOffset', () => {
  it.each([
    ['UTC', '2024-06-01T12:00:00Z', 0],
    ['Europe/Berlin', '2024-01-15T12:00:00Z', 1 * H],
    ['Europe/Berlin', '2024-07-15T12:00:00Z', 2 * H],
    ['America/New_York', '2024-01-15T12:00:00Z', -5 * H],
    ['America/New_York', '2024-07-15T12:00:00Z', -4 * H],
    ['Asia/Kolkata', '2024-03-10T12:00:00Z', 5.5 * H],
    ['Asia/Kathmandu', '2024-03-10T12:00:00Z', 5.75 * H],
    ['Pacific/Kiritimati', '2024-03-10T12:00:00Z', 14 * H],
    ['Australia/Lord_Howe', '2024-01-15T12:00:00Z', 11 * H],
    ['Australia/Lord_Howe', '2024-07-15T12:00:00Z', 10.5 * H],
  ])('%s at %s', (zone, at, offset) => expect(zoneOffset(utc(at), zone)).toBe(offset));

  it('changes at the exact DST instant (Berlin, 2024-03-31 01:00Z)', () => {
    expect(zoneOffset(utc('2024-03-31T00:59:59Z'), 'Europe/Berlin')).toBe(H);
    expect(zoneOffset(utc('2024-03-31T01:00:00Z'), 'Europe/Berlin')).toBe(2 * H);
  });
});

describe('nextTime: the next HH:MM on a zone’s wall clock', () => {
  it.each([
    // zone, now, at, expected instant
    ['Europe/Berlin', '2024-06-03T10:00:00Z', '18:30', '2024-06-03T16:30:00.000Z'],
    ['Europe/Berlin', '2024-06-03T17:00:00Z', '18:30', '2024-06-04T16:30:00.000Z'],
    ['Europe/Berlin', '2024-06-03T16:30:00Z', '18:30', '2024-06-04T16:30:00.000Z'],
    ['Europe/Berlin', '2024-01-10T22:30:00Z', '00:15', '2024-01-10T23:15:00.000Z'],
    ['America/New_York', '2024-06-03T23:00:00Z', '18:30', '2024-06-04T22:30:00.000Z'],
    // Before the zone's midnight but after UTC's: the date is the zone's.
    ['America/New_York', '2024-06-04T02:00:00Z', '23:00', '2024-06-04T03:00:00.000Z'],
    ['Asia/Kolkata', '2024-06-03T10:00:00Z', '18:30', '2024-06-03T13:00:00.000Z'],
    ['Pacific/Kiritimati', '2024-06-03T10:00:00Z', '09:00', '2024-06-03T19:00:00.000Z'],
    ['UTC', '2024-12-31T23:00:00Z', '08:00', '2025-01-01T08:00:00.000Z'],
    ['UTC', '2024-02-28T12:00:00Z', '08:00', '2024-02-29T08:00:00.000Z'],
  ])('%s, now %s, at %s', (zone, now, at, expected) => expect(iso(nextTime(at, utc(now), zone))).toBe(expected));

  it('DST days: spring forward (23-hour day) and fall back (25-hour day) keep the wall time', () => {
    // Berlin springs forward on 2024-03-31: 18:30 is CEST (UTC+2) that day, CET (UTC+1) the day before.
    expect(iso(nextTime('18:30', utc('2024-03-30T18:00:00Z'), 'Europe/Berlin'))).toBe('2024-03-31T16:30:00.000Z');
    expect(iso(nextTime('18:30', utc('2024-03-30T12:00:00Z'), 'Europe/Berlin'))).toBe('2024-03-30T17:30:00.000Z');
    // and falls back on 2024-10-27.
    expect(iso(nextTime('18:30', utc('2024-10-26T20:00:00Z'), 'Europe/Berlin'))).toBe('2024-10-27T17:30:00.000Z');
    // New York: 2024-03-10 and 2024-11-03.
    expect(iso(nextTime('18:30', utc('2024-03-10T05:00:00Z'), 'America/New_York'))).toBe('2024-03-10T22:30:00.000Z');
    expect(iso(nextTime('18:30', utc('2024-11-03T05:00:00Z'), 'America/New_York'))).toBe('2024-11-03T23:30:00.000Z');
  });

  it('a time skipped by the spring gap moves forward by the gap; a repeated autumn time is the first', () => {
    // New York 2024-03-10: 02:00 EST → 03:00 EDT, so 02:30 does not exist: 03:30 EDT = 07:30Z.
    expect(iso(nextTime('02:30', utc('2024-03-10T05:00:00Z'), 'America/New_York'))).toBe('2024-03-10T07:30:00.000Z');
    // 2024-11-03: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST): the first.
    expect(iso(nextTime('01:30', utc('2024-11-03T04:00:00Z'), 'America/New_York'))).toBe('2024-11-03T05:30:00.000Z');
    // Once the first has passed, the second one is not "next": the next day's.
    expect(iso(nextTime('01:30', utc('2024-11-03T06:00:00Z'), 'America/New_York'))).toBe('2024-11-04T06:30:00.000Z');
    // Lord Howe's 30-minute DST (2024-10-06 02:00 → 02:30).
    expect(iso(nextTime('02:15', utc('2024-10-05T14:00:00Z'), 'Australia/Lord_Howe'))).toBe('2024-10-05T15:45:00.000Z');
  });

  it('fromWall round-trips ordinary times', () => {
    const wall = Date.UTC(2024, 6, 1, 18, 30);
    expect(iso(fromWall(wall, 'Europe/Berlin'))).toBe('2024-07-01T16:30:00.000Z');
  });

  it('without a zone uses the browser’s', () => {
    const now = Date.now();
    const t = nextTime('18:30', now);
    const d = new Date(t);
    expect([d.getHours(), d.getMinutes()]).toEqual([18, 30]);
    expect(t > now && t <= now + 25 * H).toBe(true);
  });

  it.each(['18', '24:00', '18:60', '6pm', '', '18:30:00'])('refuses %j', (at) => expect(() => nextTime(at, 0)).toThrow(IdlePolicyError));
  it('refuses an unknown zone', () => expect(() => nextTime('18:30', 0, 'Mars/Olympus')).toThrow(RangeError));
});
