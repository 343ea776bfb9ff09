import { checkHeartbeat, HELLO, STATE } from '../core/frame-protocol';
import { remainingMs } from '../core/session';
import type { Feature } from '../types/runtime';

/** Is `source` the parent window or one of its ancestors? Window identity compares fine across origins. */
function isAncestor(source: MessageEventSource | null): boolean {
  for (let w: Window = window; source && w !== w.parent; ) if ((w = w.parent) === source) return true;
  return false;
}

/**
 * Embedded client side (`heartbeat`): an allowed host page's heartbeats count as activity, and the
 * client's state goes back to that host. Rejected messages never throw and never count.
 */
export const start: Feature = (rt) => {
  const hb = rt.options.heartbeat;
  if (!hb || typeof window === 'undefined' || window.parent === window) return;
  const allowed = hb.allowedOrigins;
  const reported: Record<string, number> = {};
  // The last accepted heartbeat's sender: state goes back there, to its origin only.
  let host: MessageEvent | undefined;

  const onMessage = (e: MessageEvent) => {
    // A host that just connected asks for the state: answered, but the asking is not the person's activity.
    const hello = (e.data as { type?: unknown } | null)?.type === HELLO;
    const reason = checkHeartbeat(e.origin, isAncestor(e.source), e.data, allowed, hello ? HELLO : undefined);
    const now = rt.now();
    if (!reason) {
      host = e;
      // A frame in the background may run its timers late: the token and the state are re-checked first.
      if (hello) (told = ''), rt.refresh(), rt.dispatch({ type: 'tick' }), report();
      else if (rt.options.activity?.heartbeat !== false) rt.refresh(), rt.record('heartbeat');
    } else if (hb.onReject && !(now - reported[reason] < 1e4)) {
      reported[reason] = now;
      try {
        hb.onReject(reason, e.origin);
      } catch {
        // a debug hook must not break message handling
      }
    }
  };

  const post = (state: string, remainingMs = 0) => {
    const msg = { type: STATE, v: 1, state, remainingMs };
    // Before any heartbeat: to the parent once per allowed origin; the browser delivers only the one that matches.
    if (host) (host.source as Window).postMessage(msg, host.origin);
    else allowed.forEach((origin) => parent.postMessage(msg, origin));
  };

  // What the host was told last: a state and the deadline it implies. The host hears again when either changes (the
  // deadline by over a second), not only on a new state: the policy `timeoutFrom` answers after the start (10 s
  // provisional, then 60 s), heartbeats, other tabs and the server move the deadline within one state.
  let told = '';
  let toldEnd = 0;
  const report = () => {
    const s = rt.session();
    const state = s ? s.state : 'logged-out';
    const left = s ? remainingMs(s, rt.now()) : 0;
    const end = left && rt.now() + left;
    if (state !== told || Math.abs(end - toldEnd) > 1000) post((told = state), left), (toldEnd = end);
  };

  addEventListener('message', onMessage);
  // The host hears the state at once, not only on the next change (it may have connected before we started).
  if (rt.session()) report();
  const offs = [
    rt.onChange(report),
    () => removeEventListener('message', onMessage),
  ];
  return { stop: () => offs.forEach((off) => off()) };
};
