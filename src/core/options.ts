import { IdlePolicyError } from '../errors/idle-policy-error';
import type { IdleLogoutOptions } from '../types/options';
import { LOGOUT_REASONS } from '../types/vocabulary';
import { isOrigin } from './origin';
import { inRange } from './policy';

/**
 * What each kind of option value must be: a check and the words an error uses for it. Kinds are one letter so
 * the schema below stays small in every app's initial bundle (this runs at construction, it cannot load lazily).
 */
const isFn = (v: unknown) => typeof v === 'function';
const isStr = (v: unknown): v is string => typeof v === 'string' && v !== '';
/** A number of milliseconds from `min` (to `max`): a kind. */
const ms = (min: number, max?: number): [(v: unknown) => boolean, string] => [
  (v) => inRange(v, min, max),
  `a number of milliseconds ${max ? `from ${min} to ${max}` : `≥ ${min}`}`,
];
const list = (item: (v: any) => unknown) => (v: unknown) => Array.isArray(v) && v.every(item);
const KINDS: Record<string, [(v: any) => unknown, string]> = {
  f: [isFn, 'a function'],
  b: [(v) => typeof v === 'boolean', 'true or false'],
  s: [isStr, 'a non-empty string'],
  u: [(v) => isStr(v) && URL.canParse?.(v, 'http://x') !== false, 'a URL'],
  o: [(v) => Array.isArray(v) && v.length && v.every(isOrigin), 'a non-empty array of exact origins'],
  p: [list((p) => isStr(p) || p instanceof RegExp || isFn(p)), 'an array of strings, RegExps or functions'],
  e: [list(isStr), 'an array of DOM event names'],
  r: [list((r) => LOGOUT_REASONS.includes(r)), `an array of ${LOGOUT_REASONS.join(', ')}`],
  n: ms(0),
  m: ms(1),
  k: ms(1000),
  a: ms(1000, 6e4),
  h: [(v) => isFn(v) || /^([01]?\d|2[0-3]):[0-5]\d$/.test(v), 'a 24-hour time "HH:MM", or a function'],
  z: [(v) => { try { return isStr(v) && new Intl.DateTimeFormat('en', { timeZone: v }); } catch { return false; } }, 'an IANA time zone ("Europe/Berlin")'],
  t: [(v) => v && typeof v === 'object' && Object.entries(v).every(([k, x]) => (k === 'time' ? isFn(x) : typeof x === 'string')), 'an object of strings (`time`: a function)'],
};

/** A section: its fields' kinds (`!` required) or nested sections; `[true, section]` also allows a boolean, `[false, section]` only `false`. */
type Schema = { [key: string]: string | Schema | [boolean, Schema] };
// `timeoutMs` and `warnBeforeMs` are checked by policy.ts, with the API's ranges.
const SCHEMA: Schema = {
  getToken: 'f!',
  sessionOf: 'f',
  sameSession: 'f',
  revokeAheadMs: 'a',
  groups: 'f',
  timeoutFrom: 'f',
  hipaa: 'b',
  activity: { api: [true, { include: 'p', exclude: 'p' }], input: [true, { events: 'e', throttleMs: 'n' }], heartbeat: 'b' },
  revoke: [false, { url: 'u', method: 's', oauth: { endpoint: 'u!', clientId: 's!', tokens: 'f!' } }],
  heartbeat: { allowedOrigins: 'o!', onReject: 'f' },
  keepalive: { url: 'u!', method: 's', minIntervalMs: 'k' },
  serverClock: { url: 'u!', field: 's' },
  route: [true, { get: 'f', restore: 'b', userKey: 'f', maxAgeMs: 'm', reasons: 'r' }],
  drafts: [true, { selector: 's', userKey: 'f', maxAgeMs: 'm' }],
  schedule: { at: 'h!', timeZone: 'z', respectHolds: 'b' },
  ui: [true, { text: 't', onSignIn: 'f' }],
  sync: 'b',
  patch: 'b',
  workers: 'b',
  unsafeShortTimeouts: 'b',
};

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function check(value: unknown, schema: Schema, path: string): void {
  if (!isObj(value)) throw new IdlePolicyError(path.slice(0, -1) || 'options', value, `an object with ${Object.keys(schema).join(', ')}`);
  for (const k in schema) {
    const rule = schema[k];
    const v = value[k];
    if (typeof rule === 'string') {
      const [ok, words] = KINDS[rule[0]];
      if (v === undefined ? rule[1] === '!' : !ok(v)) throw new IdlePolicyError(path + k, v, words);
    } else if (v !== undefined && !(Array.isArray(rule) && typeof v === 'boolean' && (rule[0] || !v))) {
      check(v, Array.isArray(rule) ? rule[1] : rule, `${path}${k}.`);
    }
  }
}

/**
 * Every option checked when `createIdleLogout` runs, so a bad value is a bug the developer sees at once
 * (an `IdlePolicyError` naming the option's path, the value and what is allowed) rather than a feature that
 * quietly does nothing. The timeout policy's ranges are checked by `policy.ts`. Pure.
 */
export function validateOptions(o: IdleLogoutOptions): void {
  check(o, SCHEMA, '');
  if (o.timeoutMs === undefined && !o.timeoutFrom) throw new IdlePolicyError('timeoutMs', undefined, 'set, or timeoutFrom given');
  const r = o.revoke as Record<string, unknown>;
  if (r && !r.url === !r.oauth) throw new IdlePolicyError('revoke.url', r.url, 'a URL, or revoke.oauth instead (one of the two)');
  // Drafts are never kept unbound: without a person to bind them to, `drafts` would silently keep nothing.
  const userKey = (x: unknown) => isObj(x) && x.userKey;
  if (o.drafts && !userKey(o.drafts) && !userKey(o.route))
    throw new IdlePolicyError('drafts.userKey', undefined, 'a function (or route.userKey): drafts are bound to the person');
}
