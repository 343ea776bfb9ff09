import { IdlePolicyError } from '../errors/idle-policy-error';
import type { IdleLogoutOptions } from '../types/options';
import { LOGOUT_REASONS } from '../types/vocabulary';
import { isOrigin } from './origin';
import { HHMM, HHMM_WORDS, inRange, MAX_AHEAD, MIN_AHEAD } from './policy';

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
const KINDS = {
  f: [isFn, 'a function'],
  b: [(v) => typeof v === 'boolean', 'true or false'],
  s: [isStr, 'a non-empty string'],
  u: [(v) => isStr(v) && URL.canParse?.(v, 'http://x') !== false, 'a URL'],
  o: [(v) => list(isOrigin)(v) && v.length, 'a non-empty array of exact origins'],
  p: [list((p) => isStr(p) || p instanceof RegExp || isFn(p)), 'an array of strings, RegExps or functions'],
  e: [list(isStr), 'an array of DOM event names'],
  r: [list((r) => LOGOUT_REASONS.includes(r)), `an array of ${LOGOUT_REASONS.join(', ')}`],
  n: ms(0),
  m: ms(1),
  k: ms(1000),
  a: ms(MIN_AHEAD, MAX_AHEAD),
  h: [(v) => isFn(v) || HHMM.test(v), HHMM_WORDS],
  z: [(v) => { try { return isStr(v) && new Intl.DateTimeFormat('en', { timeZone: v }); } catch { return false; } }, 'an IANA time zone ("Europe/Berlin")'],
  t: [(v) => v && typeof v === 'object' && Object.entries(v).every(([k, x]) => (k === 'time' ? isFn(x) : typeof x === 'string')), 'an object of strings (`time`: a function)'],
} satisfies Record<string, [(v: any) => unknown, string]>;

/** A field's kind; `!` when it is required. */
type Leaf = keyof typeof KINDS | `${keyof typeof KINDS}!`;
/** Every key of every member of a union (`revoke`'s two forms), and what it may hold in any of them. */
type Keys<T> = T extends unknown ? keyof T : never;
type At<T, K> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;
/** Objects an option may hold, which get a section of their own (or a kind that checks them whole: `ui.text`). */
type Section<V> = Exclude<Extract<V, object>, ((...a: never[]) => unknown) | readonly unknown[] | RegExp>;
type Rule<V> = Leaf | ([Section<V>] extends [never] ? never : Schema<Section<V>> | [boolean, Schema<Section<V>>]);
/**
 * A rule for every key of `T`, nested objects too: a key added to the options' types without a rule here, or a rule
 * for a key they do not have, is a compile error. A section is the fields' kinds (`!` required) or nested sections;
 * `[true, section]` also allows a boolean, `[false, section]` only `false`.
 */
export type Schema<T> = { [K in Keys<T>]-?: Rule<Exclude<At<T, K>, undefined>> };
type Loose = { [key: string]: string | Loose | [boolean, Loose] };

export const SCHEMA: Schema<IdleLogoutOptions> = {
  getToken: 'f!',
  sessionOf: 'f',
  sameSession: 'f',
  // A number here; policy.ts checks their ranges (which depend on `hipaa` and `unsafeShortTimeouts`).
  timeoutMs: 'n',
  warnBeforeMs: 'n',
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

/**
 * Whether `a` is at most `n` edits (a letter added, dropped or changed) from `b`: how an unknown key finds the known
 * one it is a typo of (`warnBeforeMS`, `metod`, `inputs`). Recursive, each edit spending one of the `n`: a few calls
 * per letter.
 */
const near = (a: string, b: string, n = 2): boolean =>
  a[0] === b[0] ? !a || near(a.slice(1), b.slice(1), n) : n > 0 && (near(a.slice(1), b.slice(1), --n) || near(a.slice(1), b, n) || near(a, b.slice(1), n));

function check(value: unknown, schema: Loose, path: string): void {
  const known = Object.keys(schema);
  if (!isObj(value)) throw new IdlePolicyError(path.slice(0, -1) || 'options', value, 'an object');
  // Unknown keys first: a misspelt option is why a required one looks missing, or why a feature would not start.
  for (const k of Object.keys(value))
    if (!known.includes(k)) {
      const like = known.find((n) => near(k, n));
      throw new IdlePolicyError(path + k, value[k], `a known option: ${like ? `did you mean ${like}?` : known.join(', ')}`);
    }
  for (const k of known) {
    const rule = schema[k];
    const v = value[k];
    if (typeof rule === 'string') {
      const [ok, words] = KINDS[rule[0] as keyof typeof KINDS];
      if (v === undefined ? rule[1] === '!' : !ok(v)) throw new IdlePolicyError(path + k, v, words);
    } else if (v !== undefined && !(Array.isArray(rule) && typeof v === 'boolean' && (rule[0] || !v))) {
      check(v, Array.isArray(rule) ? rule[1] : rule, `${path}${k}.`);
    }
  }
}

/**
 * Every option checked when `createIdleLogout` runs, so a bad value is a bug the developer sees at once
 * (an `IdlePolicyError` naming the option's path, the value and what is allowed; for an unknown key, the known one
 * it is closest to) rather than a feature that quietly does nothing. The timeout policy's ranges are checked by
 * `policy.ts`. Pure.
 */
export function validateOptions(o: IdleLogoutOptions): void {
  check(o, SCHEMA as Loose, '');
  if (o.timeoutMs === undefined && !o.timeoutFrom) throw new IdlePolicyError('timeoutMs', undefined, 'set, or timeoutFrom given');
  const r = o.revoke as Record<string, unknown>;
  if (r && !r.url === !r.oauth) throw new IdlePolicyError('revoke.url', r.url, 'a URL, or revoke.oauth instead (one of the two)');
  // Drafts are never kept unbound: without a person to bind them to, `drafts` would silently keep nothing.
  const userKey = (x: unknown) => isObj(x) && x.userKey;
  if (o.drafts && !userKey(o.drafts) && !userKey(o.route))
    throw new IdlePolicyError('drafts.userKey', undefined, 'a function (or route.userKey): drafts are bound to the person');
}
