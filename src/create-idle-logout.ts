import { embedded } from './adapters/embedded';
import { checkFrameOptions } from './adapters/frames/check-options';
import { inputActivity } from './adapters/input';
import { memory } from './adapters/memory';
import { intercept } from './adapters/requests/intercept';
import { revokeOnLogout } from './adapters/revoke';
import { schedule } from './adapters/schedule';
import { tabSync } from './adapters/sync/index';
import { ui } from './adapters/ui';
import { wakeChecks } from './adapters/wake';
import { policyFromServer, provisionalPolicy, validatePolicy, type Policy } from './core/policy';
import { remainingMs, startSession, step, type Session, type SessionEvent } from './core/session';
import { IdlePolicyError } from './errors/idle-policy-error';
import { TokenLoggedOutError } from './errors/token-logged-out-error';
import type { ActivityEvent, IdleEvents, IdleLogout, IdleLogoutOptions } from './types/options';
import type { Adapter, Runtime } from './types/runtime';
import { createEmitter } from './utils/emitter';
import { urlFilter } from './utils/url-match';

/** The adapters every instance runs, in order. Later features add theirs here. */
const adapters: Adapter[] = [wakeChecks, inputActivity, revokeOnLogout, embedded, tabSync];

/** Longest delay setTimeout honours; later wake-ups just re-check. */
const MAX_DELAY = 2 ** 31 - 1;

export function createIdleLogout(options: IdleLogoutOptions): IdleLogout {
  if (typeof options?.getToken !== 'function') throw new IdlePolicyError('getToken', options?.getToken, 'a function returning the access token');
  if (options.timeoutMs === undefined && !options.timeoutFrom) throw new IdlePolicyError('timeoutMs', undefined, 'set, or timeoutFrom given');
  let policy: Policy = options.timeoutMs !== undefined ? validatePolicy(options) : provisionalPolicy(options);
  checkFrameOptions(options);

  const now = () => Date.now();
  const countsApi = options.activity?.api === false ? () => false : urlFilter(options.activity?.api);
  const failed = new Set<string>();
  const watchers = new Set<Parameters<Runtime['onChange']>[0]>();
  const emitter = createEmitter<IdleEvents>((error) => setTimeout(() => { throw error; }));
  let token: string | undefined;
  let session: Session | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wakeAt = Infinity;
  let destroyed = false;

  function current(): Session | undefined {
    let t: string | null | undefined;
    try {
      t = options.getToken();
    } catch (error) {
      rt.fail('get-token', error);
    }
    if ((t || undefined) !== token && !destroyed) {
      const prev = session;
      token = t || undefined;
      session = token ? startSession(policy, now()) : undefined;
      disarm();
      watchers.forEach((w) => w(session, prev));
      if (session) dispatch({ type: 'tick' });
    }
    return session;
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

  function dispatch(event: SessionEvent): void {
    if (!session || destroyed) return;
    const prev = session;
    const [next, effects] = step(prev, event, now());
    // An idle logout may wait for the server's word (serverClock): the event's data is kept, the state is not
    // changed yet, and the adapter dispatches again once it has the answer (or gave up on one).
    if (next.state === 'logged-out' && next.reason === 'idle' && !(event as { reason?: unknown }).reason && rt.confirmIdle?.(next)) {
      session = { ...next, state: prev.state, reason: undefined };
      return;
    }
    session = next;
    // Adapters (revoke, sync) see the change before the app's handlers, which may drop the token.
    if (next !== prev) watchers.forEach((w) => w(next, prev, event));
    for (const effect of effects) {
      if (effect.type === 'wake') arm(effect.at);
      else if (effect.state === 'logged-out') {
        disarm();
        emitter.emit('logout', { reason: effect.reason! });
      } else if (effect.state !== 'held') emitter.emit(effect.state, { remainingMs: remainingMs(next, now()) });
    }
  }

  const loggedOut = () => session?.state === 'logged-out';

  /** The hot path: no getToken(), no hashing, no I/O. */
  function record(source: ActivityEvent['source']): void {
    if (!session || loggedOut()) return;
    dispatch({ type: 'activity', at: now() });
    if (!loggedOut()) emitter.emit('activity', { source });
  }

  const rt: Runtime = {
    options,
    now,
    session: current,
    token: () => token,
    dispatch,
    activity(source) {
      current();
      record(source);
    },
    emit: emitter.emit,
    on: emitter.on,
    fail(code, error) {
      if (failed.has(code)) return;
      failed.add(code);
      emitter.emit('error', { code, error });
    },
    onChange(fn) {
      watchers.add(fn);
      return () => void watchers.delete(fn);
    },
    acts: () => true,
  };

  const removeTap = intercept({
    send(t, url) {
      if (t !== token && (current(), t !== token)) return;
      // Either way the deadline is re-checked first: no request escapes with an expired token.
      if (countsApi(url)) record('api');
      else dispatch({ type: 'tick' });
      if (loggedOut()) return new TokenLoggedOutError(session!.reason!);
    },
    done(t, status) {
      if (status === 401 && t === token) dispatch({ type: 'logout', reason: 'revoked' });
    },
  });
  const disposers = [removeTap, ...adapters.map((adapter) => adapter(rt))];
  // Route/draft memory, scheduled logout and the UI: adapters with public methods (memory and schedule).
  const [memoryOff, memoryApi] = memory(rt);
  const [scheduleOff, scheduleApi] = schedule(rt);
  disposers.push(memoryOff, scheduleOff, ui(rt));

  options.timeoutFrom?.().then(
    (value) => {
      policy = policyFromServer(value, options);
      dispatch({ type: 'policy', policy });
    },
  ).catch((error) => rt.fail('timeout-from', error));

  current();
  let holds = 0;
  return {
    ...memoryApi,
    ...scheduleApi,
    get state() {
      return current() ? (dispatch({ type: 'tick' }), session!.state) : 'logged-out';
    },
    remainingMs: () => (current() ? (dispatch({ type: 'tick' }), remainingMs(session!, now())) : 0),
    extend: () => rt.activity('extend'),
    hold(reason) {
      const id = `${reason}#${++holds}`;
      dispatch({ type: 'hold', id });
      // The release belongs to the session the hold was taken in; a later token starts without it.
      return () => dispatch({ type: 'release', id });
    },
    logout: () => (current(), dispatch({ type: 'logout', reason: 'manual' })),
    on: emitter.on,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      disarm();
      disposers.forEach((dispose) => dispose?.());
      watchers.clear();
      emitter.clear();
    },
  };
}
