import { IdlePolicyError } from '../errors/idle-policy-error';

const DAY = 864e5;

/** A zone's offset from UTC at an instant, in ms (wall clock = t + offset). No zone: the browser's. Pure, via Intl. */
export function zoneOffset(t: number, timeZone?: string): number {
  const [, sign, h, m] = /GMT([+-])?(\d*):?(\d*)/.exec(new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' }).format(t))!;
  return (sign == '-' ? -6e4 : 6e4) * (+h * 60 + +m);
}

/**
 * The instant a wall-clock time (given as if it were UTC) happens in a zone. A time that happens twice
 * (autumn) is the first; a time skipped by a DST gap (spring) moves forward by the gap.
 */
export function fromWall(wall: number, timeZone?: string): number {
  const before = zoneOffset(wall - DAY, timeZone);
  for (const o of [before, zoneOffset(wall + DAY, timeZone)]) if (zoneOffset(wall - o, timeZone) === o) return wall - o;
  return wall - before;
}

/** The next instant after `now` at which a zone's wall clock reads `hh:mm` (24-hour). Throws on a malformed time or an unknown zone. */
export function nextTime(hhmm: string, now: number, timeZone?: string): number {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new IdlePolicyError('schedule.at', hhmm, 'a 24-hour time "HH:MM", or a function');
  const w = new Date(now + zoneOffset(now, timeZone));
  for (let wall = Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate(), +m[1], +m[2]); ; wall += DAY) {
    const t = fromWall(wall, timeZone);
    if (t > now) return t;
  }
}
