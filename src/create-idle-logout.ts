import { validateOptions } from './core/options';
import { provisionalPolicy, validatePolicy } from './core/policy';
import { remainingMs, startSession, stateAt, step } from './core/session';
import { IdlePolicyError } from './errors/idle-policy-error';
import { FEATURES } from './features/index';
import type { ActivityEvent, IdleEvents, IdleLogout, IdleLogoutOptions } from './types/options';
import type { AnyFeature, ApiMethod, RequestInfo, Runtime, ShellMethod, Watcher } from './types/runtime';
import type { Policy, Session, SessionEvent } from './types/session';
import type { ActivitySource } from './types/vocabulary';
import { createEmitter, rethrow } from './utils/emitter';
import { noop } from './utils/noop';

/** Longest delay setTimeout honours; later wake-ups just re-check. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * The shell: holds the current token's session, feeds the pure state machine (`core/session.ts`), arms the one
 * timer its effects ask for, emits the public events, and starts every feature in `FEATURES` with one runtime.
 */
export function createIdleLogout(options: IdleLogoutOptions): IdleLogout {
  return createWith(options, FEATURES);
}

/** The same with another feature list: for this package's own adapters (`idle-logout/oidc`), which add one. */
export function createWith(options: IdleLogoutOptions, list: readonly AnyFeature[]): IdleLogout {
  validateOptions(options);
  let policy: Policy = options.timeoutMs !== undefined ? validatePolicy(options) : provisionalPolicy(options);

  // Deadlines are wall-clock times (tabs and the server exchange them), read never behind the monotonic clock since
  // construction: a wall clock set back (an NTP correction, a person changing the time) cannot stretch a session,
  // and a machine that slept (where the monotonic clock may pause) still sees the wall clock jump past the deadline.
  const mono = typeof performance === 'object' ? () => performance.now() : Date.now;
  const wall0 = Date.now() - mono();
  const now = () => Math.max(Date.now(), wall0 + mono());
  const failed = new Set<string>();
  /** Session watchers by `FEATURES` row: notified in that order, whenever a lazy chunk registered its own. */
  const rows = list.map(() => new Set<Watcher>());
  const requestWatchers = new Set<(r: RequestInfo) => void>();
  const emitter = createEmitter<IdleEvents>();
  const features: Exclude<ReturnType<AnyFeature>, void>[] = [];
  /** The features that offer `Hooks.ready` as they start. */
  const waits: typeof features = [];
  let token: string | undefined;
  /** The sign-in session the token belongs to (`sessionOf`), or the token itself: memory only, never stored or sent. */
  let key: string | undefined;
  let session: Session | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wakeAt = Infinity;
  let destroyed = false;
  /** Jobs waiting for the one running: a dispatch from inside a watcher or a handler runs after the current one. */
  let queue: (() => void)[] | undefined;
  /** The last `activity` event emitted. */
  let said: ActivityEvent | undefined;
  /** The latest activity `record` left out (within a second of the last): counted at the next check, so deadlines are exact. */
  let skipped = 0;

  function later(job: () => void): void {
    if (queue) return void queue.push(job);
    queue = [job];
    try {
      for (let j; (j = queue.shift()); ) j();
    } finally {
      queue = undefined;
    }
  }

  // A watcher that throws (a feature's bug, or an app callback inside one: `ui.text.time`) must not skip the rows after
  // it (the OIDC adapter's revoke) nor the effects after the notice (the events, the next timer): reported from its
  // own task, as the app's handlers are.
  const notify: Watcher = (s, prev, event) =>
    rows.forEach((row) =>
      row.forEach((w) => {
        try {
          w(s, prev, event);
        } catch (error) {
          rethrow(error);
        }
      }),
    );

  /** `rt.refresh()`: the one place a changed token is noticed. */
  function current(): Session | undefined {
    let t: string | undefined;
    try {
      t = options.getToken() || undefined;
    } catch (error) {
      rt.fail('get-token', error);
    }
    if (t !== token) later(() => adopt(t));
    return session;
  }

  /** A token that is not the current one: a renewal of the same sign-in keeps its clock; anything else starts anew. */
  function adopt(t: string | undefined): void {
    if (t === token || destroyed) return;
    const prev = session;
    const live = prev && prev.state !== 'logged-out';
    let k = t;
    try {
      const sid = t && options.sessionOf?.(t);
      k = sid != null ? 'sid ' + sid : live && t && options.sameSession?.(token!, t) ? key : t;
    } catch (error) {
      rt.fail('get-token', error);
    }
    if (live && k === key) {
      token = t;
      return notify(prev, prev, { type: 'renew' });
    }
    // The sign-in ended while live without a logout of ours (the auth library removed its token): a logout all the
    // same, with its event and revoke, while the old token is still known.
    if (live && !t) run({ type: 'logout', reason: 'signed-out' });
    token = t;
    key = k;
    session = t ? startSession(policy, now()) : undefined;
    disarm();
    notify(session, prev);
    if (session) run({ type: 'tick' });
  }

  function disarm(): void {
    clearTimeout(timer);
    timer = undefined;
    wakeAt = Infinity;
  }

  function arm(at: number): void {
    // Activity only ever moves the deadline later: an earlier armed timer wakes, re-checks, re-arms.
    // That keeps the per-request path free of clearTimeout/setTimeout.
    if (timer !== undefined && at >= wakeAt) return;
    disarm();
    if (at === Infinity) return;
    wakeAt = at;
    timer = setTimeout(() => {
      disarm();
      if (current()) dispatch({ type: 'tick' });
    }, Math.min(Math.max(0, at - now()), MAX_DELAY));
  }

  const dispatch = (event: SessionEvent) => later(() => run(event));

  function run(event: SessionEvent): void {
    // A new policy (from the server, or another tab) is also the one the next token's session starts with; this
    // page's own `revokeAheadMs` goes with it (it is not shared).
    // (Events are built for each dispatch, so this one's policy may be replaced.)
    if (event.type === 'policy') policy = event.policy = { ...event.policy, aheadMs: policy.aheadMs };
    if (!session || destroyed) return;
    // A check (the timer, a read of `state`, a page event) first counts the activity the hot path left out.
    if (event.type === 'tick' && skipped > session.last) event = { type: 'activity', time: skipped };
    const prev = session;
    // Signals for the features (a renewal, an election won): the session itself does not change.
    if (event.type === 'decided') return notify(prev, prev, event);
    const [next, effects] = step(prev, event, now());
    // The warning or an idle logout may wait for more news (the `confirmIdle` hook: the server's word, the shared
    // state of a page back from the back/forward cache): the event's data is kept, the state is not changed yet,
    // and the feature dispatches again once it has the answer (or gave up on one).
    // (Only a logged-out session has a reason; an event's own, another tab's logout, is final.)
    if ((next.state === 'warning' || (next.reason === 'idle' && !(event as { reason?: unknown }).reason)) && features.some((f) => f.hooks?.confirmIdle?.(next) === true)) {
      session = { ...next, state: prev.state, reason: undefined };
      return;
    }
    session = next;
    // Features (revoke, sync, then the dialog) see the change in `FEATURES` order, before the app's handlers, which
    // may drop the token.
    if (next !== prev) notify(next, prev, event);
    for (const effect of effects) {
      if (effect.type === 'wake') {
        // Another tab's (or the server's) later activity: the armed timer would wake early for nothing; re-arm exactly.
        if (event.type === 'merge') disarm();
        arm(effect.at);
      } else if (effect.state === 'logged-out') {
        disarm();
        const reason = effect.reason!;
        emitter.emit('logout', { reason, lead: rt.lead(), endSession: reason !== 'revoked' });
      }
      // A hold taken during the warning ends it: `active` says so (state `held`, `remainingMs` Infinity), or an app's
      // own warning, built from the events, would stay on screen.
      else if (effect.state !== 'held' || prev.state === 'warning') emitter.emit(effect.state === 'held' ? 'active' : effect.state, { remainingMs: remainingMs(next, now()) });
    }
  }

  const loggedOut = () => session?.state === 'logged-out';
  /** Activity at `t` would move the deadline by under a second, while active and before any state is due. */
  const within = (s: Session, t: number) => s.state === 'active' && t >= s.last && t - s.last < 1000 && t < wakeAt;

  // Each feature gets its own copy with `onChange` on its row (below).
  const rt: Omit<Runtime, 'onChange'> = {
    options,
    now,
    session: () => session,
    refresh: current,
    token: () => token,
    key: () => key,
    dispatch,
    record(source: ActivitySource, method?: string, url?: string) {
      const s = session;
      if (!s || loggedOut()) return;
      // Activity within a second of the last, while active and before any state is due: the state machine would
      // move the deadline by under a second, so it is only noted (its copies and effects are the hot path's cost),
      // and counted at the next check (the timer, before the warning or the logout): the deadline is exact there.
      // Judged by the wall clock alone first: the monotonic one (performance.now) costs more than the rest of the hot path.
      let t = Date.now();
      if (within(s, t) || within(s, (t = now()))) skipped = t;
      else dispatch({ type: 'activity', time: t });
      // The same request again (an app calls the same few URLs) hands on the same event (read-only): nothing allocated.
      const e = said;
      if (!loggedOut()) emitter.emit('activity', e?.source === source && e.method === method && e.url === url ? e : (said = { source, method, url }));
    },
    emit: emitter.emit,
    on: emitter.on,
    fail(code, error) {
      if (failed.has(code)) return;
      failed.add(code);
      emitter.emit('error', { code, error });
    },
    onRequest(fn) {
      requestWatchers.add(fn);
      return () => void requestWatchers.delete(fn);
    },
    // Most instances have no request watcher (keepalive, serverClock): then nothing is built per request.
    sent(url, counted) {
      if (requestWatchers.size) for (const w of requestWatchers) w({ url, counted });
    },
    acts() {
      const said = features.map((f) => f.hooks?.acts?.());
      return said.includes(false) ? false : said.includes(null) ? null : true;
    },
    lead: () => features.every((f) => f.hooks?.lead?.() !== false),
    ready() {
      // Asked before every request with the token: only the features that offer `ready` are asked, and nothing is
      // allocated unless one is still pending.
      let pending: Promise<unknown>[] | undefined;
      for (let i = 0; i < waits.length; i++) {
        const p = waits[i].hooks?.ready?.();
        if (p) (pending ??= []).push(p);
      }
      return pending && Promise.allSettled(pending).then(noop);
    },
  };

  // Each feature watches the session from its own row: a chunk that loads later still hears changes in list order.
  list.forEach((feature, row) => {
    const instance = feature({
      ...rt,
      onChange: (fn) => (rows[row].add(fn), () => void rows[row].delete(fn)),
    });
    if (instance) features.push(instance);
    if (instance?.hooks?.ready) waits.push(instance);
  });

  current();
  let holds = 0;
  // Methods that features add (route and draft memory, logoutAt, explain, subscribe/getSnapshot): `FEATURES` adds each
  // exactly once (its `ApiCheck` in features/index.ts). (A shorter list, as tests pass, lacks those it leaves out.)
  const api: Pick<IdleLogout, ApiMethod> = Object.assign({}, ...features.map((f) => f.api));
  // The shell's own methods, exactly `ShellMethod` (the literal's excess-property check); `Object.assign` keeps the getter.
  const shell = {
    // A read of `state` is a check, as the timer's: a deadline that passed is acted on now (its events, its revoke),
    // so `state` never says `logged-out` before the `logout` event. The other reads only compute.
    get state() {
      return (current() && dispatch({ type: 'tick' }), session?.state ?? 'logged-out');
    },
    remainingMs() {
      const s = current();
      return s ? remainingMs(s, now()) : 0;
    },
    extend: () => (current(), rt.record('extend')),
    hold(reason) {
      if (typeof reason !== 'string' || !reason) throw new IdlePolicyError('hold(reason)', reason, 'a non-empty string');
      const id = `${reason}#${++holds}`;
      current();
      dispatch({ type: 'hold', id });
      // The release belongs to the session the hold was taken in; a later token starts without it.
      return () => dispatch({ type: 'release', id });
    },
    logout: () => (current(), dispatch({ type: 'logout', reason: 'manual' })),
    // Past the warning time, or logged out, even where a throttled timer has not said so yet: no renewal (fail closed).
    canRenew() {
      const s = current();
      return !!s && /^(active|held)$/.test(stateAt(s, now()));
    },
    on(name, handler) {
      if (typeof handler !== 'function') throw new IdlePolicyError(`on('${String(name)}', handler)`, handler, 'a function');
      return emitter.on(name, handler);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      disarm();
      features.reverse().forEach((f) => f.stop());
      rows.forEach((row) => row.clear());
      requestWatchers.clear();
      emitter.clear();
    },
  } satisfies Pick<IdleLogout, ShellMethod>;
  return Object.assign(shell, api);
}
