import { IdlePolicyError } from '../errors/idle-policy-error';

const DAY = 864e5;

/** A zone's offset from UTC at an instant, in ms (wall clock = t + offset). No zone: the browser's. Pure, via Intl. */
export function zoneOffset(t: number, timeZone?: string): number {
  const [, sign, h, m] = /GMT([+-])?(\d*):?(\d*)/.exec(new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' }).format(t))!;
  return (sign == '-' ? -6e4 : 6e4) * (+h * 60 + +m);
}

/**
 * The instants at which a zone's wall clock reads `wall` (given as if it were UTC), in order: one on most days, two for
 * a time that happens twice (autumn: the clock is set back over it), none for a time skipped by a DST gap (spring).
 */
function occurrences(wall: number, timeZone?: string): number[] {
  // The offsets in force within a day either side; a real time reads `wall` at `wall - offset` for one of them.
  const offsets = new Set([zoneOffset(wall - DAY, timeZone), zoneOffset(wall + DAY, timeZone)]);
  const at = [...offsets].filter((o) => zoneOffset(wall - o, timeZone) === o).map((o) => wall - o);
  return at.sort((a, b) => a - b);
}

/**
 * The instant a wall-clock time (given as if it were UTC) happens in a zone. A time that happens twice
 * (autumn) is the first; a time skipped by a DST gap (spring) moves forward by the gap.
 */
export function fromWall(wall: number, timeZone?: string): number {
  // In a gap, the offset before it places the time as far past the gap's start as it was meant to be into it.
  return occurrences(wall, timeZone)[0] ?? wall - zoneOffset(wall - DAY, timeZone);
}

/**
 * The next instant after `now` at which a zone's wall clock reads `hh:mm` (24-hour): the second one of a time that
 * happens twice counts too. A time skipped by a DST gap moves forward by the gap (as in `fromWall`). Throws on a
 * malformed time or an unknown zone.
 */
export function nextTime(hhmm: string, now: number, timeZone?: string): number {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new IdlePolicyError('schedule.at', hhmm, 'a 24-hour time "HH:MM", or a function');
  const w = new Date(now + zoneOffset(now, timeZone));
  // From the zone's day before: a clock set back over midnight repeats some of that day's times after `now`.
  for (let wall = Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate() - 1, +m[1], +m[2]); ; wall += DAY) {
    const at = occurrences(wall, timeZone);
    for (const t of at.length ? at : [fromWall(wall, timeZone)]) if (t > now) return t;
  }
}
