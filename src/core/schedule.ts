import { IdlePolicyError } from '../errors/idle-policy-error';
import { HHMM, HHMM_WORDS } from './policy';

const DAY = 864e5;

/** A zone's offset from UTC at an instant, in ms (wall clock = t + offset). No zone: the browser's. Pure, via Intl. */
export function zoneOffset(t: number, timeZone?: string): number {
  const [, sign, h, m] = /GMT([+-])?(\d*):?(\d*)/.exec(new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' }).format(t))!;
  return (sign === '-' ? -6e4 : 6e4) * (+h * 60 + +m);
}

/**
 * The instants at which a zone's wall clock reads `wall` (given as if it were UTC), earliest first: both for a time
 * that happens twice (autumn), else one. A time skipped by a DST gap (spring) moves forward by the gap.
 */
function instants(wall: number, timeZone?: string): number[] {
  // The offsets in force a day either side (before, after); a real time reads `wall` at `wall - offset` for either.
  // When both do, the one before is the larger (the clock was set back), so its instant is the earlier.
  const before = zoneOffset(wall - DAY, timeZone);
  const at = [before, zoneOffset(wall + DAY, timeZone)].filter((o, i) => !(i && o === before) && zoneOffset(wall - o, timeZone) === o);
  // In a gap, the offset before it places the time as far past the gap's start as it was meant to be into it.
  return at.length ? at.map((o) => wall - o) : [wall - before];
}

/**
 * The instant a wall-clock time (given as if it were UTC) happens in a zone. A time that happens twice
 * (autumn) is the first; a time skipped by a DST gap (spring) moves forward by the gap.
 */
export function fromWall(wall: number, timeZone?: string): number {
  return instants(wall, timeZone)[0];
}

/**
 * The next instant after `now` at which a zone's wall clock reads `hh:mm` (24-hour): the second one of a time that
 * happens twice counts too. A time skipped by a DST gap moves forward by the gap (as in `fromWall`). Throws on a
 * malformed time or an unknown zone.
 */
export function nextTime(hhmm: string, now: number, timeZone?: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw new IdlePolicyError('schedule.at', hhmm, HHMM_WORDS);
  const w = new Date(now + zoneOffset(now, timeZone));
  // From the zone's day before: a clock set back over midnight (Moncton until 2006) repeats some of that day's times
  // after `now`.
  for (let wall = Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate() - 1, +m[1], +m[2]); ; wall += DAY)
    for (const t of instants(wall, timeZone)) if (t > now) return t;
}
