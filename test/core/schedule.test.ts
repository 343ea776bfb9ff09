import fc from 'fast-check';
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

  it('a time skipped by the spring gap moves forward by the gap; a repeated autumn time comes twice', () => {
    // New York 2024-03-10: 02:00 EST → 03:00 EDT, so 02:30 does not exist: 03:30 EDT = 07:30Z.
    expect(iso(nextTime('02:30', utc('2024-03-10T05:00:00Z'), 'America/New_York'))).toBe('2024-03-10T07:30:00.000Z');
    // 2024-11-03: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST): the first, then the second.
    expect(iso(nextTime('01:30', utc('2024-11-03T04:00:00Z'), 'America/New_York'))).toBe('2024-11-03T05:30:00.000Z');
    expect(iso(nextTime('01:30', utc('2024-11-03T06:00:00Z'), 'America/New_York'))).toBe('2024-11-03T06:30:00.000Z');
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

// The 2026 transitions (tzdata 2025c), in UTC, with the wall clock either side:
//   New York     03-08 07:00Z 02:00 EST → 03:00 EDT (gap)      11-01 06:00Z 02:00 EDT → 01:00 EST (01:00–02:00 twice)
//   Berlin       03-29 01:00Z 02:00 CET → 03:00 CEST (gap)     10-25 01:00Z 03:00 CEST → 02:00 CET (02:00–03:00 twice)
//   Santiago     09-06 04:00Z Sun 00:00 → 01:00 (gap at midnight)   04-05 03:00Z Sun 00:00 → Sat 23:00 (Sat 23:00–24:00 twice)
//   Lord Howe    10-03 15:30Z 02:00 → 02:30 (+10:30 → +11)     04-04 15:00Z 02:00 → 01:30 (+11 → +10:30, 01:30–02:00 twice)
//   Kathmandu    no DST; its one change: 1985-12-31 18:30Z, 1986-01-01 00:00 +05:30 → 00:15 +05:45 (a 15-minute gap)
//   and Moncton, 1993-10-31 03:01Z: 00:01 ADT → 23:01 AST the day before (set back over midnight)
const TRANSITIONS: [string, string][] = [
  ['America/New_York', '2026-03-08T07:00:00Z'],
  ['America/New_York', '2026-11-01T06:00:00Z'],
  ['Europe/Berlin', '2026-03-29T01:00:00Z'],
  ['Europe/Berlin', '2026-10-25T01:00:00Z'],
  ['America/Santiago', '2026-04-05T03:00:00Z'],
  ['America/Santiago', '2026-09-06T04:00:00Z'],
  ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
  ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
  ['Asia/Kathmandu', '1985-12-31T18:30:00Z'],
  ['America/Moncton', '1993-10-31T03:01:00Z'],
];

describe('nextTime across DST transitions', () => {
  it.each([
    // zone, now, at, expected instant, why
    ['America/New_York', '2026-03-08T05:00:00Z', '01:59', '2026-03-08T06:59:00.000Z', 'just before the gap (EST)'],
    ['America/New_York', '2026-03-08T05:00:00Z', '02:00', '2026-03-08T07:00:00.000Z', 'the gap’s start: 03:00 EDT'],
    ['America/New_York', '2026-03-08T05:00:00Z', '02:30', '2026-03-08T07:30:00.000Z', 'in the gap: 03:30 EDT'],
    ['America/New_York', '2026-03-08T05:00:00Z', '03:00', '2026-03-08T07:00:00.000Z', 'the gap’s end (EDT)'],
    ['America/New_York', '2026-03-08T05:00:00Z', '18:30', '2026-03-08T22:30:00.000Z', 'later that day (EDT)'],
    ['America/New_York', '2026-11-01T04:00:00Z', '01:30', '2026-11-01T05:30:00.000Z', 'the first 01:30 (EDT)'],
    ['America/New_York', '2026-11-01T05:30:00Z', '01:30', '2026-11-01T06:30:00.000Z', 'at the first: the second (EST)'],
    ['America/New_York', '2026-11-01T06:00:00Z', '01:30', '2026-11-01T06:30:00.000Z', 'between the two: the second'],
    ['America/New_York', '2026-11-01T06:30:00Z', '01:30', '2026-11-02T06:30:00.000Z', 'after both: the next day'],
    ['America/New_York', '2026-11-01T04:00:00Z', '02:00', '2026-11-01T07:00:00.000Z', 'once, after the repeat (EST)'],
    ['Europe/Berlin', '2026-03-28T23:00:00Z', '01:30', '2026-03-29T00:30:00.000Z', 'before the gap (CET)'],
    ['Europe/Berlin', '2026-03-28T23:00:00Z', '02:30', '2026-03-29T01:30:00.000Z', 'in the gap: 03:30 CEST'],
    ['Europe/Berlin', '2026-03-29T01:30:00Z', '02:30', '2026-03-30T00:30:00.000Z', 'after it: the next day (CEST)'],
    ['Europe/Berlin', '2026-10-24T22:00:00Z', '02:30', '2026-10-25T00:30:00.000Z', 'the first 02:30 (CEST)'],
    ['Europe/Berlin', '2026-10-25T00:30:00Z', '02:30', '2026-10-25T01:30:00.000Z', 'at the first: the second (CET), not a day later'],
    ['Europe/Berlin', '2026-10-25T01:30:00Z', '02:30', '2026-10-26T01:30:00.000Z', 'after both: the next day'],
    ['Europe/Berlin', '2026-10-25T00:59:00Z', '02:00', '2026-10-25T01:00:00.000Z', 'the second 02:00 starts the repeat'],
    ['Europe/Berlin', '2026-10-25T00:30:00Z', '03:00', '2026-10-25T02:00:00.000Z', 'once, after the repeat (CET)'],
    ['America/Santiago', '2026-04-04T20:00:00Z', '23:30', '2026-04-05T02:30:00.000Z', 'Saturday’s first 23:30 (-03)'],
    ['America/Santiago', '2026-04-05T02:30:00Z', '23:30', '2026-04-05T03:30:00.000Z', 'at the first: the second (-04)'],
    ['America/Santiago', '2026-04-05T03:30:00Z', '23:30', '2026-04-06T03:30:00.000Z', 'after both: Sunday’s'],
    ['America/Santiago', '2026-04-05T02:30:00Z', '00:00', '2026-04-05T04:00:00.000Z', 'midnight comes once, after the repeat'],
    ['America/Santiago', '2026-09-05T20:00:00Z', '23:30', '2026-09-06T03:30:00.000Z', 'before the gap (-04)'],
    ['America/Santiago', '2026-09-05T20:00:00Z', '00:00', '2026-09-06T04:00:00.000Z', 'midnight is in the gap: 01:00 (-03)'],
    ['America/Santiago', '2026-09-05T20:00:00Z', '00:30', '2026-09-06T04:30:00.000Z', 'in the gap: 01:30 (-03)'],
    ['America/Santiago', '2026-09-05T20:00:00Z', '01:00', '2026-09-06T04:00:00.000Z', 'the gap’s end (-03)'],
    ['Australia/Lord_Howe', '2026-04-04T12:00:00Z', '01:15', '2026-04-04T14:15:00.000Z', 'once, before the repeat (+11)'],
    ['Australia/Lord_Howe', '2026-04-04T12:00:00Z', '01:45', '2026-04-04T14:45:00.000Z', 'the first 01:45 (+11)'],
    ['Australia/Lord_Howe', '2026-04-04T14:45:00Z', '01:45', '2026-04-04T15:15:00.000Z', 'at the first: the second (+10:30)'],
    ['Australia/Lord_Howe', '2026-04-04T15:15:00Z', '01:45', '2026-04-05T15:15:00.000Z', 'after both: the next day'],
    ['Australia/Lord_Howe', '2026-04-04T14:45:00Z', '02:00', '2026-04-04T15:30:00.000Z', 'once, after the repeat (+10:30)'],
    ['Australia/Lord_Howe', '2026-10-03T12:00:00Z', '01:59', '2026-10-03T15:29:00.000Z', 'before the gap (+10:30)'],
    ['Australia/Lord_Howe', '2026-10-03T12:00:00Z', '02:15', '2026-10-03T15:45:00.000Z', 'in the 30-minute gap: 02:45 (+11)'],
    ['Australia/Lord_Howe', '2026-10-03T12:00:00Z', '02:30', '2026-10-03T15:30:00.000Z', 'the gap’s end (+11)'],
    ['Asia/Kathmandu', '2026-03-28T20:00:00Z', '09:00', '2026-03-29T03:15:00.000Z', '+05:45 (Berlin’s spring night)'],
    ['Asia/Kathmandu', '2026-10-24T18:00:00Z', '00:00', '2026-10-24T18:15:00.000Z', 'midnight at +05:45 is 18:15Z'],
    ['Asia/Kathmandu', '2026-10-24T18:15:00Z', '00:00', '2026-10-25T18:15:00.000Z', 'at it: the next day'],
    ['Asia/Kathmandu', '1985-12-31T12:00:00Z', '23:50', '1985-12-31T18:20:00.000Z', 'before 1986’s change (+05:30)'],
    ['Asia/Kathmandu', '1985-12-31T12:00:00Z', '00:10', '1985-12-31T18:40:00.000Z', 'in its 15-minute gap: 00:25 (+05:45)'],
    ['Asia/Kathmandu', '1985-12-31T12:00:00Z', '00:15', '1985-12-31T18:30:00.000Z', 'the gap’s end (+05:45)'],
    // Moncton set its clock back over midnight until 2006: 1993-10-31 00:01 ADT → 1993-10-30 23:01 AST (03:01Z).
    ['America/Moncton', '1993-10-31T03:00:30Z', '23:30', '1993-10-31T03:30:00.000Z', 'after midnight, the day before’s 23:30 again'],
    ['America/Moncton', '1993-10-31T03:00:30Z', '00:00', '1993-10-31T04:00:00.000Z', 'and midnight a second time'],
  ])('%s, now %s, at %s → %s (%s)', (zone, now, at, expected) => expect(iso(nextTime(at, utc(now), zone))).toBe(expected));

  it('the transitions in the table are where tzdata puts them', () => {
    for (const [zone, at] of TRANSITIONS) expect(zoneOffset(utc(at) - 1, zone)).not.toBe(zoneOffset(utc(at), zone));
  });

  it('fromWall: a repeated time is the first, a time in a gap moves forward by the gap', () => {
    expect(iso(fromWall(Date.UTC(2026, 9, 25, 2, 30), 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(fromWall(Date.UTC(2026, 2, 29, 2, 30), 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
  });
});

/** A zone's wall clock at an instant, read by Intl itself (not through the code under test). */
const formats = new Map<string, Intl.DateTimeFormat>();
function wallClock(t: number, timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) {
    const o = { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' } as const;
    formats.set(timeZone, (f = new Intl.DateTimeFormat('en-US', o)));
  }
  const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, hhmm: `${p.hour}:${p.minute}`, second: p.second };
}

describe('nextTime (property)', () => {
  const ZONES = [...new Set(TRANSITIONS.map(([z]) => z)), 'UTC', 'Pacific/Chatham', 'America/St_Johns'];
  const MIN = 60_000;
  const pad = (n: number) => String(n).padStart(2, '0');
  const anyTime = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.oneof(fc.constantFrom(0, 15, 30, 45), fc.integer({ min: 0, max: 59 })))
    .map(([h, m]) => `${pad(h)}:${pad(m)}`);
  const nearTransition = fc.integer({ min: 0, max: TRANSITIONS.length - 1 }).map((i) => ({ zone: TRANSITIONS[i][0], at: utc(TRANSITIONS[i][1]) }));
  // Where the bugs live: near a transition, asking for a time the clock reads around it (in a repeat or a gap) or any
  // time; or anywhere from 2000 to 2040 in any zone.
  const cases = fc.oneof(
    fc
      .tuple(nearTransition, fc.integer({ min: -3 * H, max: 3 * H }), fc.integer({ min: -2 * H, max: 2 * H }).map((d) => Math.round(d / MIN) * MIN))
      .map(([{ zone, at }, d, e]) => ({ zone, now: at + d, at: wallClock(at + e, zone).hhmm })),
    fc.tuple(nearTransition, fc.integer({ min: -30 * H, max: 30 * H }), anyTime).map(([{ zone, at }, d, hhmm]) => ({ zone, now: at + d, at: hhmm })),
    fc.record({
      zone: fc.constantFrom(...ZONES),
      now: fc.integer({ min: utc('2000-01-01T00:00:00Z'), max: utc('2040-01-01T00:00:00Z') }),
      at: anyTime,
    }),
  );

  it('is after now, within 26 hours, reads HH:MM where that time exists, and no earlier instant after now does', () => {
    fc.assert(
      fc.property(cases, ({ zone, now, at }) => {
        const t = nextTime(at, now, zone);
        expect(t).toBeGreaterThan(now);
        expect(t).toBeLessThanOrEqual(now + 26 * H);
        // A wall clock reads HH:MM:00 only at whole UTC minutes, and (every offset being whole quarter hours) only at
        // those whose minute is MM's modulo 15: check each such instant between now and the result.
        const step = 15 * MIN;
        const first = Math.floor(now / step) * step + (+at.slice(3) % 15) * MIN;
        const earlier = [];
        for (let u = first; u < t; u += step) if (u > now && wallClock(u, zone).hhmm === at) earlier.push(iso(u));
        expect(earlier).toEqual([]);
        const { date, hhmm } = wallClock(t, zone);
        if (hhmm !== at) {
          // Only in a DST gap: that day, the clock never reads HH:MM.
          const readsIt = [];
          for (let u = t - 3 * H; u <= t + 3 * H; u += MIN) if (wallClock(u, zone).hhmm === at && wallClock(u, zone).date === date) readsIt.push(iso(u));
          expect(readsIt).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
