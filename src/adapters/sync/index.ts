import type { Runtime } from '../../types/runtime';

/** What the adapter shares with the transport chunk. */
export interface SyncState {
  /** All that is known of the token's activity (never the provisional `last` a session starts with); -Infinity while nothing is. */
  known: number;
  /**
   * Whether this tab acts for the token (`rt.acts`): the leader election's answer. Undefined until a tab is
   * elected: then it acts (a second revoke is harmless, a missing one is not).
   */
  lead?: boolean;
}

/**
 * Tab sync (`sync`, default on): one idle clock per token across the origin's tabs. The transport
 * (broadcast-channel, idb-keyval) is a lazily loaded chunk.
 */
export function tabSync(rt: Runtime): (() => void) | void {
  // No IndexedDB at all: not a browser (SSR, test DOMs), nothing to sync with. (An opaque origin may throw here.)
  try {
    if (rt.options.sync === false || typeof indexedDB != 'object') return;
  } catch {
    return;
  }
  const st: SyncState = { known: -Infinity };
  rt.acts = () => st.lead ?? true;
  // From the start, before the chunk loads: this tab's own activity is known, its start time is not.
  const off = rt.onChange((s, prev, e) => {
    if (!e) st.known = -Infinity;
    else if (s && prev && s.last > prev.last && s.last > st.known) st.known = s.last;
  });
  let stop: (() => void) | false | undefined;
  import('./transport').then(
    (m) => stop !== false && (stop = m.startSync(rt, st)),
    (error) => rt.fail('sync', error),
  );
  return () => {
    off();
    if (stop) stop();
    stop = false;
  };
}
